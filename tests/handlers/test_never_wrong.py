"""Never the wrong entity: when the words name something only in part, or something the
data does not have, the bot says it does not know (with the nearest names) or asks,
rather than answering about a thing that merely shares a word. Phrasings of our own, on
the test data."""

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


def _ask(store: Store, text: str) -> Reply:
    return respond(store, Message(text=text, sender=GUEST, at=AT))


@pytest.fixture
def fictional(store: Store) -> Store:
    import_file(store, FICTIONAL_PATH, at=AT)
    return store


@pytest.mark.parametrize(
    "text",
    [
        # The Department for Transport has a return, not meetings; the board meets.
        "when does the department for transport meet",
        # There is a road safety return, and no road safety strategy.
        "when is the road safety strategy due",
        "when is the youth violence strategy due",
    ],
)
def test_a_when_question_is_not_answered_with_a_milestone_lacking_what_it_asks(
    fictional: Store, text: str
) -> None:
    reply = _ask(fictional, text)
    assert reply.unanswered
    assert reply.template == "not_found"


def test_two_when_questions_at_once_are_each_answered(fictional: Store) -> None:
    text = render(
        _ask(fictional, "when is the scrutiny and when does the safer streets money run out")
    )
    assert "3 March 2027" in text and "31 March 2027" in text


@pytest.mark.parametrize(
    ("text", "nearest"),
    [
        # "rage" is no slip for "rag" (a RAG rating): "road rage" is not Road Safety.
        ("who leads on road rage", "Road Safety"),
        # "youth" is in Youth Violence's name, but youth work is another thing.
        ("who leads on youth work", "Youth Violence"),
        # One letter more makes another acronym: the RSPB is not the RSP.
        ("what is RSPB", "RSP"),
    ],
)
def test_a_name_sharing_a_word_or_letters_is_offered_not_answered(
    fictional: Store, text: str, nearest: str
) -> None:
    reply = _ask(fictional, text)
    assert reply.unanswered
    assert nearest in render(reply)  # offered as the nearest name


def test_the_plural_of_a_names_word_is_not_corrected_to_another_word() -> None:
    from handlers.entities import NamedThing, NameIndex
    from handlers.mentions import MentionIndex

    names = NameIndex([NamedThing("priority", "bikes", ("Off-Road Bikes",), "city")])
    assert MentionIndex(names, []).spell(["bike"]) == ["bike"]


def test_and_inside_one_description_is_not_two_questions(store: Store, tmp_path: Path) -> None:
    # "crime and disorder" describes one committee: another crime milestone and another
    # committee's meeting are not answers too.
    data = fictional_data()
    data["partnerships"][1]["milestones"] += [
        {"id": "cd-joint", "title": "Joint Crime and Disorder Committee", "kind": "scrutiny",
         "due": "2027-01-26T18:00"},
        {"id": "crime-survey", "title": "Joint crime survey", "kind": "consultation",
         "due": "2027-02-01"},
    ]  # fmt: skip
    import_changed(store, tmp_path, data, at=AT)
    text = render(_ask(store, "when's the joint crime and disorder committee"))
    assert "26 January 2027" in text
    assert "1 February 2027" not in text and "3 March 2027" not in text


def test_two_things_in_one_when_question_are_each_answered(fictional: Store) -> None:
    text = render(
        _ask(fictional, "when are the safer streets funding end and the road casualty return due")
    )
    assert "31 March 2027" in text and "10 December 2026" in text


