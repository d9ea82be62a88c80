"""Every message the bot could not answer is kept (on SQLite and PostgreSQL), with the
partnership when known and the sender only when the data file knows them; keeping it can
never cost the answer; old ones are forgotten; near-duplicates group together."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from handlers.pipeline import respond
from handlers.types import Identity, Message
from handlers.unanswered import group_unanswered
from store.datafile import import_file
from store.db import Store
from store.tables import UnansweredMessage
from store.unanswered import forget_unanswered, keep_unanswered, unanswered_since
from tests.scenarios.conftest import FICTIONAL_PATH

AT = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
GUEST = Identity(platform="slack", user_id="U0GUEST")
LEAD = Identity(platform="teams", user_id="aad-1", person_id="rv-youth-lead")


def _ask(store: Store, words: str, sender: Identity = GUEST, **extra: str) -> None:
    respond(store, Message(text=words, sender=sender, at=AT, **extra))


def _kept(store: Store) -> list[UnansweredMessage]:
    with store.session() as session:
        return list(session.exec(select(UnansweredMessage).order_by(col(UnansweredMessage.id))))


def test_unanswered_messages_are_kept_and_answered_ones_are_not(store: Store) -> None:
    import_file(store, FICTIONAL_PATH, at=AT)
    _ask(store, "who leads on youth violence in Riverford?")  # answered
    _ask(store, "flibble wibble")  # not understood
    _ask(store, "who leads on unicorns in Riverford?", LEAD)  # unknown name
    _ask(store, "who leads on unicorns?", channel="C1", partnership_id="westshire")
    _ask(store, "priorities")  # a question back: which partnership?
    rows = _kept(store)
    assert [(r.text, r.reply) for r in rows] == [
        ("flibble wibble", "not_understood"),
        ("who leads on unicorns in Riverford?", "not_found"),
        ("who leads on unicorns?", "not_found"),
        ("priorities", "which_partnership"),
    ]
    assert all(r.at == AT for r in rows)
    assert [r.platform for r in rows] == ["slack", "teams", "slack", "slack"]
    # The partnership named in the words, else the channel's; none when neither.
    assert [r.partnership_id for r in rows] == [None, "riverford", "westshire", None]
    # A person from the data file is kept by their id; a platform user id never is.
    assert [r.person_id for r in rows] == [None, "rv-youth-lead", None, None]


def test_a_failure_to_keep_never_loses_the_answer(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    import_file(store, FICTIONAL_PATH, at=AT)
    with store.transaction() as session:
        session.connection().execute(text("DROP TABLE unansweredmessage"))
    with caplog.at_level(logging.ERROR):
        reply = respond(store, Message(text="who leads on unicorns?", sender=GUEST, at=AT))
    assert reply.template == "not_found" and reply.data["words"] == "unicorns"
    assert "could not keep an unanswered message" in caplog.text


def test_old_messages_are_forgotten_and_the_rest_read_back_in_order(store: Store) -> None:
    for days, words in ((200, "very old"), (10, "recent"), (1, "newest")):
        keep_unanswered(
            store, text=words, at=AT - timedelta(days=days), platform="cli", reply="not_found"
        )
    assert forget_unanswered(store, before=AT - timedelta(days=180)) == 1
    with store.session() as session:
        assert [r.text for r in unanswered_since(session, since=None)] == ["recent", "newest"]
        since = AT - timedelta(days=5)
        assert [r.text for r in unanswered_since(session, since=since)] == ["newest"]


def _message(
    words: str, hours: int, platform: str = "slack", partnership: str | None = None
) -> UnansweredMessage:
    return UnansweredMessage(
        at=AT + timedelta(hours=hours),
        platform=platform,
        text=words,
        reply="not_found",
        partnership_id=partnership,
    )


def test_near_duplicates_group_together_most_frequent_first() -> None:
    groups = group_unanswered(
        [
            _message("What does CDP stand for?", 3, "teams", "riverford"),
            _message("when does the grant run out", 1),
            _message("what does  cdp stand for", 2, "slack", "westshire"),
            _message("What does CDP stand for??", 5, "terminal"),
            _message("When does the grant run out?", 4),
            _message("whta does CDP stand for", 6),
        ]
    )
    assert [(g.count, g.example) for g in groups] == [
        (4, "whta does CDP stand for"),
        (2, "When does the grant run out?"),
    ]
    cdp = groups[0]
    assert (cdp.first, cdp.last) == (AT + timedelta(hours=2), AT + timedelta(hours=6))
    assert cdp.platforms == ["slack", "teams", "terminal"]
    assert cdp.partnerships == ["riverford", "westshire"]


def test_different_questions_stay_apart() -> None:
    groups = group_unanswered(
        [
            _message("who leads on unicorns", 1),
            _message("when is the dragon census due", 2),
            _message("tell me about the council", 3),
            _message("tell me about Nottingham City Council", 4),
            _message("Who leads on unicorns in Riverford?", 5),
        ]
    )
    assert [(g.count, g.example) for g in groups] == [
        (2, "Who leads on unicorns in Riverford?"),
        (1, "tell me about Nottingham City Council"),
        (1, "tell me about the council"),
        (1, "when is the dragon census due"),
    ]
