"""The example phrasings (handlers/knowledge/intents.yaml) are the classifier's knowledge
and its tests: each one must be understood as its own intent, with its placeholders filled
by real names; and what people really type around them (filler, typos, word order, missing
words) must land on the same intent."""

import pytest

from handlers import knowledge
from handlers.entities import NamedThing, NameIndex
from handlers.intents import classifier, example_features
from handlers.mentions import MentionIndex
from handlers.parsing import parse
from store.tables import Partnership

THINGS = [
    NamedThing(
        "partnership", "city", ("Nottingham Community Safety Partnership", "NCSP", "the city")
    ),
    NamedThing("partnership", "shire", ("Westshire Safer Board", "the county", "WSB")),
    NamedThing("priority", "city-asb", ("Anti-Social Behaviour",), "city", "priority"),
    NamedThing("priority", "city-sv", ("Serious Violence", "knife crime"), "city", "priority"),
    NamedThing("organisation", "police", ("Westshire Police", "police")),
    NamedThing("glossary", "MARAC", ("MARAC",), detail="Multi-Agency Risk Assessment Conference"),
]
PARTNERSHIPS = [
    Partnership(id="city", name="Nottingham Community Safety Partnership"),
    Partnership(id="shire", name="Westshire Safer Board"),
]
# What each placeholder is filled with when an example is asked as a message.
FILL = {
    "partnership": "the county",
    "priority": "knife crime",
    "organisation": "the police",
    "glossary": "MARAC",
    "person": "the coordinator",
    "name": "the strategic assessment",
    "window": "next month",
}
EXAMPLES = [(intent, text) for intent, texts in knowledge.examples().items() for text in texts]


@pytest.fixture(scope="module")
def names() -> MentionIndex:
    return MentionIndex(NameIndex(THINGS), PARTNERSHIPS)


@pytest.mark.parametrize(("intent", "example"), EXAMPLES, ids=[e for _i, e in EXAMPLES])
def test_every_example_is_nearest_to_its_own_intent(intent: str, example: str) -> None:
    assert classifier().classify(example_features(example)).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("ASB lead for the city?", "lead"),
        ("the city's ASB lead", "lead"),
        ("lead for ASB, city", "lead"),
        ("pls who leads on knife crime at the moment, thanks", "lead"),
        ("quick one - wht are the priorites for the county", "priorities"),
        ("MARAC stand for?", "glossary"),
        ("priorities NCSP", "priorities"),
        ("when is the next strategic assesment dealine", "deadline_of"),
        ("when did the board approve the strategy?", "deadline_of"),
        # One thing's date is "when is it"; "dates" may ask for a list.
        ("youth survey date?", "deadline_of"),
        ("the CCTV review date pls", "deadline_of"),
        # "scrutiny" names a milestone here, not the scrutiny report to draft.
        ("scrutiny deadline?", "deadline_of"),
        # "it" stands for the thing named; "then" and an apology say nothing.
        ("MARAC - what is it again?", "what_is"),
        ("who is on the county then", "membership"),
        ("sorry to bother you, when is the strategic assessment", "deadline_of"),
        ("which organisations belong to the county", "membership"),
        ("which deadlines are mine", "my_deadlines"),
        ("anything on my plate", "my_deadlines"),
        ("is anything down to me this month", "my_deadlines"),
        ("the priorities I look after", "my_priorities"),
        ("who sits on the county", "membership"),
        ("which boards report to WSB", "structure"),
        ("thanks", "thanks"),
        ("hello", "help"),
        ("asdfghjkl qwerty", "bare"),
    ],
)
def test_what_people_type_lands_on_the_intent(names: MentionIndex, text: str, intent: str) -> None:
    assert parse(text, names).intent == intent


def test_a_window_word_is_not_corrected_to_a_names_word() -> None:
    # "side" of "this side of Christmas" was made "wide" (of "force-wide board"), and the
    # window lost.
    board = NamedThing("partnership", "force", ("Force Board", "force-wide board"))
    names = MentionIndex(NameIndex([board]), [Partnership(id="force", name="Force Board")])
    parsed = parse("anything due this side of christmas", names)
    assert parsed.intent == "deadlines" and "wide" not in parsed.text


@pytest.mark.parametrize(
    "text", ["who is on the county then", "sorry to bother you, who is on the county"]
)
def test_filler_is_not_taken_for_a_name(names: MentionIndex, text: str) -> None:
    assert parse(text, names).topic == ""


@pytest.mark.parametrize(
    "text",
    [
        "when was the partners' away day",
        "hi, when did the members' survey close?",
        "when is the glossary review meeting",
    ],
)
def test_a_question_opening_with_when_asks_for_a_date(text: str) -> None:
    # Its other words ("partners", "members", "glossary") are like other questions'.
    from handlers.entities import NameIndex
    from handlers.mentions import MentionIndex
    from handlers.parsing import parse

    assert parse(text, MentionIndex(NameIndex([]), [])).intent == "deadline_of"
