"""Priorities grouped by the qualifier in brackets after their names ("Data and Insight
(South Nottinghamshire SV)") are asked for by the group's name, in the words people use;
words that only name the partnership or a priority never pick a group."""

from datetime import UTC, datetime

from bot.render import render
from handlers.pipeline import respond
from handlers.priorities import kinds_asked
from handlers.priority_groups import named_groups, priority_groups, qualifier
from handlers.types import Identity, Message
from store.datafile import DEMO_PATH, import_file
from store.db import Store
from store.tables import Partnership, Priority

AT = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
GUEST = Identity(platform="slack", user_id="U1")
PARTNERSHIPS = [Partnership(id="shire", name="Westshire Safer Board", aliases=["Westshire"])]


def _priority(pid: str, name: str, aliases: list[str] | None = None) -> Priority:
    return Priority(id=pid, partnership_id="shire", name=name, aliases=aliases or [])


PRIORITIES = [
    _priority("sv", "Serious Violence", ["SV"]),
    _priority("n-data", "Data and Insight (North Westshire SV)"),
    _priority("n-edu", "Education (North Westshire SV)"),
    _priority("e-data", "Data and Insight (Easton and Weston SV)"),
    _priority("e-edu", "Education (Easton and Weston SV)"),
    _priority("old", "Hate Crime (WSB 2021/22)"),
    _priority("lone", "Fraud (Tollbridge SV)"),
]


def _names(text: str) -> list[str]:
    return [g.name for g in named_groups(priority_groups(PRIORITIES, PARTNERSHIPS), text)]


def test_the_qualifier_is_the_last_bracketed_words() -> None:
    assert qualifier("Data and Insight (North Westshire SV)") == "North Westshire SV"
    assert qualifier("Serious Violence") is None


def test_a_group_is_named_by_most_of_its_name_with_a_word_of_its_own() -> None:
    assert _names("north westshire sv priorities") == ["North Westshire SV"]
    assert _names("priorities of the north SV group") == ["North Westshire SV"]
    assert _names("weston sv priorities") == ["Easton and Weston SV"]


def test_words_of_the_partnership_or_a_priority_name_no_group() -> None:
    assert _names("westshire priorities") == []
    assert _names("sv priorities") == []
    assert _names("WSB priorities 2021/22") == []  # only names the partnership and years


def test_one_word_of_a_long_name_is_not_enough() -> None:
    # "easton" is one of the three words of "Easton and Weston SV": it may be the town.
    assert _names("easton priorities") == []


def test_a_lone_qualified_priority_is_no_group() -> None:
    assert _names("tollbridge sv priorities") == []


def test_the_demo_answers_with_a_delivery_groups_own_priorities(store: Store) -> None:
    import_file(store, DEMO_PATH, at=AT)
    reply = respond(store, Message(text="South Notts SV priorities", sender=GUEST, at=AT))
    text = render(reply)
    assert reply.intent == "priorities"
    assert "South Nottinghamshire SV (Safer Nottinghamshire Board)" in text
    assert "Data and Insight" in text and "Fraud" not in text


def test_words_asking_for_areas_of_focus() -> None:
    assert kinds_asked("thematic issues given extra focus") == ("focus",)
    # What a board focuses on: its priorities, and its areas of focus with them.
    assert kinds_asked("what does the RRB focus on") == ("priority", "focus")
