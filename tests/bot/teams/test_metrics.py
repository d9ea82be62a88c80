"""Teams in /metrics: answers by intent and the Bot Connector calls by outcome."""

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
        scraped = bot.client.get("/metrics").text
    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(scraped)
        for sample in family.samples
    }
    answered = ("cspbot_messages_answered_total", (("intent", "lead"), ("platform", "teams")))
    assert samples[answered] == 1
    calls = "cspbot_api_calls_total"
    assert samples[(calls, (("method", "post"), ("outcome", "503"), ("platform", "teams")))] == 1
    assert samples[(calls, (("method", "post"), ("outcome", "ok"), ("platform", "teams")))] == 1
