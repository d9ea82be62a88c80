"""Asking about a round in chat: is it open, who has not updated (named only in a direct
message), what have I still to update; and asking for the board report."""

from datetime import datetime, timedelta

from bot.notifiers import plain_text
from handlers.pipeline import respond
from handlers.types import Identity, Message, Reply
from store.db import Store
from tests.rounds.support import seed_round, utc

OPENS = utc(2026, 12, 24, 9)
DURING = OPENS + timedelta(days=2)


def ask(
    store: Store, person_id: str | None, text: str, at: datetime = DURING, **where: str
) -> Reply:
    sender = Identity("slack", "U1", person_id)
    return respond(store, Message(text, sender, at, **where))


def seed_answered(store: Store) -> None:
    seed_round(store)
    reply = ask(store, "lead-b", "update housing green: hostels open", OPENS + timedelta(days=1))
    assert reply.template == "update_posted"


def test_is_the_checkin_open(store: Store) -> None:
    seed_answered(store)
    before = plain_text(ask(store, "lead-a", "is the check-in open?", OPENS - timedelta(days=1)))
    assert before == (
        "The check-in for CSP Board (Test CSP) on 12 January 2027 at 10:00 is not open yet: "
        "it opens on 24 December 2026 and closes on 7 January 2027."
    )
    during = plain_text(ask(store, "lead-a", "is the check-in open?"))
    assert during.startswith("Yes: the check-in for CSP Board (Test CSP) on 12 January 2027")
    assert "1 of 4 items answered; 1 lead still to answer" in during


def test_who_has_not_updated_names_people_only_in_a_direct_message(store: Store) -> None:
    seed_answered(store)
    direct = plain_text(ask(store, "coord", "who hasn't updated?"))
    assert "- The Police Inspector: Anti-social behaviour, Serious violence and" in direct
    assert "Housing Officer" not in direct
    in_channel = plain_text(
        ask(store, "coord", "who hasn't updated", channel="C1", partnership_id="csp")
    )
    assert "Police Inspector" not in in_channel
    assert "I name nobody in a channel" in in_channel
    guest = plain_text(ask(store, None, "who hasn't updated in Test CSP?"))
    assert "Police Inspector" not in guest and "1 lead still to answer" in guest


def test_what_have_i_still_to_update(store: Store) -> None:
    seed_answered(store)
    lead_a = ask(store, "lead-a", "what have I still to update?")
    [round_] = lead_a.data["rounds"]
    assert [i["name"] for i in round_["left"]] == [
        "Anti-social behaviour",
        "Serious violence",
        "Violence against women and girls",
    ]
    assert "You have updated everything for CSP Board" in plain_text(
        ask(store, "lead-b", "what do I still need to update")
    )
    assert "not asked for any updates" in plain_text(
        ask(store, "member", "what have I still to update")
    )


def test_only_the_coordinator_and_admins_may_draft_the_report(store: Store) -> None:
    seed_answered(store)
    refused = ask(store, "lead-a", "draft the board report for Test CSP")
    assert refused.template == "report_refused"
    assert plain_text(refused) == (
        "Only the coordinator and admins of Test CSP can draft its report: "
        "The Community Safety Manager."
    )
    ready = ask(store, "coord", "draft the board report")
    assert ready.template == "report_ready"
    assert ready.data["report"] == {"partnership_id": "csp"}
