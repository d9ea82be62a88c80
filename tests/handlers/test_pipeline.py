"""The pipeline never raises: an unexpected failure is logged with its traceback and
answered with an apology and a reference, never the exception's text."""

import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.render import render
from handlers.home import home_view
from handlers.pipeline import respond
from handlers.types import Identity, Message
from store.datafile import import_file
from store.db import Store, make_engine
from tests.scenarios.conftest import FICTIONAL_PATH

AT = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
GUEST = Identity(platform="slack", user_id="U1")


def test_a_broken_store_gets_an_apology_with_a_reference(
    tmp_path: object, caplog: pytest.LogCaptureFixture
) -> None:
    # A database with no tables: every query fails inside the handlers.
    Path(f"{tmp_path}/empty.db").touch()
    broken = Store(make_engine(f"sqlite:///{tmp_path}/empty.db"))
    with caplog.at_level(logging.ERROR):
        reply = respond(broken, Message(text="who leads on ASB?", sender=GUEST, at=AT))
    text = render(reply)
    assert reply.intent == "error"
    assert reply.data["reference"] in text
    assert "no such table" not in text.lower()
    assert reply.data["reference"] in caplog.text and "Traceback" in caplog.text


def test_home_view_for_a_lead_and_for_a_guest(store: Store) -> None:
    import_file(store, FICTIONAL_PATH, at=AT)
    lead = home_view(store, person_id="rv-youth-lead", at=AT)
    assert [d["milestone_id"] for d in lead.data["my_deadlines"]] == ["rcsp-yv-return"]
    assert [p["id"] for p in lead.data["my_priorities"]] == ["rcsp-youth-violence"]
    assert lead.data["partnership"]["id"] == "riverford"
    assert "Youth violence return" in render(lead)
    guest = home_view(store, person_id=None, at=AT)
    assert guest.data["person"] is None and "help" in render(guest)


def test_who_sits_on_a_partnership_names_its_people_coordinator_first(store: Store) -> None:
    import_file(store, FICTIONAL_PATH, at=datetime(2026, 11, 21, 10, 0, tzinfo=UTC))
    reply = respond(
        store,
        Message(
            text="who sits on Riverford",
            sender=Identity(platform="slack", user_id="U1"),
            at=datetime(2026, 11, 21, 10, 0, tzinfo=UTC),
        ),
    )
    people = render(reply).split("People on it: ")[1]
    assert people.startswith("Community Safety Manager, Riverford;")
    assert "Partnership Member, Riverford" in people