def test_a_guest_asking_about_a_name_another_partnership_has_within_a_name_is_asked(
    store: Store, tmp_path: Path
) -> None:
    # "school exclusions": Riverford's alias; the board's "School Attendance and
    # Exclusion" holds the words too (in the singular). Whose is for the guest to say.
    data = fictional_data()
    data["partnerships"][1]["priorities"].append(
        {"id": "rcsp-exclusion", "name": "Exclusion from School",
         "aliases": ["school exclusions"], "kind": "risk_driver", "plan": "rcsp-plan-2025-28"}
    )  # fmt: skip
    data["partnerships"][0]["priorities"].append(
        {"id": "wsb-attendance", "name": "School Attendance and School Exclusion",
         "kind": "risk_driver", "plan": "wsb-agreement-2025-28"}
    )  # fmt: skip
    import_changed(store, tmp_path, data, at=AT)
    reply = _ask(store, "tell me about school exclusions")
    labels = [c["label"] for c in reply.data.get("choices", [])]
    assert any("Exclusion from School" in label for label in labels)
    assert any("School Attendance" in label for label in labels)


@pytest.mark.parametrize(
    ("typed", "meant"), [("stnd", "stand"), ("finsh", "finish"), ("dealine", "deadline")]
)
def test_a_word_typed_with_letters_left_out_is_the_word_they_were_left_out_of(
    typed: str, meant: str
) -> None:
    from handlers.vocabulary import correct

    assert correct(typed) == meant


def test_each_and_grp_are_filler_and_shorthand_not_names(fictional: Store) -> None:
    # "each" named nothing, so no milestone could have it; "grp" is "group".
    text = render(_ask(fictional, "when did the board and the scrutiny each last meet"))
    assert "don't know" not in text
    from handlers.vocabulary import expand

    assert expand(["the", "nte", "grp"]) == ["the", "nte", "group"]


def test_kids_are_children_as_shorthand(store: Store, tmp_path: Path) -> None:
    # "kids" is how people say "children"; a name says "children".
    data = fictional_data()
    data["partnerships"][1]["priorities"].append(
        {"id": "rcsp-children-online", "name": "Children Online", "kind": "priority",
         "plan": "rcsp-plan-2025-28", "lead": "rv-officer"}
    )  # fmt: skip
    import_changed(store, tmp_path, data, at=AT)
    text = render(_ask(store, "who's the lead for kids online in riverford"))
    assert "leads on Children Online for Riverford" in text, text
    from handlers.vocabulary import expand

    assert expand(["a", "kid", "or", "kids"]) == ["a", "child", "or", "children"]


def test_a_word_of_the_partnerships_name_still_says_which_of_its_milestones(
    store: Store, tmp_path: Path
) -> None:
    # "board" names the Westshire Safer Board and says which approval: the board's.
    data = fictional_data()
    data["partnerships"][0]["milestones"] += [
        {"id": "wsb-approved", "title": "Agreement approved by the Board", "kind": "other",
         "due": "2025-02-10"},
        {"id": "wsb-cabinet", "title": "Agreement endorsed by Cabinet", "kind": "other",
         "due": "2025-03-12"},
    ]  # fmt: skip
    import_changed(store, tmp_path, data, at=AT)
    text = render(_ask(store, "when did the westshire safer board approve the agreement"))
    assert "10 February 2025" in text
    assert "12 March 2025" not in text


def test_a_thing_of_a_place_is_looked_for_in_the_partnership_covering_it(
    store: Store, tmp_path: Path
) -> None:
    # "Eastby" names the Eastby group (its area); the market is a priority of the
    # partnership of "Riverford and Eastby", whose area holds Eastby.
    data = fictional_data()
    joint = {
        "id": "re", "name": "Riverford and Eastby Partnership", "area": "Riverford and Eastby",
        "coordinator": "rv-manager", "members": ["rv-manager"],
        "plans": [{"id": "re-plan", "title": "Joint Plan 2025-2028", "starts": "2025-04-01",
                   "ends": "2028-03-31"}],
        "priorities": [{"id": "re-market", "name": "Eastby Market", "kind": "focus",
                        "plan": "re-plan", "lead": "rv-retail-lead"}],
        "milestones": [{"id": "re-grant", "title": "Market wardens funding ends",
                        "kind": "funding_end", "due": "2027-01-31"}],
    }  # fmt: skip
    group = {"id": "eastby", "name": "Eastby Traders Group", "area": "Eastby", "parent": "re",
             "coordinator": "rv-manager", "members": ["rv-manager"]}  # fmt: skip
    data["partnerships"] += [joint, group]
    import_changed(store, tmp_path, data, at=AT)
    assert "Retail Crime Lead" in render(_ask(store, "who leads on the market in eastby"))
    assert "31 January 2027" in render(_ask(store, "when does the wardens money end in eastby"))


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("hate", None), ("mother", None), ("waht", "what"), ("teh", "the"), ("hwo", None)],
)
def test_a_slip_keeps_the_first_letter_unless_the_first_two_are_swapped(
    typed: str, meant: str | None
) -> None:
    from handlers.vocabulary import correct

    assert correct(typed) == meant


