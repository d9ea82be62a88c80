"""Questions in officers' own words about structure, membership, plans and dates: phrasings
of our own, asked through the whole pipeline on the fictional test data."""

from datetime import UTC, datetime

import pytest

from bot.render import render
from handlers.pipeline import respond
from handlers.types import Identity, Message, Reply
from store.datafile import import_file
from store.db import Store
from tests.scenarios.conftest import FICTIONAL_PATH

AT = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
GUEST = Identity(platform="slack", user_id="U1")
OFFICER = Identity(platform="slack", user_id="U2", person_id="rv-officer")


def _ask(store: Store, text: str, sender: Identity = GUEST) -> Reply:
    return respond(store, Message(text=text, sender=sender, at=AT))


@pytest.fixture
def fictional(store: Store) -> Store:
    import_file(store, FICTIONAL_PATH, at=AT)
    return store


@pytest.mark.parametrize("text", ["what sits above Riverford?", "whats above the RCSP"])
def test_what_is_above_a_partnership_is_its_parent(fictional: Store, text: str) -> None:
    reply = _ask(fictional, text)
    assert not reply.unanswered
    assert "Westshire Safer Board" in render(reply)


@pytest.mark.parametrize("text", ["which orgs sit on the WSB", "what orgs are part of Westshire"])
def test_orgs_is_short_for_organisations(fictional: Store, text: str) -> None:
    reply = _ask(fictional, text)
    assert not reply.unanswered
    assert "Westshire Fire and Rescue" in render(reply)


def test_who_else_is_on_the_askers_partnership_lists_its_members(fictional: Store) -> None:
    reply = _ask(fictional, "who else sits on my partnership", OFFICER)
    assert not reply.unanswered
    assert "Partnership Member, Riverford" in render(reply)
