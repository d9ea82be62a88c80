"""The SlackNotifier the reminder sweep delivers through, against the fake Slack API."""

import asyncio
import time
from collections.abc import Iterator

import pytest

from bot.metrics import Metrics
from bot.slack.config import slack_config
from bot.slack.notifier import SlackNotifier
from handlers.types import DeliveryError, Outbound, Reply
from store.datafile import import_file
from store.db import Store
from tests.bot.slack.conftest import DATA, NOW, slack_settings
from tests.bot.slack.fake_slack import FakeSlack

REMINDER = Reply(
    intent="notify",
    template="reminder",
    data={
        "milestone_id": "brook-assessment", "occurrence": "2026-12-04",
        "occurrence_text": "4 December 2026", "due_time": None,
        "title": "Strategic Assessment <!channel>", "kind": "strategic_assessment",
        "partnership_id": "brook", "partnership": "Brookfield Community Safety Partnership",
        "owner_id": "brook-coordinator", "owner": "Community Safety Manager, Brookfield",
        "days_before": 11, "due": "in 11 days", "basis": None, "notes": None,
        "delivery_id": 1, "to_channel": True, "late": False, "offsets": [28],
    },
)  # fmt: skip


@pytest.fixture
def notifier(store: Store, fake_slack: tuple[FakeSlack, str]) -> Iterator[SlackNotifier]:
    import_file(store, DATA, at=NOW)
    config = slack_config(slack_settings(fake_slack[1]))
    assert config is not None
    yield SlackNotifier(config, store=store, metrics=Metrics(store))


def to_channel(delivery_id: int = 1, partnership_id: str = "brook") -> Outbound:
    return Outbound(delivery_id=delivery_id, reply=REMINDER, partnership_id=partnership_id)


def test_a_reminder_goes_to_the_channel_with_buttons_and_escaped_text(
    notifier: SlackNotifier, fake_slack: tuple[FakeSlack, str]
) -> None:
    asyncio.run(notifier.deliver(to_channel()))
    [sent] = fake_slack[0].named("chat.postMessage")
    assert sent.params["channel"] == "CTEST0001"
    assert "&lt;!channel&gt;" in sent.params["text"] and "<!channel>" not in str(sent.params)
    actions = [b for b in sent.params["blocks"] if b["type"] == "actions"]
    assert [e["action_id"] for e in actions[0]["elements"]] == [
        "reminder_done", "reminder_snooze_1d", "reminder_snooze_1w",
    ]  # fmt: skip


def test_a_person_gets_a_direct_message(
    notifier: SlackNotifier, fake_slack: tuple[FakeSlack, str]
) -> None:
    outbound = Outbound(delivery_id=2, reply=REMINDER, person_id="brook-coordinator")
    asyncio.run(notifier.deliver(outbound))
    fake = fake_slack[0]
    assert fake.named("conversations.open")[0].params["users"] == "UTEST0001"
    assert fake.named("chat.postMessage")[0].params["channel"] == "DTEST0001"


def test_a_429_goes_back_to_the_sweep_with_retry_after(
    notifier: SlackNotifier, fake_slack: tuple[FakeSlack, str]
) -> None:
    fake_slack[0].rate_limit("chat.postMessage", retry_after=30)
    with pytest.raises(DeliveryError) as raised:
        asyncio.run(notifier.deliver(to_channel()))
    assert raised.value.retry_after == 30 and not raised.value.permanent
    assert len(fake_slack[0].named("chat.postMessage")) == 1, "not retried here"


def test_nowhere_to_send_is_permanent(notifier: SlackNotifier) -> None:
    # The ASB lead has no Slack id in the data file.
    outbound = Outbound(delivery_id=3, reply=REMINDER, person_id="brook-asb-lead")
    with pytest.raises(DeliveryError) as raised:
        asyncio.run(notifier.deliver(outbound))
    assert raised.value.permanent


def test_one_message_per_second_per_channel(
    notifier: SlackNotifier, fake_slack: tuple[FakeSlack, str]
) -> None:
    async def three() -> float:
        started = time.monotonic()
        await asyncio.gather(*(notifier.deliver(to_channel(n)) for n in range(3)))
        return time.monotonic() - started

    assert asyncio.run(three()) >= 2.0
    assert len(fake_slack[0].named("chat.postMessage")) == 3