def test_a_name_like_word_is_not_mended_into_a_word_that_only_asks(fictional: Store) -> None:
    # "hate" read as "date" left "crime return", which the youth violence return fits.
    reply = _ask(fictional, "when is the hate crime return due")
    assert reply.unanswered
    assert "27 November" not in render(reply)


def test_two_things_in_one_when_question_whose_words_fit_one_are_both_answered(
    fictional: Store,
) -> None:
    # The scrutiny is a meeting too, so the words as one fit it; the board meeting is the
    # other thing asked about.
    text = render(_ask(fictional, "when are the board meeting and the scrutiny meeting"))
    assert "3 March 2027" in text and "14 January 2027" in text


def test_our_says_whose_not_what(fictional: Store) -> None:
    officer = Identity(platform="slack", user_id="U2", person_id="rv-officer")
    reply = respond(fictional, Message(text="when is our scrutiny", sender=officer, at=AT))
    assert reply.intent == "deadline_of"
    assert "3 March 2027" in render(reply)


def test_our_thing_is_not_answered_with_another_partnerships(fictional: Store) -> None:
    # The road casualty return is the county board's, not Riverford's.
    officer = Identity(platform="slack", user_id="U2", person_id="rv-officer")
    ours = respond(
        fictional, Message(text="when is our casualty return due", sender=officer, at=AT)
    )
    assert ours.unanswered and "10 December 2026" not in render(ours)
    # Not said to be theirs: the nearest is looked for everywhere.
    any_one = respond(
        fictional, Message(text="when is the casualty return due", sender=officer, at=AT)
    )
    assert "10 December 2026" in render(any_one)


def test_how_many_days_till_asks_when(fictional: Store) -> None:
    reply = _ask(fictional, "how many days till the scrutiny, have we got long")
    assert reply.intent == "deadline_of" and "3 March 2027" in render(reply)


def test_a_board_alone_in_one_of_two_when_questions_is_its_next_meeting(
    fictional: Store,
) -> None:
    text = render(_ask(fictional, "when's the next WSB and when's the casualty return due"))
    assert "14 January 2027" in text and "10 December 2026" in text


def test_the_body_a_lead_question_names_says_whose_not_what_is_led(fictional: Store) -> None:
    # "the WFR" is an organisation: road safety is what is led.
    text = render(_ask(fictional, "who leads on road safety at the WFR"))
    assert "Road Safety Lead, Westshire" in text


def test_a_place_the_data_has_no_partnership_for_is_said_so(fictional: Store) -> None:
    officer = Identity(platform="slack", user_id="U2", person_id="rv-officer")
    text = "who leads on youth violence in Eastbury"
    reply = respond(fictional, Message(text=text, sender=officer, at=AT))
    assert reply.unanswered
    assert 'partnership called "eastbury"' in render(reply)
    # A place the data knows is not one of these.
    known = respond(
        fictional, Message(text="who leads on youth violence in Riverford", sender=officer, at=AT)
    )
    assert "Youth Violence Lead" in render(known)


