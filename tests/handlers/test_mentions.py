"""Mentions: every thing a message names, anywhere in it, spelt as meant; descriptions
of partnerships resolved against the data; ordinary words never corrected into names."""

import pytest

from handlers.entities import NamedThing, NameIndex, normalise
from handlers.mentions import MentionIndex, upper_words
from store.tables import Partnership

PARTNERSHIPS = [
    Partnership(id="shire", name="Westshire Safer Board", aliases=["WSB"], area="Westshire"),
    Partnership(id="north", name="Northam Community Safety Partnership", parent_id="shire",
                area="Westshire"),
    Partnership(id="south", name="Southam Community Safety Partnership", parent_id="shire"),
    Partnership(id="port", name="Porton City Partnership", area="Porton"),
]  # fmt: skip
THINGS = [
    *(NamedThing("partnership", p.id, (p.name, *p.aliases, *([p.area] if p.area else [])))
      for p in PARTNERSHIPS),
    NamedThing("priority", "north-asb", ("Anti-Social Behaviour",), "north", "priority"),
    NamedThing("priority", "port-hate", ("Hate Crime", "hate incidents"), "port", "priority"),
    NamedThing("organisation", "dc", ("Northam District Council", "the council")),
    NamedThing("glossary", "MARAC", ("MARAC",), detail="Multi-Agency Risk Assessment Conference"),
    NamedThing("milestone", "hope", ("From Harm to Hope published",), "shire", "other"),
    NamedThing("milestone", "nav", ("Hospital navigator funding ends",), "shire", "funding_end"),
]  # fmt: skip


@pytest.fixture(scope="module")
def index() -> MentionIndex:
    return MentionIndex(NameIndex(THINGS), PARTNERSHIPS)


def named(index: MentionIndex, text: str) -> list[tuple[str, list[str]]]:
    tokens = index.spell(normalise(text).split(), upper=upper_words(text))
    found = index.find(tokens, upper=upper_words(text))
    return [(m.words, sorted(t.id for t in m.things) or ["own"]) for m in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("who leads on ASB in Northam?", [("asb", ["north-asb"]), ("northam", ["north"])]),
        ("the city's hate crimes", [("the city", ["port"]), ("hate crimes", ["port-hate"])]),
        ("wsb and the county", [("wsb", ["shire"]), ("the county", ["shire"])]),
        ("MARAC stand for", [("marac", ["MARAC"])]),
        ("our board's priorities", [("our board", ["own"])]),
        ("priorities for Westshire", [("westshire", ["shire"])]),  # the name beats an area
        ("what is the district doing", [("the district", ["north", "south"])]),  # ask which
        ("Nortahm deadlines", [("northam", ["north"])]),  # a misspelt name
    ],
)
def test_mentions(index: MentionIndex, text: str, expected: list) -> None:
    assert named(index, text) == expected


def test_ordinary_words_are_spelt_as_meant_never_as_names(index: MentionIndex) -> None:
    assert index.spell(["wht", "priorites", "dealine", "scrutny"]) == [
        "what",
        "priorities",
        "deadline",
        "scrutiny",
    ]
    assert index.spell(["asb"], upper=frozenset({"asb"})) == ["asb"]  # capitals stay
    assert index.spell(["area"]) == ["area"]  # not "are"


def test_words_of_milestone_titles_are_the_datas_own(index: MentionIndex) -> None:
    assert index.spell(["hope"]) == ["hope"]  # not "home": a milestone's title has it
    assert index.spell(["navigater"]) == ["navigator"]  # a slip for a title's word


def test_the_county_is_the_board_at_the_top_and_a_plural_alias_is_named_in_the_singular() -> None:
    partnerships = [
        Partnership(id="top", name="Valley Safer Board"),
        Partnership(id="town", name="Town Partnership", parent_id="top"),
        Partnership(id="districts", name="Twin Districts CSP", parent_id="top",
                    aliases=["the districts"]),
        Partnership(id="group", name="Market Group", parent_id="town"),
    ]  # fmt: skip
    things = [NamedThing("partnership", p.id, (p.name, *p.aliases)) for p in partnerships]
    index = MentionIndex(NameIndex(things), partnerships)
    assert named(index, "who leads for the county") == [("the county", ["top"])]
    assert named(index, "the district's priorities") == [("the district", ["districts"])]


def test_force_wide_is_the_partnership_called_the_force_board_where_there_is_one() -> None:
    partnerships = [
        Partnership(id="force", name="Valley Safer Board", aliases=["force board"]),
        Partnership(id="town", name="Town Partnership", parent_id="force"),
    ]
    things = [NamedThing("partnership", p.id, (p.name, *p.aliases)) for p in partnerships]
    index = MentionIndex(NameIndex(things), partnerships)
    assert named(index, "who leads on VAWG force-wide") == [("force wide", ["force"])]
    # Where no partnership is called so, the words name none.
    plain = MentionIndex(NameIndex(things[1:]), partnerships[1:])
    assert named(plain, "who leads on VAWG force-wide") == []
