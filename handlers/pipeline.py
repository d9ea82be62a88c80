"""The one road every message takes: parse, resolve names, check who may, handle.

Slack, Teams and the terminal all call `respond`; it never raises. An unexpected error
is logged with its traceback and answered with an apology and a reference to find it by,
never with the exception's text.
"""

import logging
import uuid
from collections.abc import Callable

from handlers import (
    deadlines,
    help,
    leads,
    membership,
    mine,
    overview,
    permissions,
    priorities,
    reminder_messages,
    updates,
)
from handlers.context import Ask, unclear_partnership
from handlers.parsing import parse
from handlers.snapshot import snapshot
from handlers.types import Message, Reply
from store.db import Store

log = logging.getLogger(__name__)

HANDLERS: dict[str, Callable[[Ask], Reply]] = {
    "help": help.answer,
    "too_long": help.too_long,
    "thanks": help.thanks,
    "priorities": priorities.answer,
    "lead": leads.answer,
    "deadlines": deadlines.answer_window,
    "deadline_of": deadlines.answer_next,
    "overdue": deadlines.answer_overdue,
    "my_deadlines": deadlines.answer_mine,
    "my_priorities": mine.answer,
    "overview": overview.answer,
    "membership": membership.answer_members,
    "structure": membership.answer_structure,
    "glossary": overview.answer_glossary,
    "what_is": overview.what_is,
    "bare": overview.what_is,
    "updates": updates.answer_read,
    "post_update": updates.answer_post,
    "done": reminder_messages.answer_done,
    "snooze": reminder_messages.answer_snooze,
}


def respond(store: Store, message: Message) -> Reply:
    try:
        return _respond(store, message)
    except Exception:
        reference = uuid.uuid4().hex[:8]
        log.exception("could not answer a message (reference %s)", reference)
        return Reply(intent="error", template="error", data={"reference": reference})


def _respond(store: Store, message: Message) -> Reply:
    person_id = message.sender.person_id
    with store.session() as session:
        data = snapshot(store, session)
        parsed = parse(message.text, data.mentions)
        refused = permissions.refused_to_guest(parsed.intent, person_id=person_id)
        if refused:
            return Reply(intent=parsed.intent, template="guest", data={"asked": refused})
        mine = permissions.partnerships_of(data, person_id=person_id)
        ask = Ask(store, session, message, parsed, data, tuple(mine))
        return unclear_partnership(ask) or HANDLERS[parsed.intent](ask)