@pytest.fixture
def merged(store: Store, tmp_path: Path) -> Store:
    """A partnership of two places ("Northby and Southby"), one of them also a group's
    whole area, and Riverford with a priority of the same name."""
    data = fictional_data()
    joint = {
        "id": "ns", "name": "Joint Safety Partnership", "area": "Northby and Southby",
        "coordinator": "rv-manager", "members": ["rv-manager", "rv-youth-lead"],
        "plans": [{"id": "ns-plan", "title": "Joint Plan 2025-2028", "starts": "2025-04-01",
                   "ends": "2028-03-31"}],
        "priorities": [{"id": "ns-retail", "name": "Retail Crime", "kind": "priority",
                        "plan": "ns-plan", "lead": "rv-youth-lead"}],
        "milestones": [
            {"id": "ns-north", "title": "Joint Plan endorsed by Northby Council",
             "kind": "council_approval", "due": "2025-03-11"},
            {"id": "ns-south", "title": "Joint Plan endorsed by Southby Council",
             "kind": "council_approval", "due": "2025-03-19"},
        ],
    }  # fmt: skip
    group = {"id": "southby", "name": "Southby Traders Group", "area": "Southby", "parent": "ns",
             "coordinator": "rv-manager", "members": ["rv-manager"]}  # fmt: skip
    data["partnerships"] += [joint, group]
    import_changed(store, tmp_path, data, at=AT)
    return store


def test_one_place_of_a_partnerships_area_names_it(merged: Store) -> None:
    # Riverford's Retail Crime is another partnership's: Northby is the joint one's.
    text = render(_ask(merged, "who leads on retail crime in Northby"))
    assert "Youth Violence Lead" in text and "Retail Crime Lead" not in text


@pytest.mark.parametrize(
    ("place", "day", "other"), [("Northby", "11", "19"), ("Southby", "19", "11")]
)
def test_a_place_named_says_which_of_a_partnerships_milestones(
    merged: Store, place: str, day: str, other: str
) -> None:
    text = render(_ask(merged, f"when did {place} endorse the joint plan"))
    assert f"{day} March 2025" in text and f"{other} March 2025" not in text


def test_a_boards_own_groups_priorities_are_its_but_not_a_district_partnerships(
    store: Store, tmp_path: Path
) -> None:
    # Riverford's partnership sits under the Westshire board, for a place of its own:
    # its Retail Crime is not the board's. The board's own delivery group's is.
    data = fictional_data()
    group = {
        "id": "ws-rural", "name": "Westshire Farm Watch Group", "area": "Westshire",
        "parent": "westshire", "coordinator": "ws-coordinator", "members": ["ws-coordinator"],
        "plans": [{"id": "fw-plan", "title": "Farm Watch Plan", "starts": "2025-04-01",
                   "ends": "2028-03-31"}],
        "priorities": [{"id": "fw-quads", "name": "Quad Bike Theft", "kind": "priority",
                        "plan": "fw-plan", "lead": "ws-roads-lead"}],
    }  # fmt: skip
    data["partnerships"].append(group)
    import_changed(store, tmp_path, data, at=AT)
    assert "Road Safety Lead" in render(_ask(store, "who leads on quad bike theft for the WSB"))
    reply = _ask(store, "who leads on retail crime for the WSB")
    assert reply.unanswered and "Retail Crime Lead" not in render(reply)


def test_a_window_of_whole_months_is_not_given_dates_that_could_be_read_as_a_deadline(
    fictional: Store,
) -> None:
    # "(1 February 2027 to 28 February 2027)" repeats the month and puts in the answer a
    # date nothing is due on.
    text = render(_ask(fictional, "what's due in February 2027 for Riverford"))
    assert "in February 2027" in text and "28 February 2027" not in text
    assert "(21 November 2026 to 21 December 2026)" in render(
        _ask(fictional, "what's due in the next 30 days for Riverford")
    )


