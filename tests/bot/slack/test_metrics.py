"""/metrics after a few messages and a sweep: what a Prometheus server would scrape."""

from collections.abc import Iterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.metrics import Metrics, serve_metrics
from bot.web import create_app
from schedules.clock import FixedClock
from store.datafile import import_file
from store.db import Store
from tests.bot.slack.conftest import DATA, NOW, SWEEP_MESSAGES, Rig, slack_settings
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.test_conversations import dm
from tests.support.server import serve

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(text: str) -> Samples:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float | None:
    return samples.get((name, frozenset(labels.items())))


@pytest.fixture
def measured(store: Store, fake_slack: tuple[FakeSlack, str]) -> Iterator[Rig]:
    fake, api_url = fake_slack
    clock = FixedClock(NOW)
    import_file(store, DATA, at=NOW)
    settings = slack_settings(api_url).model_copy(update={"metrics": True})
    with serve(create_app(settings=settings, store=store, clock=clock)) as base:
        fake.wait_for("chat.postMessage", count=SWEEP_MESSAGES)
        yield Rig(base=base, slack=fake, api_url=api_url, store=store, clock=clock)


def test_metrics_count_answers_api_calls_reminders_and_sweeps(measured: Rig) -> None:
    dm(measured, "UTEST0003", "who leads on ASB?", event_id="EvM1")
    measured.slack.calls.clear()
    dm(measured, "UTEST0003", "flibbertigibbet wombat", event_id="EvM2")
    measured.slack.calls.clear()
    measured.slack.refuse("chat.postMessage", error="not_in_channel")
    dm(measured, "UTEST0003", "help", event_id="EvM3")  # the answer Slack refuses
    response = httpx.get(f"{measured.base}/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    samples = scrape(response.text)

    answered = "cspbot_messages_answered_total"
    assert value(samples, answered, platform="slack", intent="lead") == 1
    assert value(samples, "cspbot_questions_not_understood_total", platform="slack") == 1
    assert value(samples, "cspbot_answer_seconds_count", platform="slack") == 3
    calls = "cspbot_api_calls_total"
    sent_ok = value(samples, calls, platform="slack", method="chat.postMessage", outcome="ok")
    assert sent_ok == SWEEP_MESSAGES + 2  # the start-up sweep's messages and two answers
    refused = {"platform": "slack", "method": "chat.postMessage", "outcome": "not_in_channel"}
    assert value(samples, calls, **refused) == 1
    assert value(samples, "cspbot_reminders", kind="reminder", state="sent") == 2
    assert value(samples, "cspbot_reminders", kind="digest", state="sent") == 1
    assert (value(samples, "cspbot_sweep_seconds_count") or 0) >= 1
    assert value(samples, "cspbot_last_sweep_timestamp_seconds") == NOW.timestamp()
    assert value(samples, "cspbot_checkin_rounds_open") == 0
    assert all(name.startswith("cspbot_") for name, _ in samples)


def test_metrics_are_off_unless_asked_for(rig: Rig) -> None:
    assert httpx.get(f"{rig.base}/metrics").status_code == 404


def test_metrics_can_have_a_port_of_their_own(store: Store) -> None:
    metrics = Metrics(store)
    with serve_metrics(metrics, host="127.0.0.1", port=0) as port:
        text = httpx.get(f"http://127.0.0.1:{port}/metrics").text
    assert value(scrape(text), "cspbot_checkin_rounds_open") == 0
