"""Milestones found by what the words mean: title, kind, notes, legal basis and the
priority's names, with the thesaurus; a word naming something must be there."""

from datetime import date

import pytest

from handlers.entities import NamedThing, NameIndex
from handlers.meaning import MilestoneSearch
from store.tables import Milestone, Priority

PRIORITIES = {"city-sv": Priority(id="city-sv", partnership_id="city", name="Serious Violence")}
PRIORITIES["city-sv"].aliases = ["SV", "knife crime"]
MILESTONES = [
    Milestone(id="city-scrutiny", partnership_id="city", title="Crime and disorder scrutiny",
              kind="scrutiny", due_date=date(2027, 2, 26)),
    Milestone(id="city-sv-return", partnership_id="city", title="City plan submitted",
              kind="statutory_return", due_date=date(2027, 1, 31), priority_id="city-sv"),
    Milestone(id="shire-vrp-end", partnership_id="shire", kind="funding_end",
              title="Violence Reduction Partnership funding ends", due_date=date(2027, 3, 31)),
    Milestone(id="shire-approval", partnership_id="shire", kind="other",
              title="Strategy signed off by the Board", due_date=date(2025, 3, 4),
              notes="After a six-week consultation.", basis="Crime and Disorder Act 1998"),
]  # fmt: skip
MILESTONES += [
    Milestone(id="shire-sa", partnership_id="shire", kind="strategic_assessment",
              title="Westshire Strategic Assessment", due_date=date(2027, 9, 25)),
    Milestone(id="shire-vawg-na", partnership_id="shire", kind="needs_assessment",
              title="VAWG needs assessment", due_date=date(2027, 5, 7)),
]  # fmt: skip
MILESTONES.append(
    Milestone(id="cdp-start", partnership_id="shire", kind="other", due_date=date(2022, 12, 14),
              title="Combating Drugs Partnership established")
)  # fmt: skip
MILESTONES.append(
    Milestone(id="ccg-close", partnership_id="shire", kind="other", due_date=date(2022, 7, 1),
              title="Clinical Commissioning Groups closed")
)  # fmt: skip
NAMES = NameIndex(
    [
        NamedThing("organisation", "vrp", ("Violence Reduction Partnership", "VRP")),
        # A meaning with an aside: the short name stands for the words before it.
        NamedThing(
            "glossary", "CCG", ("CCG",), detail="Clinical Commissioning Group (closed 2022)"
        ),
    ]
)


@pytest.fixture(scope="module")
def search() -> MilestoneSearch:
    return MilestoneSearch(MILESTONES, PRIORITIES, NAMES)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("scrutiny meeting", ["city-scrutiny"]),
        ("go before scrutiny", ["city-scrutiny"]),  # "before" says nothing of which
        ("SV return", ["city-sv-return"]),  # the priority's alias, the kind's words
        ("knife crime plan", ["city-sv-return"]),
        ("VRP funding", ["shire-vrp-end"]),  # a short name stands for its words
        ("money run out", ["shire-vrp-end"]),  # the thesaurus
        ("money running out", ["shire-vrp-end"]),  # "running" is "run"
        ("board approve strategy", ["shire-approval"]),
        # When a thing is supposed, meant or expected to happen says nothing of which.
        ("scrutiny supposed to meet", ["city-scrutiny"]),
        ("VRP money meant to run out", ["shire-vrp-end"]),
        ("strategy expected to be signed off", ["shire-approval"]),
        ("CCGs close", ["ccg-close"]),
        (
            "drugs partnership set up",
            ["cdp-start"],
        ),  # "set up" means "established"  # a short name's plural, its meaning's aside left out
        ("drugs partnership start", ["cdp-start"]),  # a body starts when it is set up
        ("trampolining", []),
        ("youth funding", []),  # "youth" names something no milestone has
        ("consultation", []),  # only in the notes: mentioned, not what it is about
    ],
)
def test_search_by_meaning(search: MilestoneSearch, words: str, expected: list[str]) -> None:
    assert [m for m, _score in search.search(words, partnership_ids=None)] == expected


