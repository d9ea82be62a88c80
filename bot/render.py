"""Replies to words: one Jinja2 environment, templates per surface under
bot/templates/<surface>/<template>.j2 (text here; Slack and Teams add theirs)."""

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from handlers.types import SEVERAL, Reply

TEMPLATES = Path(__file__).parent / "templates"
RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green"}
# How much of a reply any surface shows: its text rendering (the terminal's reply, Slack's
# sections and fallback, a Teams text card, one TextBlock a line, under its ~28 KB) keeps
# its first lines within these and says how many more there are. Slack's own templates
# are held to its 50 blocks in bot/slack/blocks.py.
REPLY_CHARS = 12_000
REPLY_LINES = 150
LIST_WORDS = 20  # names listed in one sentence ("a, b, c and 12 more")


def rag_label(rag: str | None) -> str:
    return RAG_WORDS.get(rag or "", "")


def list_words(items: list[Any]) -> str:
    """["a", "b", "c"] -> "a, b and c"; beyond LIST_WORDS, "a, b, ... and 12 more"."""
    words = [str(i) for i in items]
    if len(words) > LIST_WORDS:
        words = [*words[: LIST_WORDS - 1], more(len(words) - LIST_WORDS + 1)]
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def more(count: int) -> str:
    return f"{count:,} more"


def fit(text: str, *, chars: int = REPLY_CHARS, lines: int = REPLY_LINES) -> str:
    """The text, or as many of its first lines as fit in `chars` and `lines` (a longer
    line cut short) and a last line saying how many more there are."""
    all_lines = text.splitlines()
    if len(text) <= chars and len(all_lines) <= lines:
        return text
    room = chars - 40  # for the last line
    kept: list[str] = []
    for line in all_lines[: lines - 1]:
        if len(line) > room:
            line = line[: room - 1] + "…"
        if sum(len(k) + 1 for k in kept) + len(line) > room:
            break
        kept.append(line)
    hidden = len(all_lines) - len(kept)
    return "\n".join([*kept, f"… and {more(hidden)} line{'s' if hidden != 1 else ''}"])


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


@cache
def environment() -> Environment:
    """The one environment every surface renders with; adapters may add filters to it."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        undefined=StrictUndefined,
        autoescape=False,  # each surface escapes for itself (Slack mrkdwn, card JSON)
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        # Templates ship inside the package and change only with it: no stat() per render.
        auto_reload=False,
    )
    env.filters["rag"] = rag_label
    env.filters["list_words"] = list_words
    env.globals["plural"] = plural
    return env


def compile_templates(surface: str) -> None:
    """Compile a surface's templates now, not in the first answer that needs each one (a
    few milliseconds each, most of a first answer's time): `cspbot serve` does so as it
    starts. Its filters must be in the environment already."""
    env = environment()
    for name in env.list_templates(filter_func=lambda name: name.startswith(f"{surface}/")):
        env.get_template(name)


def _template(reply: Reply, surface: str) -> str:
    template = environment().get_template(f"{surface}/{reply.template}.j2")
    return template.render(**reply.data).strip()


def render(reply: Reply, *, surface: str = "text") -> str:
    """The reply for a surface; its text rendering held to REPLY_CHARS and REPLY_LINES."""
    if reply.template == SEVERAL:
        # Each question's answer as it would be on its own, one after the other (any
        # choices are the whole reply's, listed once below).
        parts = [_template(part, "text") for part in reply.parts]
        text = "\n\n".join(p for p in parts if p)
    else:
        text = _template(reply, surface)
    if surface != "text":
        return text
    text = fit(text)
    if reply.choices:
        # Whatever the reply, its choices are listed the same way, numbered: the terminal
        # takes a number as a choice, and Slack and Teams show these words beside buttons.
        listed = environment().get_template("text/_choices.j2").render(choices=reply.choices)
        text = f"{text}\n{listed.strip()}"
    return text
