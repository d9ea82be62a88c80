"""Posting progress updates: who may, what is stored (author, time, RAG, platform, audit),
field errors for the Slack and Teams forms, and the pickers' list."""

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from handlers.pipeline import respond
from handlers.types import Identity, Message
from handlers.updates import post_update, updatable_priorities
from store.datafile import import_file
from store.db import Store
from store.tables import AuditEntry, ProgressUpdate
from tests.scenarios.conftest import FICTIONAL_PATH

AT = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


@pytest.fixture
def loaded(store: Store) -> Store:
    import_file(store, FICTIONAL_PATH, at=AT)
    return store


def person(person_id: str | None, platform: str = "slack") -> Identity:
    return Identity(platform=platform, user_id="U1", person_id=person_id)


def stored(store: Store) -> list[ProgressUpdate]:
    with store.session() as session:
        return list(session.exec(select(ProgressUpdate).where(ProgressUpdate.posted == AT)))


def test_the_lead_posts_and_everything_is_recorded(loaded: Store) -> None:
    reply = post_update(
        loaded,
        actor=person("rv-retail-lead"),
        priority_id="rcsp-retail-crime",
        rag="Amber",
        text="  Patrols   extended ",
        at=AT,
    )
    assert reply.template == "update_posted"
    assert reply.data["partnership"]["name"] == "Riverford Community Safety Partnership"
    [update] = stored(loaded)
    assert (update.author_id, update.rag, update.text, update.source) == (
        "rv-retail-lead",
        "amber",
        "Patrols extended",
        "slack",
    )
    assert update.partnership_id == "riverford"
    with loaded.session() as session:
        audit = session.exec(
            select(AuditEntry).where(
                AuditEntry.entity == "progressupdate", AuditEntry.entity_id == str(update.id)
            )
        ).one()
    assert audit.actor == "rv-retail-lead" and audit.after is not None


@pytest.mark.parametrize("actor", ["rv-officer", "rv-manager"])
def test_admins_and_the_coordinator_may_post(loaded: Store, actor: str) -> None:
    reply = post_update(
        loaded,
        actor=person(actor, "teams"),
        priority_id="rcsp-youth-violence",
        rag=None,
        text="Schools programme started",
        at=AT,
    )
    assert reply.template == "update_posted"
    assert [u.source for u in stored(loaded)] == ["teams"]


@pytest.mark.parametrize("actor", ["rv-member", "ws-coordinator", "outsider", None])
def test_anyone_else_is_refused_and_nothing_is_stored(loaded: Store, actor: str | None) -> None:
    reply = post_update(
        loaded,
        actor=person(actor),
        priority_id="rcsp-retail-crime",
        rag="red",
        text="Not mine to post",
        at=AT,
    )
    assert reply.template == "update_refused"
    assert stored(loaded) == []


def test_bad_input_gives_field_errors_and_stores_nothing(loaded: Store) -> None:
    reply = post_update(
        loaded,
        actor=person("rv-manager"),
        priority_id="no-such-priority",
        rag="purple",
        text="   ",
        at=AT,
    )
    assert set(reply.data["errors"]) == {"priority", "rag", "text"}
    long = post_update(
        loaded,
        actor=person("rv-manager"),
        priority_id="rcsp-retail-crime",
        rag=None,
        text="x" * 2001,
        at=AT,
    )
    assert set(long.data["errors"]) == {"text"}
    assert stored(loaded) == []


def test_updatable_priorities_for_pickers(loaded: Store) -> None:
    lead = updatable_priorities(loaded, person_id="rv-retail-lead")
    admin = updatable_priorities(loaded, person_id="rv-officer")
    assert [(u.id, u.partnership) for u in lead] == [
        ("rcsp-retail-crime", "Riverford Community Safety Partnership")
    ]
    assert {u.id for u in admin} == {"rcsp-retail-crime", "rcsp-youth-violence", "rcsp-fly-grazing"}
    assert updatable_priorities(loaded, person_id="rv-member") == []


@pytest.mark.parametrize(
    ("text", "rag", "body"),
    [
        ("update shoplifting amber: patrols up in the centre", "amber", "patrols up in the centre"),
        (
            "shoplifting update - green - patrols up in the centre",
            "green",
            "patrols up in the centre",
        ),
        ("Retail crime update: patrols up in the centre", None, "patrols up in the centre"),
        ("update retail crime [red]: two stores hit", "red", "two stores hit"),
    ],
)
def test_update_messages(loaded: Store, text: str, rag: str | None, body: str) -> None:
    reply = respond(loaded, Message(text=text, sender=person("rv-retail-lead"), at=AT))
    assert reply.template == "update_posted", reply
    [update] = stored(loaded)
    assert (update.priority_id, update.rag, update.text) == ("rcsp-retail-crime", rag, body)