@pytest.fixture
def shared_words(store: Store, tmp_path: Path) -> Store:
    """Westshire with a rural group of its own sharing words with its priorities and with
    Riverford's: "enforcement" and "heritage theft" each name several things in part."""
    data = fictional_data()
    data["partnerships"][0]["priorities"].append(
        {"id": "wsb-heritage", "name": "Rural and Heritage Theft", "kind": "priority",
         "plan": "wsb-agreement-2025-28"}
    )  # fmt: skip
    data["partnerships"][1]["priorities"].append(
        {"id": "rcsp-licensing", "name": "Licensing and Enforcement", "kind": "priority",
         "plan": "rcsp-plan-2025-28"}
    )  # fmt: skip
    data["partnerships"].append(
        {"id": "ws-rural", "name": "Westshire Rural Group", "area": "Westshire",
         "parent": "westshire", "coordinator": "ws-coordinator", "admins": [],
         "members": [], "responsible_authorities": [],
         "plans": [{"id": "wrg-plan", "title": "Rural Plan", "starts": "2025-04-01",
                    "ends": "2028-03-31"}],
         "priorities": [
             {"id": "wrg-wildlife", "name": "Wildlife Enforcement", "kind": "priority",
              "plan": "wrg-plan"},
             {"id": "wrg-heritage", "name": "Heritage Crime and Metal Theft",
              "kind": "priority", "plan": "wrg-plan"},
         ]}
    )  # fmt: skip
    import_changed(store, tmp_path, data, at=AT)
    return store


def test_one_shared_word_found_only_in_a_sub_board_is_not_the_named_boards(
    shared_words: Store,
) -> None:
    # The board has nothing on enforcement; its rural group's "Wildlife Enforcement"
    # shares the one word with Riverford's "Licensing and Enforcement".
    reply = _ask(shared_words, "who heads up enforcement for the shire?")
    assert reply.template == "not_found"
    names = [s["name"] for s in reply.data["suggestions"]]
    assert "Wildlife Enforcement" in names and "Licensing and Enforcement" in names
    assert 'called "enforcement" for Westshire Safer Board.' in render(reply)


def test_words_naming_the_boards_priority_and_its_groups_in_part_are_asked_about(
    shared_words: Store,
) -> None:
    reply = _ask(shared_words, "who's the lead on heritage theft in westshire")
    assert reply.template == "which_one"
    names = [o["name"] for o in reply.data["options"]]
    assert names == ["Rural and Heritage Theft", "Heritage Crime and Metal Theft"]


def test_words_naming_one_thing_in_part_with_no_other_sharing_them_are_answered(
    shared_words: Store,
) -> None:
    reply = _ask(shared_words, "who leads on wildlife for the rural group")
    assert reply.template == "lead"


def test_a_group_named_with_another_places_name_is_not_that_places_meeting(
    store: Store, tmp_path: Path
) -> None:
    # Riverford has a retail crime group; Westshire has none, so "the Westshire retail
    # crime group" names nothing: not the Westshire board's meeting, nor Riverford's group.
    data = fictional_data()
    data["partnerships"].append(
        {"id": "rv-retail-group", "name": "Riverford Retail Crime Group", "area": "Riverford",
         "parent": "riverford", "coordinator": "rv-retail-lead", "admins": [],
         "members": [], "responsible_authorities": [],
         "milestones": [{"id": "rrg-meeting", "title": "Retail Crime Group meeting",
                         "kind": "board_meeting", "due": "2026-12-02T10:00"}]}
    )  # fmt: skip
    import_changed(store, tmp_path, data, at=AT)
    reply = _ask(store, "when does the Westshire retail crime group meet next?")
    assert reply.template == "not_found"
    assert [s["name"] for s in reply.data["suggestions"]] == ["Riverford Retail Crime Group"]
    assert _ask(store, "when's the riverford retail crime group meeting").template == "deadline_of"