def test_search_within_partnerships(search: MilestoneSearch) -> None:
    assert search.search("scrutiny", partnership_ids=["shire"]) == []
    assert [m for m, _s in search.search("scrutiny", partnership_ids=["city"])] == ["city-scrutiny"]


def test_a_short_word_of_the_thesaurus_is_the_phrase_it_abbreviates(
    search: MilestoneSearch,
) -> None:
    # "SA" is "strategic assessment", not any assessment: the needs assessment's title
    # holds a word of the same group, but the strategic assessment is what was asked.
    found = [m for m, _score in search.search("SA", partnership_ids=["shire"])]
    assert found[0] == "shire-sa"


# Another partnership's milestones: things of one kind named by other words.
CITY = [
    Milestone(id="city-cabinet", partnership_id="city", kind="council_approval",
              title="City plan to Cabinet", due_date=date(2027, 2, 2)),
    Milestone(id="city-board", partnership_id="city", kind="board_meeting",
              title="Partnership Board meeting", due_date=date(2027, 1, 12),
              notes="Papers go to the council offices a week before."),
    Milestone(id="city-duty", partnership_id="city", kind="other",
              title="Victim Support Act duty commenced", due_date=date(2021, 10, 1)),
    Milestone(id="city-sharing", partnership_id="city", kind="other",
              title="Hospital data-sharing agreement renewed", due_date=date(2027, 2, 15)),
    Milestone(id="city-kpi", partnership_id="city", kind="statutory_return",
              title="Youth key performance indicators return", due_date=date(2027, 2, 13)),
    Milestone(id="city-accommodation", partnership_id="city", kind="needs_assessment",
              title="Safe accommodation needs assessment", due_date=date(2027, 4, 1)),
    Milestone(id="city-pcc-grant", partnership_id="city", kind="funding_end",
              title="Youth Outreach Team grant ends", due_date=date(2027, 3, 31)),
    Milestone(id="city-cs-review", partnership_id="city", kind="scrutiny",
              title="Overview Committee looks again at the CSA", due_date=date(2027, 6, 1)),
    Milestone(id="city-pastors", partnership_id="city", kind="funding_end",
              title="Street pastors grant ends", due_date=date(2027, 3, 31)),
]  # fmt: skip


@pytest.fixture(scope="module")
def city() -> MilestoneSearch:
    return MilestoneSearch(CITY, {}, NameIndex([]))


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # "cabinet" is in one milestone's title; the board's meeting has a word of its
        # group only in its notes: it is another thing's meeting, not the cabinet's.
        ("cabinet meet", []),
        ("cabinet", ["city-cabinet"]),
        # No milestone is a safe accommodation strategy: its needs assessment is not one.
        ("safe accommodation strategy", []),
        ("safe accommodation", ["city-accommodation"]),
        ("board meeting", ["city-board"]),
        # "up for renewal": to be renewed, or running out.
        ("hospital data sharing agreement up for renewal", ["city-sharing"]),
    ],
)
def test_a_word_another_milestone_has_in_its_title_must_be_there(
    city: MilestoneSearch, words: str, expected: list[str]
) -> None:
    assert [m for m, _score in city.search(words, partnership_ids=None)] == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("YOT grant", ["city-pcc-grant"]),  # "Youth Outreach Team", its initials
        ("YO team funding", ["city-pcc-grant"]),  # its first words' initials
        ("the VS Act duty come in", ["city-duty"]),  # "Victim Support Act"
        ("VS Act duty introduced", ["city-duty"]),  # "introduced": commenced
        ("youth KPI return", ["city-kpi"]),  # "key performance indicators"
        ("committee on the community safety agreement", ["city-cs-review"]),  # "CSA"
        # A title in sentence case: the initials of the name it begins with.
        ("when does the SP grant end", ["city-pastors"]),
    ],
)
def test_initials_in_a_title_are_the_names_they_stand_for(
    city: MilestoneSearch, words: str, expected: list[str]
) -> None:
    assert [m for m, _score in city.search(words, partnership_ids=None)] == expected


