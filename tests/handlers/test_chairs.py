"""Who chairs a partnership: the person of the partnership whose role or name says they
chair it, by its whole name or an alias; a chair of something else sitting on it is not
its chair, and with no chair recorded the bot says so. Phrasings of our own, on the test
data with a few people added."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.render import render
from handlers.pipeline import respond
from handlers.types import Identity, Message
from store.db import Store
from tests.support.fictional import fictional_data, import_changed

AT = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
GUEST = Identity(platform="slack", user_id="U1")


def _ask(store: Store, text: str) -> str:
    return render(respond(store, Message(text=text, sender=GUEST, at=AT)))


@pytest.fixture
def chaired(store: Store, tmp_path: Path) -> Store:
    data = fictional_data()
    data["people"] += [
        {"id": "ws-chair", "name": "Assistant Chief Constable, Westshire Constabulary",
         "role": "Chair of the Westshire Safer Board (Assistant Chief Constable)",
         "organisation": "westshire-police"},
        # Sits on the board, chairs something else whose name starts with an alias.
        {"id": "ws-panel-chair", "name": "Chair, Westshire Roads Panel",
         "organisation": "westshire-cc"},
    ]  # fmt: skip
    data["partnerships"][0]["members"] += ["ws-chair", "ws-panel-chair"]
    # Riverford's member chairs the county board's panel, not Riverford.
    data["partnerships"][1]["members"] += ["ws-panel-chair"]
    import_changed(store, tmp_path, data, at=AT)
    return store


@pytest.mark.parametrize(
    "text", ["who chairs the WSB?", "chair of the shire board pls", "who's chairing Westshire"]
)
def test_the_chair_is_the_person_whose_role_says_so(chaired: Store, text: str) -> None:
    reply = _ask(chaired, text)
    assert "chaired by Assistant Chief Constable" in reply, reply
    assert "Roads Panel" not in reply


def test_a_partnership_with_no_chair_recorded_is_said_to_have_none(chaired: Store) -> None:
    reply = _ask(chaired, "who is the chair of Riverford?")
    assert "I don't know who chairs Riverford Community Safety Partnership" in reply
    assert "Roads Panel" not in reply and "Community Safety Manager" in reply  # coordinator


def test_asked_who_coordinates_the_chair_is_not_added(chaired: Store) -> None:
    reply = _ask(chaired, "who coordinates the WSB")
    assert "chair" not in reply.lower()
