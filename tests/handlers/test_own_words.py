"""Questions in officers' own words about structure, membership, plans and dates: phrasings
of our own, asked through the whole pipeline on the fictional test data."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.render import render
from handlers.pipeline import respond
from handlers.types import Identity, Message, Reply
from store.datafile import import_file
from store.db import Store
from tests.scenarios.conftest import FICTIONAL_PATH
from tests.support.fictional import fictional_data, import_changed

AT = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
GUEST = Identity(platform="slack", user_id="U1")
OFFICER = Identity(platform="slack", user_id="U2", person_id="rv-officer")


def _ask(store: Store, text: str, sender: Identity = GUEST) -> Reply:
    return respond(store, Message(text=text, sender=sender, at=AT))


def _with(store: Store, tmp_path: Path, what: str, *things: dict[str, Any]) -> Store:
    """The fictional data with these things added to Riverford's milestones, priorities
    ... (`what`)."""
    data = fictional_data()
    riverford = next(p for p in data["partnerships"] if p["id"] == "riverford")
    riverford[what] += list(things)
    import_changed(store, tmp_path, data, at=AT)
    return store


def _with_milestones(store: Store, tmp_path: Path, *milestones: dict[str, Any]) -> Store:
    return _with(store, tmp_path, "milestones", *milestones)


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


def _past(ident: str, title: str, due: str) -> dict[str, Any]:
    return {"id": ident, "title": title, "kind": "other", "due": due}


def test_a_fit_titled_with_every_word_asked_is_answered_without_weaker_ones(
    store: Store, tmp_path: Path
) -> None:
    _with_milestones(
        store,
        tmp_path,
        _past("rv-plan-board", "Community Safety Plan approved by the Board", "2025-03-04"),
        _past("rv-plan-council", "Community Safety Plan adopted by Full Council", "2025-04-09"),
    )
    text = render(_ask(store, "when did full council adopt the community safety plan?"))
    assert "9 April 2025" in text and "4 March 2025" not in text
    # Asked in words neither title has, both fit and both are listed.
    text = render(_ask(store, "when was the community safety plan agreed"))
    assert "9 April 2025" in text and "4 March 2025" in text


def test_fits_titled_with_every_word_are_all_listed(store: Store, tmp_path: Path) -> None:
    _with_milestones(
        store,
        tmp_path,
        _past("rv-survey-north", "North ward survey closes", "2027-01-08"),
        _past("rv-survey-south", "South ward survey closes", "2027-02-05"),
        _past("rv-survey-report", "Ward survey results to the Board", "2027-03-01"),
    )
    text = render(_ask(store, "when do the ward surveys close"))
    assert "8 January 2027" in text and "5 February 2027" in text
    assert "1 March 2027" not in text


@pytest.mark.parametrize(
    "text", ["when do the two ward surveys close", "closing dates for the three ward surveys?"]
)
def test_how_many_are_asked_about_says_nothing_of_which(
    store: Store, tmp_path: Path, text: str
) -> None:
    _with_milestones(
        store,
        tmp_path,
        _past("rv-survey-north", "North ward survey closes", "2027-01-08"),
        _past("rv-survey-south", "South ward survey closes", "2027-02-05"),
    )
    reply = render(_ask(store, text))
    assert "8 January 2027" in reply and "5 February 2027" in reply


@pytest.mark.parametrize(
    "text",
    ["who leads on county lines exploitation", "who's the lead for county lines and exploitation?"],
)
def test_a_priority_named_with_its_words_in_another_order_is_answered(
    store: Store, tmp_path: Path, text: str
) -> None:
    priority = {
        "id": "rcsp-exploitation",
        "name": "Exploitation and County Lines",
        "kind": "priority",
        "plan": "rcsp-plan-2025-28",
        "lead": "rv-officer",
    }
    _with(store, tmp_path, "priorities", priority)
    reply = _ask(store, text)
    assert not reply.unanswered
    assert "Community Safety Officer, Riverford" in render(reply)


@pytest.mark.parametrize(
    "text", ["tell me about the westshire agreement", "info on the safety agreement pls"]
)
def test_a_plan_named_by_its_title_gets_its_overview(fictional: Store, text: str) -> None:
    text = render(_ask(fictional, text))
    assert "Westshire Community Safety Agreement 2025-2028" in text
    assert "1 April 2025 to 31 March 2028" in text
    assert "Road Safety" in text


def _ask_on(store: Store, text: str, at: datetime) -> str:
    return render(respond(store, Message(text=text, sender=OFFICER, at=at)))


def test_with_nothing_of_the_askers_soon_their_next_deadline_is_given(fictional: Store) -> None:
    # The officer's strategic assessment fell on 5 December; the next is a year away.
    later = datetime(2026, 12, 10, 10, 0, tzinfo=UTC)
    text = _ask_on(fictional, "have I got anything due soon?", later)
    assert "no deadlines soon" in text and "5 December 2027" in text
    # A window with a set end is answered for that window only.
    text = _ask_on(fictional, "anything due for me next week?", later)
    assert "5 December 2027" not in text


def _with_people(store: Store, tmp_path: Path) -> Store:
    """Two chief executives and two portfolio holders, one each side of the county."""
    data = fictional_data()
    data["people"] += [
        {"id": "rv-ceo", "name": "Chief Executive, Riverford Borough Council"},
        {"id": "ws-ceo", "name": "Chief Executive of Westshire County Council"},
        {"id": "rv-holder", "name": "Portfolio Holder for Safer Neighbourhoods, Riverford"},
        {"id": "ws-holder", "name": "Portfolio Holder for Communities, Westshire"},
    ]
    for partnership in data["partnerships"]:
        side = "rv" if partnership["id"] == "riverford" else "ws"
        partnership["members"] += [f"{side}-ceo", f"{side}-holder"]
    import_changed(store, tmp_path, data, at=AT)
    return store


@pytest.mark.parametrize(
    "text",
    [
        "who is the chief executive?",
        "tell me about the chief exec pls",
        "who's the portfolio holder for community safety",
    ],
)
def test_a_role_several_people_hold_is_asked_back(store: Store, tmp_path: Path, text: str) -> None:
    reply = _ask(_with_people(store, tmp_path), text)
    labels = " ".join(choice.label for choice in reply.choices)
    assert "Riverford" in labels and "Westshire" in labels


def test_a_role_held_once_in_the_partnership_named_is_answered(
    store: Store, tmp_path: Path
) -> None:
    reply = _ask(_with_people(store, tmp_path), "tell me about the chief executive of the RCSP")
    assert not reply.choices
    assert "Chief Executive, Riverford Borough Council" in render(reply)


def _with_northam(store: Store, tmp_path: Path) -> Store:
    """A second partnership with "Safer" in its name."""
    data = fictional_data()
    data["partnerships"].append(
        {"id": "northam", "name": "Safer Northam Partnership", "area": "Northam"}
    )
    import_changed(store, tmp_path, data, at=AT)
    return store


@pytest.mark.parametrize(
    "text", ["anything due for Safer next month?", "deadlines for Safer in March pls"]
)
def test_a_word_of_several_partnerships_names_is_asked_back(
    store: Store, tmp_path: Path, text: str
) -> None:
    reply = _ask(_with_northam(store, tmp_path), text)
    labels = " ".join(choice.label for choice in reply.choices)
    assert "Westshire Safer Board" in labels and "Safer Northam Partnership" in labels


def test_a_word_of_several_names_is_not_asked_back_when_it_is_no_name(
    store: Store, tmp_path: Path
) -> None:
    _with_northam(store, tmp_path)
    # In lower case it is a word of a milestone's title; from an officer, theirs is meant.
    assert not _ask(store, "what's due for safer streets before april?").choices
    assert not _ask(store, "anything due for Safer next month?", OFFICER).choices


@pytest.mark.parametrize(
    ("text", "intent"),
    [("is anything of mine due shortly?", "my_deadlines"), ("whats due shortly", "deadlines")],
)
def test_window_words_are_not_spelt_as_other_words(
    fictional: Store, text: str, intent: str
) -> None:
    # "shortly" is a window, no slip for "short" (as in "what is MARAC short for").
    assert _ask(fictional, text, OFFICER).intent == intent


def test_a_plan_named_in_words_any_plan_has_is_asked_back_with_each(fictional: Store) -> None:
    reply = _ask(fictional, "tell me about the community safety plan")
    labels = " ".join(choice.label for choice in reply.choices)
    assert "Riverford Community Safety Plan" in labels
    assert "Westshire Community Safety Agreement" in labels
    # The asker's own partnership's plan is theirs.
    text = render(_ask(fictional, "tell me about our plan", OFFICER))
    assert text.startswith("Riverford Community Safety Plan 2025-2028 is a plan of")


@pytest.mark.parametrize(
    ("text", "adopted", "other"),
    [
        # "Strategy" with the name the partnership was called by names the strategies;
        # the plan dated for other years is another plan.
        ("when did full council adopt the RCSP strategy", "8 June 2022", "11 June 2025"),
        ("when was RCSP's strategy adopted by full council", "8 June 2022", "11 June 2025"),
    ],
)
def test_a_plan_named_by_the_partnerships_name_and_its_kind_is_that_plan(
    store: Store, tmp_path: Path, text: str, adopted: str, other: str
) -> None:
    data = fictional_data()
    riverford = next(p for p in data["partnerships"] if p["id"] == "riverford")
    riverford["plans"].append(
        {"id": "rcsp-strategy-2022-25",
         "title": "Riverford Community Safety Partnership Strategy 2022-2025",
         "starts": "2022-04-01", "ends": "2025-03-31"}
    )  # fmt: skip
    riverford["milestones"] += [
        {"id": "strategy-council", "title": "Strategy 2022-2025 to Full Council for adoption",
         "kind": "council_approval", "due": "2022-06-08"},
        {"id": "plan-council", "title": "Plan 2025-2028 to Full Council for adoption",
         "kind": "council_approval", "due": "2025-06-11"},
    ]  # fmt: skip
    import_changed(store, tmp_path, data, at=AT)
    shown = render(_ask(store, text))
    assert adopted in shown and other not in shown, shown


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("erm when is the strategic assessment", "5 December 2026"),
        ("hmm who leads on shoplifting", "Retail Crime Lead"),
        ("umm what's the scrutiny date uh", "3 March 2027"),
    ],
)
def test_hesitation_words_are_filler(fictional: Store, text: str, wanted: str) -> None:
    reply = _ask(fictional, text)
    assert not reply.unanswered
    assert wanted in render(reply)


def test_what_falls_on_a_date_is_listed(fictional: Store) -> None:
    reply = _ask(fictional, "which funding ends on 31 March 2027?")
    shown = render(reply)
    assert not reply.unanswered and "Safer Streets funding ends" in shown, shown