def test_a_place_named_right_before_one_of_its_groups_is_only_the_groups_place(
    store: Store, tmp_path: Path
) -> None:
    # "the borough retail crime group": the group of Riverford, not Riverford's partnership
    # as well, whose own meetings are no answer.
    data = fictional_data()
    data["partnerships"][1]["milestones"].append(
        {"id": "rcsp-board", "title": "Riverford Partnership Board meeting",
         "kind": "board_meeting", "due": "2026-11-25T10:00"}
    )  # fmt: skip
    data["partnerships"].append(
        {"id": "rv-retail-group", "name": "Riverford Retail Crime Group", "area": "Riverford",
         "parent": "riverford", "coordinator": "rv-retail-lead", "admins": [],
         "members": [], "responsible_authorities": [],
         "milestones": [{"id": "rrg-meeting", "title": "Retail Crime Group meeting",
                         "kind": "board_meeting", "due": "2026-12-02T10:00"}]}
    )  # fmt: skip
    import_changed(store, tmp_path, data, at=AT)
    text = render(_ask(store, "when does the borough retail crime group next meet?"))
    assert "2 December 2026" in text
    assert "25 November 2026" not in text


def test_a_group_named_with_the_other_place_of_its_partnership_is_not_known(
    merged: Store,
) -> None:
    # Northby shares the joint partnership with Southby, but the traders group is Southby's.
    reply = _ask(merged, "who chairs the Northby traders group?")
    assert reply.template == "not_found"
    assert [s["name"] for s in reply.data["suggestions"]] == ["Southby Traders Group"]


def test_one_thing_named_twice_is_answered_once(fictional: Store) -> None:
    # "speeding" is Road Safety's alias: one priority, one answer.
    text = render(_ask(fictional, "who leads on road safety and speeding in westshire"))
    assert text.count("leads on Road Safety") == 1, text


@pytest.mark.parametrize(
    "text",
    [
        # "Safer" is the Westshire board's word, none of Riverford's: no such partnership.
        "what are the Safer Riverford Partnership's priorities",
        "who leads on shoplifting for the riverford safer board",
        "when is the next meeting of the Safer Riverford CSP",
    ],
)
def test_a_partnership_named_with_another_partnerships_words_is_not_known(
    fictional: Store, text: str
) -> None:
    reply = _ask(fictional, text)
    assert reply.unanswered
    assert reply.template == "not_found"
    assert reply.data["what"] == "partnership"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        # Words that only say what kind of body it is ("community safety partnership")
        # name no other partnership.
        ("priorities of the westshire community safety partnership", "Road Safety"),
        ("what are the Riverford partnership board's priorities", "Retail Crime"),
        # A name ends with the kind of body: "Safer" after "CSP" is the funding's name.
        ("when does the riverford csp safer streets money end", "31 March 2027"),
    ],
)
def test_a_partnership_named_with_words_any_partnership_has_is_answered(
    fictional: Store, text: str, named: str
) -> None:
    reply = _ask(fictional, text)
    assert not reply.unanswered
    assert named in render(reply)


def _with_priorities(store: Store, tmp_path: Path, *priorities: dict[str, Any]) -> Store:
    data = fictional_data()
    riverford = next(p for p in data["partnerships"] if p["id"] == "riverford")
    riverford["priorities"] += [
        {"kind": "priority", "plan": "rcsp-plan-2025-28", **p} for p in priorities
    ]
    import_changed(store, tmp_path, data, at=AT)
    return store


def test_words_that_are_a_name_beat_the_initials_of_another(store: Store, tmp_path: Path) -> None:
    # "SW" is Street Wardens' alias; it is only the initials of Safer Workplaces.
    _with_priorities(
        store, tmp_path,
        {"id": "rcsp-wardens", "name": "Street Wardens", "aliases": ["SW"], "lead": "rv-member"},
        {"id": "rcsp-work", "name": "Safer Workplaces", "lead": "rv-retail-lead"},
    )  # fmt: skip
    text = render(_ask(store, "who leads on SW for riverford?"))
    assert "Street Wardens" in text and "Safer Workplaces" not in text, text