def test_initials_that_are_a_word_the_thesaurus_knows_are_not_a_titles_name() -> None:
    # "SA" is a strategic assessment, not the initials of "Safe accommodation".
    milestones = [
        Milestone(id="needs", partnership_id="town", kind="other", due_date=date(2027, 1, 1),
                  title="Safe accommodation needs assessment"),
        Milestone(id="strategic", partnership_id="town", kind="other", due_date=date(2027, 1, 1),
                  title="Town strategic assessment"),
    ]  # fmt: skip
    search = MilestoneSearch(milestones, {}, NameIndex([]))
    assert search.search("when is the SA due", partnership_ids=None)[0][0] == "strategic"


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # A review is not a domestic homicide review; there is none here.
        ("domestic homicide review", []),
        ("licensing review", ["licensing"]),
        # "Strategic" is in the board's name: its meeting is no strategic assessment.
        ("strategic assessment", ["needs"]),
        # A board meeting is not any meeting.
        ("board meeting", ["board"]),
    ],
)
def test_a_milestone_sharing_a_word_of_a_phrase_is_not_the_kind_the_phrase_names(
    words: str, expected: list[str]
) -> None:
    milestones = [
        Milestone(id="licensing", partnership_id="town", kind="other", due_date=date(2027, 1, 1),
                  title="Licensing policy review"),
        Milestone(id="board", partnership_id="town", kind="board_meeting",
                  due_date=date(2027, 1, 1), title="Youth Strategic Board meeting"),
        Milestone(id="needs", partnership_id="town", kind="needs_assessment",
                  due_date=date(2027, 1, 1), title="Youth needs assessment"),
        Milestone(id="panel", partnership_id="town", kind="scrutiny", due_date=date(2027, 1, 1),
                  title="Police and Crime Panel meeting"),
    ]  # fmt: skip
    search = MilestoneSearch(milestones, {}, NameIndex([]))
    assert [m for m, _score in search.search(words, partnership_ids=None)] == expected


def test_one_word_said_alike_answers_one_word_of_the_question() -> None:
    # "approved" is said like "full council" and like "adopt" (one thesaurus group): it
    # makes the board's approval like one of them, not both.
    milestones = [
        Milestone(id="board", partnership_id="town", kind="other", due_date=date(2026, 3, 10),
                  title="Town plan approved by the Board"),
        Milestone(id="council", partnership_id="town", kind="council_approval",
                  due_date=date(2026, 4, 22), title="Town plan adopted by Full Council"),
    ]  # fmt: skip
    search = MilestoneSearch(milestones, {}, NameIndex([]))
    found = search.search("full council adopt the plan", partnership_ids=None)
    assert [m for m, _score in found] == ["council"]


def _council_decisions() -> MilestoneSearch:
    milestones = [
        Milestone(id="to-cabinet", partnership_id="borough", kind="council_approval",
                  due_date=date(2027, 2, 9), title="Revised borough strategy goes to Cabinet"),
        Milestone(id="dppo", partnership_id="borough", kind="council_approval",
                  due_date=date(2027, 5, 12), title="Riverside DPPO extension decision"),
        Milestone(id="by-members", partnership_id="borough", kind="other",
                  due_date=date(2027, 3, 1), title="Delivery plan agreed by members"),
        Milestone(id="mayor", partnership_id="borough", kind="other",
                  due_date=date(2027, 6, 1), title="Mayor's summer fair"),
    ]  # fmt: skip
    return MilestoneSearch(milestones, {}, NameIndex([]))


@pytest.mark.parametrize("words", ["council approval", "approval by council", "council sign off"])
def test_a_council_approval_is_found_by_its_kind_and_a_cabinet_or_decision_title(
    words: str,
) -> None:
    # "Cabinet" in a title is said like "council", and then like "approval" too: as one
    # word it answers one of them, and the kind (a council approval) has the other itself.
    found = [m for m, _score in _council_decisions().search(words, partnership_ids=None)]
    assert {"to-cabinet", "dppo"} <= set(found), found
    assert "mayor" not in found


def test_one_word_alike_in_two_groups_still_answers_one_word() -> None:
    # "agreed" is like "council" (one group) and like "approval" (another): one word of
    # the title answers one of the question's, whichever group is looked at first.
    found = _council_decisions().search("council approval", partnership_ids=None)
    assert "by-members" not in [m for m, _score in found]
