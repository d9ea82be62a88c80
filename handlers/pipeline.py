"""The one road every message takes: parse, resolve names, check who may, handle.

Slack, Teams and the terminal all call `respond`; it never raises. An unexpected error
is logged with its traceback and answered with an apology and a reference to find it by,
never with the exception's text.
"""

import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import replace

from sqlmodel import Session

from handlers import (
    checkin_questions,
    choices,
    deadlines,
    help,
    membership,
    mine,
    overview,
    permissions,
    priorities,
    reminder_messages,
    updates,
)
from handlers.context import Ask, unclear_partnership, unknown_place
from handlers.parsing import Parsed, parse
from handlers.snapshot import Snapshot, snapshot
from handlers.types import Message, Reply, several
from handlers.unanswered import keep_if_unanswered
from store.db import Store, StoreUnavailable, WouldWait

log = logging.getLogger(__name__)

HANDLERS: dict[str, Callable[[Ask], Reply]] = {
    "help": help.answer,
    "too_long": help.too_long,
    "thanks": help.thanks,
    "priorities": priorities.answer,
    "lead": overview.answer_lead,
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


# "... and when ...", "..., and who ...": a second question begins.
_ANOTHER_QUESTION = re.compile(
    r",?\s+(?:and|also|plus)\s+(?=(?:when|who|what|which|where|how)(?:['\u2019]?s)?\b)", re.I
)
# The kinds of question answered each on its own when a message asks two.
ANSWERED_APART = frozenset(HANDLERS) - {
    "help",
    "too_long",
    "thanks",
    "bare",
    "post_update",
    "done",
    "snooze",
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
    with store.session() as session:
        data = snapshot(store, session)
        questions = _two_questions(message.text, data)
        if questions is not None:
            return several(
                [_answer(store, session, replace(message, text=t), p, data) for t, p in questions]
            )
        return _answer(store, session, message, parse(message.text, data.mentions), data)


def _answer(
    store: Store, session: Session, message: Message, parsed: Parsed, data: Snapshot
) -> Reply:
    person_id = message.sender.person_id
    refused = permissions.refused_to_guest(parsed.intent, person_id=person_id)
    if refused:
        return Reply(intent=parsed.intent, template="guest", data={"asked": refused})
    mine = permissions.partnerships_of(data, person_id=person_id)
    ask = Ask(store, session, message, parsed, data, tuple(mine))
    return unclear_partnership(ask) or unknown_place(ask) or HANDLERS[parsed.intent](ask)


def _two_questions(text: str, data: Snapshot) -> list[tuple[str, Parsed]] | None:
    """A message that asks two questions of different kinds, the second opening with a
    question word after "and" ("who leads on fraud and when was the charter launched"):
    each, parsed on its own. None for one question, or two of a kind (answered together
    already: "when did the board approve it and when did council adopt it")."""
    split = _ANOTHER_QUESTION.search(text)
    if split is None:
        return None
    texts = [text[: split.start()].strip(), text[split.end() :].strip()]
    parsed = [parse(t, data.mentions) for t in texts]
    kinds = {p.intent for p in parsed}
    if len(kinds) < 2 or not kinds <= ANSWERED_APART:
        return None
    named = [m.words for m in parsed[0].partnership_mentions() if not m.own]
    if named and not parsed[1].partnership_mentions():
        # "... for Ashfield and when is its next board?": the second is Ashfield's too.
        texts[1] = choices.adding(texts[1], f"for {' and '.join(named)}")
        parsed[1] = parse(texts[1], data.mentions)
    return list(zip(texts, parsed, strict=True))
