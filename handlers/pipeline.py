"""The one road every message takes: parse, resolve names, check who may, handle.

Slack, Teams and the terminal all call `respond`; it never raises. An unexpected error
is logged with its traceback and answered with an apology and a reference to find it by,
never with the exception's text.
"""

import logging
import uuid
from collections.abc import Callable

from handlers import (
    checkin_questions,
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
from handlers.context import Ask, unclear_partnership, unknown_place
from handlers.parsing import parse
from handlers.snapshot import snapshot
from handlers.types import Message, Reply
from handlers.unanswered import keep_if_unanswered
from store.db import Store, StoreUnavailable, WouldWait

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
    "checkin_open": checkin_questions.answer_open,
    "checkin_missing": checkin_questions.answer_missing,
    "checkin_mine": checkin_questions.answer_mine,
    "draft_report": checkin_questions.answer_report,
}


def respond(store: Store, message: Message) -> Reply:
    try:
        # The database file gone or replaced: answering from what is left would be wrong.
        store.check_identity()
        reply = _respond(store, message)
    except StoreUnavailable:
        # Logged once by the store; each person is told that nothing was kept.
        return Reply(intent="error", template="store_unavailable", data={})
    except WouldWait:
        raise  # nothing was written: the caller answers again where it may wait
    except Exception:
        reference = uuid.uuid4().hex[:8]
        log.exception("could not answer a message (reference %s)", reference)
        return Reply(intent="error", template="error", data={"reference": reference})
    keep_if_unanswered(store, message, reply)
    return reply


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
        return unclear_partnership(ask) or unknown_place(ask) or HANDLERS[parsed.intent](ask)
