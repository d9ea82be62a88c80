"""A question back offers choices, each the person's own question reworded to name one
thing: asked as typed, every choice is answered, about that thing."""

import pytest

from handlers.choices import adding, naming
from store.db import Store
from tests.scenarios.conftest import ask


@pytest.mark.parametrize(
    ("question", "person", "template", "count"),
    [
        ("tell me about serious violence?", None, "which_one", 3),
        ("priorities?", None, "which_partnership", 5),  # every demo partnership
        ("done strategic assessment", "snb-programme-manager", "which_one", 2),
    ],
)
def test_every_choice_answers_the_question_about_that_thing(
    demo: Store, question: str, person: str | None, template: str, count: int
) -> None:
    asked = ask(demo, question, person=person)
    assert asked.reply.template == template and asked.reply.unanswered
    choices = asked.reply.choices
    assert len(choices) == count and len({c.text for c in choices}) == count
    for choice in choices:
        answer = ask(demo, choice.text, person=person)
        assert not answer.reply.unanswered, (choice, answer.text)
        # The label is "Name (Partnership)" for a thing, the name for a partnership.
        assert choice.label.rsplit(" (", 1)[0] in answer.text, (choice, answer.text)


def test_the_choices_of_a_name_in_several_partnerships_name_the_partnership(demo: Store) -> None:
    choices = ask(demo, "Tell me about Serious Violence").reply.choices
    assert [c.text.rsplit("about ", 1)[-1] for c in choices if c.label.startswith("Serious V")] == [
        "Serious Violence in Safer Nottinghamshire Board",
        "Serious Violence in Nottingham Community Safety Partnership",
    ]


def test_rewording_keeps_the_persons_words_around_the_name() -> None:
    assert naming("Who leads on  ASB in Ashfield's plan?", "asb", "Anti-Social Behaviour") == (
        "Who leads on  Anti-Social Behaviour in Ashfield's plan?"
    )
    assert naming(
        "what's the latest on the council?", "the council", "Gedling Borough Council"
    ) == ("what's the latest on Gedling Borough Council?")
    # Words the question does not hold as typed: the name alone is asked about.
    assert naming("council?", "city council", "Nottingham City Council") == (
        "Nottingham City Council"
    )
    assert adding("What are the priorities?!", "for Ashfield") == (
        "What are the priorities for Ashfield?!"
    )
    assert adding("priorities", "for Ashfield") == "priorities for Ashfield"


@pytest.mark.parametrize(
    "text", ["tell me about abuse", "who is the lead for abuse", "latest on abuse"]
)
def test_each_choice_answers_the_question_about_that_thing(demo: Store, text: str) -> None:
    asked = ask(demo, text, person="ncsp-head")
    choices = asked.reply.choices
    assert asked.reply.unanswered and len(choices) >= 2, asked.text
    for choice in choices:
        answer = ask(demo, choice.text, person="ncsp-head")
        assert not answer.reply.unanswered, (choice, answer.text)
        name = choice.label.split(" (")[0]
        assert name.lower() in answer.text.lower(), (choice, answer.text)
        others = [c.label.split(" (")[0] for c in choices if c.label.split(" (")[0] != name]
        assert answer.reply.intent == asked.reply.intent, (choice, answer.reply.intent)
        assert not any(f"{other.lower()} " in answer.text.lower()[:60] for other in others)