def test_initials_still_name_a_thing_when_nothing_is_called_so(
    store: Store, tmp_path: Path
) -> None:
    _with_priorities(
        store, tmp_path, {"id": "rcsp-work", "name": "Safer Workplaces", "lead": "rv-retail-lead"}
    )
    text = render(_ask(store, "who leads on SW for riverford?"))
    assert "Safer Workplaces" in text, text


@pytest.fixture
def two_cabinet_members(store: Store, tmp_path: Path) -> Store:
    """A cabinet member for roads on the county board, one for safer roads on Riverford."""
    data = fictional_data()
    data["people"] += [
        {"id": "cm-roads", "name": "Cabinet Member for Roads, Westshire County Council",
         "role": "Cabinet Member for Roads", "organisation": "westshire-cc"},
        {"id": "cm-safer-roads", "name": "Cabinet Member for Safer Roads, Riverford",
         "role": "Cabinet Member for Safer Roads", "organisation": "riverford-bc"},
    ]  # fmt: skip
    data["partnerships"][0]["members"].append("cm-roads")
    data["partnerships"][1]["members"].append("cm-safer-roads")
    import_changed(store, tmp_path, data, at=AT)
    return store


@pytest.mark.parametrize(
    ("text", "meant", "other"),
    [
        # Said in full, small words and all: one role, not the other with the same words.
        ("who is the cabinet member for roads?", "Westshire County Council", "Riverford"),
        ("which board is the Cabinet Member for Roads on", "Westshire Safer Board", "Riverford"),
        ("tell me about the cabinet member for safer roads", "Riverford", "Westshire County"),
    ],
)
def test_a_role_said_in_full_is_that_role_not_one_with_more_words(
    two_cabinet_members: Store, text: str, meant: str, other: str
) -> None:
    reply = _ask(two_cabinet_members, text)
    shown = render(reply)
    assert not reply.unanswered and meant in shown and other not in shown, shown


def test_a_role_said_in_part_is_asked_about(two_cabinet_members: Store) -> None:
    reply = _ask(two_cabinet_members, "who is the cabinet member?")
    assert len(reply.choices) == 2


def test_what_someone_named_by_a_role_several_hold_leads_on_is_asked_about(
    two_cabinet_members: Store,
) -> None:
    reply = _ask(two_cabinet_members, "what does the cabinet member lead on")
    assert len(reply.choices) == 2, render(reply)


@pytest.mark.parametrize(
    "text",
    ["what does the community safety officer lead on?", "what's the Retail Crime Lead leading"],
)
def test_what_someone_named_by_their_role_leads_on_is_who_they_are(
    fictional: Store, text: str
) -> None:
    reply = _ask(fictional, text)
    assert not reply.unanswered and reply.template in ("overview_person", "lead"), render(reply)


def test_words_every_name_has_name_no_one_asked_what_they_lead(fictional: Store) -> None:
    # "community safety" is in the Community Safety Manager's name, but says no role.
    reply = _ask(fictional, "who leads on community safety?")
    assert reply.unanswered and reply.template == "not_found"


def test_a_partnership_named_by_words_several_names_share_is_asked_about(
    store: Store, tmp_path: Path
) -> None:
    data = fictional_data()
    for place in ("Millbrook", "Dunford"):
        data["partnerships"].append(
            {"id": place.lower(), "name": f"Safer {place} Partnership", "area": place,
             "coordinator": "ws-coordinator", "admins": [], "members": [],
             "responsible_authorities": [], "milestones": []}
        )  # fmt: skip
    import_changed(store, tmp_path, data, at=AT)
    reply = _ask(store, "tell me about the safer partnership")
    labels = " ".join(choice.label for choice in reply.choices)
    assert "Safer Millbrook" in labels and "Safer Dunford" in labels, render(reply)
