"""Questions back: when words could name several things, the reply offers choices, and
each choice's text, answered as a new message, is an answer about exactly that thing."""

import pytest

from store.db import Store
from tests.scenarios.conftest import ask


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
