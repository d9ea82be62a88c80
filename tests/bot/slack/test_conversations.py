"""Mentions, direct messages and /csp, end to end: signed requests into the real ASGI app,
answers seen at the fake Slack Web API."""

import json
import sqlite3
import time
from collections.abc import Callable

import httpx
import pytest

from store.datafile import import_text
from store.updates import add_update
from tests.bot.slack.conftest import DATA, Rig
from tests.bot.slack.fake_slack import BOT_USER_ID, Call
from tests.bot.slack.signing import post_command, post_event


def in_thread(ts: str) -> Callable[[Call], bool]:
    return lambda call: call.params.get("thread_ts") == ts


def in_channel(channel: str) -> Callable[[Call], bool]:
    return lambda call: call.params.get("channel") == channel


def said(call: Call) -> str:
    """The fallback text and every block, as one string to search."""
    return call.params.get("text", "") + json.dumps(call.params.get("blocks", ""))


def dm(rig: Rig, user: str, text: str, *, event_id: str) -> Call:
    """A direct message from `user`, and the bot's answer in that DM."""
    channel = "D" + user[1:]
    event = {
        "type": "message",
        "channel_type": "im",
        "user": user,
        "channel": channel,
        "text": text,
        "ts": "1700000100.000100",
    }
    assert post_event(rig.base, event, event_id=event_id).status_code == 200
    [answer] = rig.slack.wait_for("chat.postMessage", where=in_channel(channel))
    return answer


def test_a_mention_is_answered_in_its_thread(rig: Rig) -> None:
    mention = {
        "type": "app_mention",
        "user": "UTEST0003",
        "channel": "CTEST0001",
        "text": f"<@{BOT_USER_ID}> who leads on ASB?",
        "ts": "1700000000.000200",
    }
    assert post_event(rig.base, mention, event_id="EvMention1").status_code == 200
    [answer] = rig.slack.wait_for("chat.postMessage", where=in_thread("1700000000.000200"))
    assert answer.params["channel"] == "CTEST0001"
    assert "ASB Lead, Brookfield" in said(answer)
    assert answer.token == "xoxb-test-token"
    assert len(rig.slack.named("auth.test")) == 1, "Bolt asks who it is once, lazily"


def test_a_direct_message_is_answered_in_the_dm(rig: Rig) -> None:
    answer = dm(rig, "UTEST0003", "what are our priorities?", event_id="EvDm1")
    assert "Anti-Social Behaviour" in said(answer) and "Domestic Abuse" in said(answer)
    assert "blocks" in answer.params and answer.params["text"]


def test_a_person_known_only_by_email_is_recognised_through_users_info(rig: Rig) -> None:
    answer = dm(rig, "UTEST0002", "update ASB amber: patrols up in the town centre",
                event_id="EvDm2")  # fmt: skip
    assert [call.params["user"] for call in rig.slack.named("users.info")] == ["UTEST0002"]
    assert "Anti-Social Behaviour" in said(answer) and "Amber" in said(answer)


def test_a_stranger_is_a_guest_and_cannot_read_updates(rig: Rig) -> None:
    with rig.store.transaction() as session:  # an update the guest must not see
        add_update(session, partnership_id="brook", priority_id="brook-asb",
                   author_id="brook-asb-lead", posted=rig.clock.now(), rag="amber",
                   text="patrols up in the town centre", source="slack")  # fmt: skip
    member = dm(rig, "UTEST0003", "latest on ASB", event_id="EvDm3a")
    assert "patrols up in the town centre" in said(member), "a member does see it"
    answer = dm(rig, "UGUEST001", "latest on ASB", event_id="EvDm3")
    assert "patrols" not in said(answer)
    assert "I don't know who you are" in said(answer)
    assert rig.slack.named("users.info"), "the bot asked Slack who this is"


def test_the_slash_command_answers_only_the_person_who_asked(rig: Rig) -> None:
    response = post_command(rig.base, "who leads on domestic abuse", user_id="UTEST0003",
                            channel_id="CTEST0001")  # fmt: skip
    assert response.status_code == 200
    [answer] = rig.slack.wait_for("chat.postEphemeral")
    assert answer.params["user"] == "UTEST0003" and answer.params["channel"] == "CTEST0001"
    assert "Community Safety Manager, Brookfield" in said(answer)


