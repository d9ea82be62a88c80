"""The choices a question back offers: each one the person's own question, reworded to
name one thing, so that picking it (a button, a number) asks it as if typed."""

import re
from typing import Any

from handlers.entities import normalise
from handlers.types import Choice

# A word as people type it, with its possessive ("Ashfield's") kept on.
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
# Trailing punctuation that stays at the end when words are added ("... for X?").
_END = re.compile(r"[\s?!.]*$")


def naming(text: str | tuple[str, ...], words: str, name: str) -> str:
    """`text` with the run of words that normalises to `words` replaced by `name`; just
    `name` when the words cannot be found in it (a question about the thing itself).
    Given several texts (as typed, then as understood, spelling corrected), the first
    that holds the words is reworded."""
    for one in (text,) if isinstance(text, str) else text:
        reworded = _renamed(one, words.split(), name)
        if reworded is not None:
            return reworded
    return name


def _renamed(text: str, wanted: list[str], name: str) -> str | None:
    if not wanted:
        return None
    spans = [(m.start(), m.end(), normalise(m.group())) for m in _WORD.finditer(text)]
    # "Ashfield's" normalises to one word, "&" to "and": compare word by word.
    tokens = [(start, end, word) for start, end, w in spans for word in w.split()]
    for first in range(len(tokens) - len(wanted) + 1):
        run = tokens[first : first + len(wanted)]
        if [word for _s, _e, word in run] == wanted:
            return f"{text[: run[0][0]]}{name}{text[run[-1][1] :]}".strip()
    return None


def adding(text: str, words: str) -> str:
    """`text` with `words` added before its closing punctuation."""
    end = _END.search(text)
    cut = end.start() if end else len(text)
    return f"{text[:cut]} {words}{text[cut:].strip()}"


def as_data(choices: list[Choice]) -> list[dict[str, str]]:
    return [choice.as_data() for choice in choices]


def of_things(
    text: str | tuple[str, ...], words: str, options: list[dict[str, Any]]
) -> list[Choice]:
    """One choice per thing (a `thing_view`), naming its partnership too when the things
    are in several, so the reworded question can only mean that one."""
    several = len({o["partnership"] for o in options}) > 1
    offered = []
    for option in options:
        name, partnership = option["name"], option["partnership"]
        label = f"{name} ({partnership})" if partnership else name
        named = f"{name} in {partnership}" if several and partnership else name
        offered.append(Choice(label, naming(text, words, named)))
    return offered
