"""Choices offered when words could name several things: each one's label, and the
message rephrased to name it, so that picking it (a button, a number) asks the question
again about exactly that thing."""

from handlers.entities import NamedThing, normalise
from handlers.types import Choice

# The most choices offered at once: more than this and the person is better off naming it.
MOST = 6


def label(thing: NamedThing, partnership: str | None) -> str:
    return f"{thing.names[0]} ({partnership})" if partnership else thing.names[0]


def rephrase(text: str, words: str, name: str, *, partnership: str | None = None) -> str:
    """The message with `words` replaced by `name`; the partnership added when it names
    a partnership the message does not."""
    padded, key = f" {normalise(text)} ", f" {normalise(words)} "
    if key.strip() and key in padded:
        rephrased = padded.replace(key, f" {name} ", 1).strip()
    else:
        rephrased = f"{padded.strip()} {name}".strip()
    if partnership and normalise(partnership) not in normalise(rephrased):
        rephrased = f"{rephrased} for {partnership}"
    return rephrased


def offer(text: str, words: str, things: list[tuple[NamedThing, str | None]]) -> list[dict]:
    """`Reply.data["choices"]` for these (thing, its partnership's name) pairs."""
    return [
        Choice(label(t, p), rephrase(text, words, t.names[0], partnership=p)).as_data()
        for t, p in things[:MOST]
    ]
