"""Replies to words: one Jinja2 environment, templates per surface under
bot/templates/<surface>/<template>.j2 (text here; Slack and Teams add theirs)."""

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from handlers.types import Reply

TEMPLATES = Path(__file__).parent / "templates"
RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green"}


def rag_label(rag: str | None) -> str:
    return RAG_WORDS.get(rag or "", "")


def list_words(items: list[Any]) -> str:
    """["a", "b", "c"] -> "a, b and c"."""
    words = [str(i) for i in items]
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


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


def render(reply: Reply, *, surface: str = "text") -> str:
    template = environment().get_template(f"{surface}/{reply.template}.j2")
    text = template.render(**reply.data).strip()
    if surface == "text" and reply.choices:
        # Whatever the reply, its choices are listed the same way, numbered: the terminal
        # takes a number as a choice, and Slack and Teams show these words beside buttons.
        listed = environment().get_template("text/_choices.j2").render(choices=reply.choices)
        text = f"{text}\n{listed.strip()}"
    return text
