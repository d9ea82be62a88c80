"""'done X' and 'snooze X for a week' by message, through the reminders' own actions."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from bot.render import render
from handlers.pipeline import respond
from handlers.reminder_messages import snooze_length
from handlers.types import Identity, Message
from store.datafile import import_file
from store.db import Store
from store.tables import OccurrenceState
from tests.scenarios.conftest import FICTIONAL_PATH, LOADED

AT = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)  # a Saturday


@pytest.fixture
def loaded(store: Store) -> Store:
    import_file(store, FICTIONAL_PATH, at=LOADED)
    return store


def say(store: Store, text: str, person_id: str | None) -> str:
    sender = Identity(platform="terminal", user_id="", person_id=person_id)
    return respond(store, Message(text=text, sender=sender, at=AT)).template


def states(store: Store) -> list[OccurrenceState]:
    with store.session() as session:
        return list(session.exec(select(OccurrenceState)))


def test_done_marks_the_overdue_occurrence_first(loaded: Store) -> None:
    assert say(loaded, "done strategic assessment", "rv-officer") == "occurrence_done"
    [state] = states(loaded)
    assert (state.milestone_id, state.occurrence, state.status) == (
        "rcsp-strategic-assessment",
        date(2025, 12, 5),
        "done",
    )


def test_done_on_fresh_data_marks_the_next_occurrence(store: Store) -> None:
    """Last year's occurrence was already history when the file was loaded."""
    import_file(store, FICTIONAL_PATH, at=AT)
    assert say(store, "done strategic assessment", "rv-officer") == "occurrence_done"
    [state] = states(store)
    assert (state.occurrence, state.status) == (date(2026, 12, 5), "done")


def test_done_said_twice_says_it_is_done_and_marks_nothing_more(store: Store) -> None:
    import_file(store, FICTIONAL_PATH, at=AT)
    sender = Identity(platform="terminal", user_id="", person_id="rv-officer")
    message = Message(text="done strategic assessment", sender=sender, at=AT)
    first, second = respond(store, message), respond(store, message)
    assert render(first).startswith("Marked done: Strategic Assessment")
    assert "for 5 December 2026" in render(first)
    assert render(second) == "Strategic Assessment for 5 December 2026 is already marked done."
    assert [(s.occurrence, s.status) for s in states(store)] == [(date(2026, 12, 5), "done")]


def test_snooze_until_monday(loaded: Store) -> None:
    assert say(loaded, "snooze YV return until Monday", "rv-youth-lead") == "occurrence_snoozed"
    [state] = states(loaded)
    assert state.snoozed_until is not None
    assert state.snoozed_until.date() == date(2026, 11, 23)


def test_guests_and_others_change_nothing(loaded: Store) -> None:
    assert say(loaded, "done strategic assessment", None) == "guest"
    assert say(loaded, "done strategic assessment", "outsider") == "occurrence_refused"
    assert say(loaded, "done trampolining", "rv-officer") == "not_found"
    assert say(loaded, "snooze scrutiny for a blue moon", "rv-manager") == "snooze_unclear"
    assert states(loaded) == []


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("for a week", (7, None)),
        ("for 3 days", (3, None)),
        ("for a fortnight", (14, None)),
        ("until Monday", (0, date(2026, 11, 23))),
        ("till tomorrow", (0, date(2026, 11, 22))),
        ("until 5 December", (0, date(2026, 12, 5))),
        ("until next week", (0, date(2026, 11, 23))),
        ("", (1, None)),
        ("for ages", None),
    ],
)
def test_snooze_lengths(words: str, expected: tuple[int, date | None] | None) -> None:
    assert snooze_length(words, today=date(2026, 11, 21)) == expected
