"""Which partnership's and which plan's priorities the words ask for: a partnership named
by words inside its name, and the plan of a year that has priorities recorded."""

from datetime import UTC, datetime

import pytest

from bot.render import render
from handlers.pipeline import respond
from handlers.priorities import kinds_asked
from handlers.types import Identity, Message
from store.datafile import DEMO_PATH, import_file
from store.db import Store
from tests.scenarios.conftest import FICTIONAL_PATH

AT = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
GUEST = Identity(platform="slack", user_id="U1")


def _text(store: Store, question: str) -> str:
    return render(respond(store, Message(text=question, sender=GUEST, at=AT)))


def test_words_inside_one_partnerships_name_name_it(store: Store) -> None:
    import_file(store, DEMO_PATH, at=AT)
    assert "Integrated Offender Management" in _text(store, "the reoffending board's priorities")
    # "crime" is in the Crime and Drugs Partnership's name, but that is no board.
    assert "I don't know a partnership" in _text(store, "what are the crime board's priorities")


def test_a_year_gets_the_plan_running_then_with_priorities_recorded(store: Store) -> None:
    # 2025/26: the 2024-2027 strategy lists them; the 2023-2026 one, superseded, none.
    import_file(store, DEMO_PATH, at=AT)
    text = _text(store, "ncsp priorities for 2025/26")
    assert "Strategy 2024-2027" in text and "Slavery and Exploitation" in text
    assert "CDP 2021/22" in _text(store, "what were the city's priorities in 2023/24")


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("what is the county focusing on", ("priority", "focus")),
        ("what does the city focus on", ("priority", "focus")),
        ("what are the city's priorities", ("priority",)),
        ("city areas of focus", ("focus",)),
        # What is given more focus than the rest is an area of focus.
        ("what got additional focus in the county", ("focus",)),
        ("issues given greater focus, city", ("focus",)),
    ],
)
def test_what_a_partnership_focuses_on_is_its_priorities_and_its_areas_of_focus(
    text: str, kinds: tuple[str, ...]
) -> None:
    assert kinds_asked(text) == kinds


def test_a_plan_named_by_its_words_is_its_partnerships_and_that_plan(store: Store) -> None:
    # The test data: only the county board's plan is an "agreement"; the town's a plan.
    import_file(store, FICTIONAL_PATH, at=AT)
    text = _text(store, "which cross cutting themes are in the community safety agreement?")
    assert "Westshire Safer Board" in text and "Rural Crime" in text, text
    assert "I answered for" not in text
    assert "Rural Crime" in _text(store, "the safety agreement's themes")
