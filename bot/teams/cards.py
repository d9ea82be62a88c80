"""Replies as Adaptive Cards, rendered from the Jinja2 templates in bot/templates/teams/.

A reply whose template has a Teams version (a reminder with its buttons, the update form)
is rendered from it; any other reply is rendered as plain text and shown in a text card.
Every piece of text from people or from the data file is escaped first, so a progress
update cannot turn into a link, a heading or an @mention in someone else's chat.
"""

import json
import re
from pathlib import Path
from typing import Any

from bot.render import render
from handlers.types import Choice, Reply

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "teams"
SURFACE = "teams"
TEXT_CARD = "text"
CHOICE_VERB = "choice"  # a choice's button: its data's `text` is answered as if typed
CHOICES_PER_SET = 6  # buttons in a row; Teams folds more into a menu

# Adaptive Card TextBlocks read a subset of Markdown; a backslash makes these characters
# literal. `<` and `>` are escaped too, so `<at>…</at>` can never become a mention.
_MARKDOWN = re.compile(r"([\\`*_\[\]~<>])")
_LINE_START = re.compile(r"^(\s*)([-+#=])", re.MULTILINE)
_NUMBERED = re.compile(r"^(\s*\d+)\.", re.MULTILINE)


def escape(text: str) -> str:
    """User or data text made literal for a TextBlock."""
    text = _MARKDOWN.sub(r"\\\1", text)
    return _NUMBERED.sub(r"\1\\.", _LINE_START.sub(r"\1\\\2", text))


def escape_data(value: Any) -> Any:
    """Every string inside `value` escaped (dict keys and non-strings left as they are)."""
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, dict):
        return {key: escape_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [escape_data(item) for item in value]
    return value


def has_card(template: str) -> bool:
    return (TEMPLATES / f"{template}.j2").is_file()


def card_for(reply: Reply, **extra: Any) -> dict[str, Any]:
    """The Adaptive Card for a reply. `extra` is raw (unescaped) data for form inputs,
    which show text as typed rather than as Markdown."""
    if has_card(reply.template):
        data = {**escape_data(reply.data), "raw": extra}
        card = _card(Reply(reply.intent, reply.template, data))
    else:
        card = text_card(render(reply, surface="text"))
    if reply.choices:
        card.setdefault("body", []).extend(choice_buttons(reply.choices))
    return card


def choice_buttons(choices: list[Choice]) -> list[dict[str, Any]]:
    """An Action.Execute per choice, in rows: pressing one asks the choice's words. Button
    titles are plain text, so they need no escaping."""
    buttons = [
        {
            "type": "Action.Execute",
            "title": choice.label,
            "verb": CHOICE_VERB,
            "data": {"text": choice.text},
        }
        for choice in choices
    ]
    return [
        {"type": "ActionSet", "actions": buttons[start : start + CHOICES_PER_SET]}
        for start in range(0, len(buttons), CHOICES_PER_SET)
    ]


def text_card(text: str, *, title: str | None = None) -> dict[str, Any]:
    """Plain text (already rendered) in a card, one TextBlock per line."""
    lines = [escape(line) for line in text.strip().splitlines()]
    data = {"title": escape(title) if title else None, "lines": lines}
    return _card(Reply("text", TEXT_CARD, data))


def _card(reply: Reply) -> dict[str, Any]:
    card: dict[str, Any] = json.loads(render(reply, surface=SURFACE))
    return card
