"""A message asking two questions of different kinds ("who leads on X and when is Y") is
answered twice, in order; the second takes the first's partnership when it names none.
Phrasings of our own, on the test data."""

from datetime import UTC, datetime

import pytest

from bot.render import render
from bot.slack.blocks import message_payload
from bot.teams.cards import card_for
from handlers.pipeline import respond
from handlers.types import Identity, Message, Reply
from store.datafile import import_file
from store.db import Store
from tests.scenarios.conftest import FICTIONAL_PATH

AT = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
GUEST = Identity(platform="slack", user_id="U1")


@pytest.fixture
def fictional(store: Store) -> Store:
    import_file(store, FICTIONAL_PATH, at=AT)
    return store


def _ask(store: Store, text: str) -> Reply:
    return respond(store, Message(text=text, sender=GUEST, at=AT))


def test_two_kinds_of_question_are_each_answered_in_order(fictional: Store) -> None:
    reply = _ask(
        fictional, "who's the lead for shoplifting in riverford, and when does the money run out?"
    )
    text = render(reply)
    assert reply.template == "several" and not reply.unanswered
    assert [part.intent for part in reply.parts] == ["lead", "deadline_of"]
    assert text.index("Retail Crime") < text.index("31 March 2027"), text
    # Every surface shows both.
    assert "31 March 2027" in str(message_payload(reply)) and "31 March 2027" in str(
        card_for(reply)
    )


def test_the_second_question_is_about_the_first_ones_partnership(fictional: Store) -> None:
    reply = _ask(fictional, "what are westshire's priorities and when do they next meet")
    assert reply.template == "several"
    assert "Westshire Safer Board meeting" in render(reply.parts[1])


def test_two_questions_of_a_kind_are_answered_together_as_before(fictional: Store) -> None:
    reply = _ask(fictional, "when is the scrutiny and when does the money run out")
    assert reply.template == "deadline_of"


def test_a_part_not_answered_is_kept_as_unanswered(fictional: Store) -> None:
    reply = _ask(fictional, "who leads on retail crime and when is the unicorn parade")
    assert reply.template == "several" and reply.unanswered
    assert "Retail Crime Lead" in render(reply)