def test_the_slash_command_falls_back_to_its_response_url(rig: Rig) -> None:
    rig.slack.refuse("chat.postEphemeral", error="channel_not_found")  # someone else's DM
    response = post_command(
        rig.base,
        "what does DA stand for",
        user_id="UTEST0003",
        channel_id="DOTHER001",
        response_url=f"{rig.api_url}/response.1",
    )
    assert response.status_code == 200
    [answer] = rig.slack.wait_for("response.1")
    assert answer.params["response_type"] == "ephemeral" and answer.params["text"]


def test_mentions_and_links_are_echoed_harmlessly(rig: Rig) -> None:
    # A real @channel arrives as <!channel>; text typed with angle brackets arrives escaped.
    # A message the bot does not understand is echoed back as typed.
    typed = "<!channel> &lt;!here&gt; &lt;https://evil.zz|click&gt;"
    answer = dm(rig, "UTEST0003", typed, event_id="EvInject1")
    everything = said(answer)
    for raw in ("<!channel>", "<!here>", "<https://evil", "<@"):
        assert raw not in everything
    assert "&lt;https://evil.zz|click&gt;" in everything  # shown, not a link


def test_a_rate_limited_reply_is_sent_after_retry_after(rig: Rig) -> None:
    rig.slack.rate_limit("chat.postMessage", retry_after=1)
    answer = dm(rig, "UTEST0003", "what are our priorities?", event_id="EvLimited1")
    assert "Anti-Social Behaviour" in said(answer)
    assert [call.status for call in rig.slack.named("chat.postMessage")].count(429) == 1


def test_a_reimport_changes_the_answers_of_the_running_server(rig: Rig) -> None:
    before = dm(rig, "UTEST0003", "who leads on ASB?", event_id="EvLead1")
    assert "ASB Lead, Brookfield" in said(before)
    changed = DATA.read_text().replace(
        "        lead: brook-asb-lead\n", "        lead: brook-officer\n"
    )
    import_text(rig.store, changed, at=rig.clock.now())
    rig.slack.calls.clear()
    after = dm(rig, "UTEST0003", "who leads on ASB?", event_id="EvLead2")
    assert "Community Safety Officer, Brookfield" in said(after)
    assert "ASB Lead, Brookfield" not in said(after)


# SQLite only: on PostgreSQL store work always runs in worker threads.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_message_meeting_a_held_write_lock_waits_off_the_event_loop(rig: Rig) -> None:
    """On SQLite a question is answered on the event loop when nothing has to wait. While
    another process holds the write lock, the event id cannot be recorded at once: the
    server stays responsive, answers once the lock is free, and answers a retry never."""
    path = rig.store.engine.url.database
    assert path is not None
    importer = sqlite3.connect(path, timeout=10, check_same_thread=False)
    importer.execute("BEGIN IMMEDIATE")  # as `cspbot import` in another process does
    rig.slack.calls.clear()
    event = {"type": "message", "channel_type": "im", "user": "UTEST0003", "channel": "DTEST0003",
             "text": "who leads on ASB?", "ts": "1700000200.000100"}  # fmt: skip
    assert post_event(rig.base, event, event_id="EvLocked1").status_code == 200
    assert httpx.get(f"{rig.base}/healthz", timeout=2).status_code == 200
    time.sleep(0.3)
    assert not rig.slack.named("chat.postMessage"), "nothing is answered before it is recorded"
    importer.rollback()
    importer.close()
    [answer] = rig.slack.wait_for("chat.postMessage", where=in_channel("DTEST0003"))
    assert "ASB Lead, Brookfield" in said(answer)
    assert post_event(rig.base, event, event_id="EvLocked1", retry_num=1).status_code == 200
    time.sleep(0.3)
    assert len(rig.slack.named("chat.postMessage")) == 1, "a retry is not answered again"
