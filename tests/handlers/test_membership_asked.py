"""Which bodies sit on a partnership, all of them or only those on it by choice or by law:
phrasings of our own, on the test data with a body added that is on the board by choice."""

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


@pytest.fixture
def with_volunteers(store: Store, tmp_path: Path) -> Store:
    data = fictional_data()
    data["organisations"].append({"id": "ws-trust", "name": "Westshire Housing Trust"})
    data["partnerships"][0]["other_bodies"] = ["ws-trust"]
    import_changed(store, tmp_path, data, at=AT)
    return store


def _text(store: Store, question: str) -> str:
    return render(respond(store, Message(text=question, sender=GUEST, at=AT)))


@pytest.mark.parametrize(
    "question",
    [
        "which bodies are on the WSB voluntarily",
        "who sits on the westshire board on a voluntary basis?",
        "non-statutory members of the shire board",
    ],
)
def test_the_bodies_on_it_by_choice(with_volunteers: Store, question: str) -> None:
    text = _text(with_volunteers, question)
    assert "Westshire Housing Trust" in text, text
    assert "Westshire Constabulary" not in text  # a responsible authority


def test_the_bodies_on_it_by_law(with_volunteers: Store) -> None:
    text = _text(with_volunteers, "what are the statutory members of the WSB")
    assert "Westshire Constabulary" in text and "Westshire Housing Trust" not in text


def test_all_the_bodies_on_it(with_volunteers: Store) -> None:
    text = _text(with_volunteers, "which bodies are on the WSB")
    assert "Westshire Constabulary" in text and "Westshire Housing Trust" in text
