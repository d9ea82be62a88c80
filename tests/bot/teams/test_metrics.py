"""Teams in /metrics: answers by intent and the Bot Connector calls by outcome."""

import time

from prometheus_client.parser import text_string_to_metric_families

from schedules.clock import FixedClock
from store.db import Store
from tests.bot.teams.conftest import loopback_settings, running
from tests.bot.teams.fakes import FakeConnector
from tests.bot.teams.payloads import COORDINATOR, personal_message


def test_teams_answers_and_connector_calls_are_counted(
    data: Store, clock: FixedClock, connector: FakeConnector
) -> None:
    connector.fail_with = [503]  # Teams fails the first post; the reply is tried again
    settings = loopback_settings(connector, CSPBOT_METRICS=True, CSPBOT_SWEEP_SECONDS=3600.0)
    with running(data, clock, settings) as bot:
        bot.post(personal_message(COORDINATOR, "who leads on ASB?", connector.service_url))
        connector.wait_for(1)
        # The fake has the reply before the bot has read the answer to its call and
        # counted it: scrape until the successful call is counted (or give up).
        deadline = time.monotonic() + 10
        while (samples := _scrape(bot.client.get("/metrics").text)).get(OK_POST) is None:
            assert time.monotonic() < deadline, "the successful post was never counted"
            time.sleep(0.05)
    answered = ("cspbot_messages_answered_total", (("intent", "lead"), ("platform", "teams")))
    assert samples[answered] == 1
    calls = "cspbot_api_calls_total"
    assert samples[(calls, (("method", "post"), ("outcome", "503"), ("platform", "teams")))] == 1
    assert samples[OK_POST] == 1


OK_POST = ("cspbot_api_calls_total", (("method", "post"), ("outcome", "ok"), ("platform", "teams")))


def _scrape(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }
