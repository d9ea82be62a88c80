"""Name matching: names, aliases, acronyms and misspellings match; near misses are only
suggestions, never answers."""

import pytest

from handlers.entities import NamedThing, NameIndex, acronym, normalise

THINGS = [
    NamedThing(
        "partnership", "city", ("Nottingham Community Safety Partnership", "NCSP", "the city")
    ),
    NamedThing("partnership", "shire", ("Westshire Safer Board", "the county")),
    NamedThing("priority", "city-asb", ("Anti-Social Behaviour",), "city", "priority"),
    NamedThing(
        "priority", "city-sv", ("Serious Violence", "knife crime", "violence"), "city", "priority"
    ),
    NamedThing("priority", "shire-sv", ("Serious Violence",), "shire", "priority"),
    NamedThing(
        "priority", "shire-vawg", ("Violence Against Women and Girls",), "shire", "cross_cutting"
    ),
    NamedThing(
        "priority", "shire-da", ("Domestic Abuse and Sexual Violence",), "shire", "priority"
    ),
    NamedThing("milestone", "city-scrutiny", ("Crime and disorder scrutiny",), "city", "scrutiny"),
    NamedThing(
        "milestone",
        "city-sv-return",
        ("City plan submitted",),
        "city",
        "statutory_return",
        "city-sv",
    ),
    NamedThing("organisation", "vrp", ("Violence Reduction Partnership", "VRP")),
    NamedThing(
        "milestone",
        "shire-vrp-end",
        ("Violence Reduction Partnership funding ends",),
        "shire",
        "funding_end",
    ),
    NamedThing("glossary", "MARAC", ("MARAC",), detail="Multi-Agency Risk Assessment Conference"),
]


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return NameIndex(THINGS)


def ids(found: list) -> list[str]:
    return sorted(f.thing.id for f in found)


def test_normalise_and_acronyms() -> None:
    assert (
        normalise("  Ashfield\u2019s  Anti-Social & Behaviour!")
        == "ashfield anti social and behaviour"
    )
    assert acronym("Anti-Social Behaviour") == "asb"
    assert acronym("Violence Against Women and Girls") == "vawg"
    assert acronym("Serious") is None


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("ASB", ["city-asb"]),
        ("anti social behaviour", ["city-asb"]),
        ("antisocial behavour", ["city-asb"]),  # close overall: a misspelling
        ("knife crime", ["city-sv"]),
        ("vawg", ["shire-vawg"]),
        ("violence against women", ["shire-vawg"]),
        ("serious violence", ["city-sv", "shire-sv"]),
        ("serious violense", ["city-sv", "shire-sv"]),
        ("domestic abuse", ["shire-da"]),
        ("the serious violence priority", ["city-sv", "shire-sv"]),
        ("youth violence", []),
        ("underwater basket weaving", []),
    ],
)
def test_priorities_by_name_alias_acronym_and_spelling(
    index: NameIndex, words: str, expected: list[str]
) -> None:
    assert ids(index.find(words, kinds=["priority"], whole=True)) == expected


def test_a_partnership_scope_picks_its_own_priority(index: NameIndex) -> None:
    found = index.find(
        "serious violence", kinds=["priority"], partnership_ids=["shire"], whole=True
    )
    assert ids(found) == ["shire-sv"]


def test_suggestions_for_the_unknown(index: NameIndex) -> None:
    names = [t.names[0] for t in index.suggest("youth violence", kinds=["priority"])]
    assert "Serious Violence" in names
    assert index.suggest("zzzz qqqq", kinds=["priority"]) == []


def test_glossary_terms_match_in_any_case_and_with_a_slip(index: NameIndex) -> None:
    assert ids(index.find("marac", kinds=["glossary"], whole=True)) == ["MARAC"]
    assert ids(index.find("maracc", kinds=["glossary"], whole=True)) == ["MARAC"]


def test_a_name_outside_the_scope_does_not_hide_a_weaker_match_inside_it() -> None:
    # "rural crime" is one partnership's alias; the partnership asked about has "Rural and
    # Wildlife Crime", its words in order with others between.
    index = NameIndex(
        [
            NamedThing("priority", "district-rural", ("Rural and Heritage Crime", "rural crime"),
                       "district", "priority"),
            NamedThing("priority", "county-rural", ("Rural and Wildlife Crime",), "county",
                       "priority"),
        ]
    )  # fmt: skip
    found = index.find("rural crime", kinds=["priority"], partnership_ids=["county"], whole=True)
    assert [f.thing.id for f in found] == ["county-rural"]
    assert found[0].score < 100  # not as sure as a name: one of several would be asked


def test_words_in_order_are_not_a_match_for_a_name_mostly_of_other_words() -> None:
    index = NameIndex(
        [NamedThing("glossary", "YJB", ("YJB", "Youth Justice Board for England and Wales"))]
    )
    assert index.find("youth board", kinds=["glossary"], whole=True) == []
