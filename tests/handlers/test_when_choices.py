"""A "when" question whose best fits are several partnerships' milestones, asked with
nothing that says which partnership, is answered with every fit and its date, and offers
a choice for each: picking one asks about that milestone alone. Phrasings of our own, on
the test data with a few milestones added."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from bot.render import render
from handlers.pipeline import respond
from handlers.types import Identity, Message, Reply
from store.db import Store
from store.tables import UnansweredMessage
from tests.support.fictional import fictional_data, import_changed

AT = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
GUEST = Identity(platform="slack", user_id="U1")
RIVERFORD_OFFICER = Identity(platform="slack", user_id="U2", person_id="rv-officer")


def _ask(store: Store, text: str, sender: Identity = GUEST, **extra: str) -> Reply:
    return respond(store, Message(text=text, sender=sender, at=AT, **extra))


@pytest.fixture
def two_grants(store: Store, tmp_path: Path) -> Store:
    """The county board's grant ends too, and it has a strategic assessment of its own."""
    data = fictional_data()
    data["partnerships"][0]["milestones"] += [
        {"id": "wsb-grant-end", "title": "Road safety grant ends", "kind": "funding_end",
         "due": "2027-06-30"},
        {"id": "wsb-sa", "title": "County strategic assessment", "kind": "strategic_assessment",
         "due": "2027-01-20"},
    ]  # fmt: skip
    import_changed(store, tmp_path, data, at=AT)
    return store


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("when does the money stop?", ["Safer Streets funding ends", "Road safety grant ends"]),
        ("strategic assessment, when is it", ["Strategic Assessment", "County strategic"]),
    ],
)
def test_every_fit_is_answered_with_a_choice_for_each(
    two_grants: Store, text: str, titles: list[str]
) -> None:
    reply = _ask(two_grants, text)
    shown = render(reply)
    assert reply.template == "deadline_of" and not reply.unanswered, shown
    assert all(title in shown for title in titles), shown
    labels = [choice.label for choice in reply.choices]
    assert len(labels) == len(reply.data["items"]) + len(reply.data["past"]) == 2
    assert all(any(title in label for label in labels) for title in titles), labels
    assert all(label.endswith(")") for label in labels)  # "Title (Partnership)"


def test_each_choice_asks_about_its_milestone_alone(two_grants: Store) -> None:
    for choice in _ask(two_grants, "when's the funding up").choices:
        answer = _ask(two_grants, choice.text)
        listed = answer.data["items"] + answer.data["past"]
        assert [one["title"] for one in listed] == [choice.label.rsplit(" (", 1)[0]]
        assert not answer.choices


@pytest.mark.parametrize(
    ("text", "sender", "extra"),
    [
        # The partnership is named.
        ("when does Riverford's money stop?", GUEST, {}),
        # The asker's own partnership has a fit.
        ("when does the money stop?", RIVERFORD_OFFICER, {}),
        # So has the channel's.
        ("when does the money stop?", GUEST, {"channel": "C1", "partnership_id": "westshire"}),
    ],
)
def test_no_choice_when_the_message_or_the_asker_says_which(
    two_grants: Store, text: str, sender: Identity, extra: dict[str, str]
) -> None:
    reply = _ask(two_grants, text, sender, **extra)
    assert reply.template == "deadline_of" and len(reply.data["items"]) == 1
    assert not reply.choices


def test_one_partnerships_fits_offer_no_choice(two_grants: Store) -> None:
    reply = _ask(two_grants, "when is the scrutiny committee")
    assert reply.template == "deadline_of" and not reply.choices


def test_an_answer_with_choices_is_answered_and_not_kept(two_grants: Store) -> None:
    reply = _ask(two_grants, "money run out date?")
    assert reply.choices and not reply.unanswered
    with two_grants.session() as session:
        assert not list(session.exec(select(UnansweredMessage)))


@pytest.fixture
def older_name(store: Store, tmp_path: Path) -> Store:
    """Riverford was once the Riverford Safer Streets Partnership (RSSP), whose plan went
    to full council before today's plan did."""
    data = fictional_data()
    riverford = data["partnerships"][1]
    riverford["aliases"] += ["RSSP", "Riverford Safer Streets Partnership"]
    riverford["plans"].append(
        {"id": "rssp-plan", "title": "Riverford Safer Streets Partnership Plan 2019-22",
         "starts": "2019-04-01", "ends": "2022-03-31"}
    )  # fmt: skip
    riverford["milestones"] += [
        {"id": "old-plan-council", "title": "Partnership Plan 2019-2022 to full council",
         "kind": "council_approval", "due": "2019-06-12"},
        {"id": "new-plan-council", "title": "Community Safety Plan 2025-2028 to full council",
         "kind": "council_approval", "due": "2025-06-18"},
    ]  # fmt: skip
    import_changed(store, tmp_path, data, at=AT)
    return store


@pytest.mark.parametrize(
    "text",
    [
        "when was the RSSP plan meant to go to full council",
        "Riverford Safer Streets Partnership plan - when did it go to council?",
    ],
)
def test_a_plan_named_by_the_partnerships_other_name_is_that_plans_milestone(
    older_name: Store, text: str
) -> None:
    shown = render(_ask(older_name, text))
    assert "12 June 2019" in shown and "18 June 2025" not in shown, shown


def test_a_plan_named_by_the_partnerships_own_name_is_any_of_its_plans(older_name: Store) -> None:
    shown = render(_ask(older_name, "when did Riverford's plan go to full council?"))
    assert "12 June 2019" in shown and "18 June 2025" in shown, shown
