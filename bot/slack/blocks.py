"""Replies as Slack payloads: Block Kit from the templates in bot/templates/slack/, with
the plain-text rendering as the `text` fallback (notifications, screen readers).

A reply whose template has no Slack version is shown as its plain-text rendering in
mrkdwn sections. Everything the user or the data supplied is escaped (see mrkdwn.py): the
Slack templates use the `mrkdwn` filter, and the plain-text rendering is escaped whole.
"""

import json
from functools import cache
from typing import Any

from bot.render import compile_templates, environment, more, render
from bot.slack.mrkdwn import escape
from handlers.types import Choice, Reply
from handlers.updates import Updatable

SECTION_LIMIT = 3000  # characters of text in one section block
BLOCK_LIMIT = 50  # blocks in one message
TEXT_LIMIT = 4000  # characters of a message's `text` that Slack shows in full
# Slack's limits on buttons: per actions block, and characters of a label and a value.
BUTTONS_PER_BLOCK = 25
LABEL_LIMIT = 75
VALUE_LIMIT = 2000
CHOICE_ACTION = "choice_"  # then the choice's number: action ids are unique in a block
# The update modal's block ids: the field names post_update gives its errors under.
MODAL_FIELDS = ("priority", "rag", "text")


def fallback_text(reply: Reply) -> str:
    text = escape(render(reply, surface="text").strip())
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def text_sections(text: str) -> list[dict[str, Any]]:
    """Already-escaped text as mrkdwn sections, split at line ends to fit Slack's limit."""
    sections: list[str] = []
    for line in text.splitlines() or [""]:
        if sections and len(sections[-1]) + len(line) + 1 <= SECTION_LIMIT:
            sections[-1] += "\n" + line
        else:
            sections.append(line[:SECTION_LIMIT])
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": chunk or " "}} for chunk in sections
    ]


def _slack_json(reply: Reply) -> Any:
    """The reply's Slack template, rendered and parsed."""
    environment().filters.setdefault("mrkdwn", escape)
    return json.loads(render(reply, surface="slack"))


def compile_slack_templates() -> None:
    """The Slack templates compiled before the first message (see compile_templates)."""
    environment().filters.setdefault("mrkdwn", escape)
    compile_templates("slack")


@cache
def _slack_templates() -> frozenset[str]:
    """The replies with a Slack template, listed once: looking for a missing one on disk
    for every answer cost more than rendering it."""
    names = environment().list_templates(filter_func=lambda name: name.startswith("slack/"))
    return frozenset(name.removeprefix("slack/").removesuffix(".j2") for name in names)


def message_payload(reply: Reply) -> dict[str, Any]:
    """`text` and `blocks` for chat.postMessage, chat.postEphemeral and chat.update."""
    text = fallback_text(reply)
    shown = _slack_json(reply) if reply.template in _slack_templates() else text_sections(text)
    buttons = choice_buttons(reply.choices)
    # The buttons are the answer to a question back: trim what is shown, never them.
    return {"text": text, "blocks": within_block_limit(shown, BLOCK_LIMIT - len(buttons)) + buttons}


def choice_buttons(choices: list[Choice]) -> list[dict[str, Any]]:
    """A button per choice, its value the words to answer when it is pressed. A choice
    whose words would not fit a button's value is left to the numbered list."""
    buttons = [
        {
            "type": "button",
            "action_id": f"{CHOICE_ACTION}{number}",
            "text": {"type": "plain_text", "text": _cut(choice.label, LABEL_LIMIT)},
            "value": choice.text,
        }
        for number, choice in enumerate(choices, 1)
        if 0 < len(choice.text) <= VALUE_LIMIT
    ]
    return [
        {
            "type": "actions",
            "block_id": f"choices_{start // BUTTONS_PER_BLOCK + 1}",
            "elements": buttons[start : start + BUTTONS_PER_BLOCK],
        }
        for start in range(0, len(buttons), BUTTONS_PER_BLOCK)
    ]


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def within_block_limit(
    blocks: list[dict[str, Any]], limit: int = BLOCK_LIMIT
) -> list[dict[str, Any]]:
    """At most `limit` blocks, the last saying how many more there were."""
    if len(blocks) <= limit:
        return blocks
    hidden = len(blocks) - limit + 1
    said = {"type": "context", "elements": [{"type": "mrkdwn", "text": f"… and {more(hidden)}"}]}
    return [*blocks[: limit - 1], said]


def apology(reference: str) -> dict[str, Any]:
    text = f"Sorry, something went wrong on my side. If it happens again, quote {reference}."
    return {"text": text, "blocks": text_sections(text)}


def home_view(reply: Reply) -> dict[str, Any]:
    """The App Home tab (views.publish)."""
    return dict(_slack_json(reply))


def acted_upon(original: dict[str, Any], outcome: Reply) -> dict[str, Any]:
    """The reminder again, its buttons replaced by what was done, by whom and when."""
    kept = [block for block in original.get("blocks", []) if block.get("type") != "actions"]
    text = fallback_text(outcome)
    said = {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:SECTION_LIMIT]}]}
    return {"text": text, "blocks": [*kept, said]}


def update_modal(priorities: list[Updatable], *, text: str) -> dict[str, Any]:
    """The progress-update form, its picker limited to the given priorities."""
    labels = [{"id": p.id, "label": f"{p.name} ({p.partnership})"} for p in priorities]
    reply = Reply(
        intent="update_form", template="update_modal", data={"priorities": labels, "text": text}
    )
    return dict(_slack_json(reply))


def update_fields(view: dict[str, Any]) -> dict[str, str | None]:
    """What the person chose and wrote in the update modal."""
    values = view.get("state", {}).get("values", {})

    def value(block_id: str) -> str | None:
        element: dict[str, Any] = next(iter(values.get(block_id, {}).values()), {})
        selected = element.get("selected_option") or {}
        return selected.get("value") or element.get("value")

    return {field: value(field) for field in MODAL_FIELDS}


def modal_errors(errors: dict[str, str]) -> dict[str, str]:
    """post_update's field errors, keyed by the modal's block ids (anything else is shown
    under the text box)."""
    shown: dict[str, str] = {}
    for field, message in errors.items():
        block = field if field in MODAL_FIELDS else "text"
        shown[block] = f"{shown[block]} {message}" if block in shown else message
    return shown


def update_done_view(reply: Reply) -> dict[str, Any]:
    """The modal after a submission: what was stored (or why not), with a Close button."""
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Progress update"},
        "close": {"type": "plain_text", "text": "Close"},
        "blocks": text_sections(fallback_text(reply)),
    }
