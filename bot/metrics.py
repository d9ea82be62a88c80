"""The Prometheus metrics, every name prefixed `cspbot_`, recorded at the edge: the chat
adapters (answers, platform API calls) and the scheduler's sweep listener. Reminder
counts and the last sweep's time are read when Prometheus scrapes, not kept up to date.

Each app has a registry of its own, so several apps in one process (tests, replicas)
never count into each other's figures."""

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from handlers.types import Message, Reply
from schedules.scheduler import ReminderScheduler
from schedules.sweep import SweepResult
from store import delivery_counts
from store.db import Store

log = logging.getLogger(__name__)

__all__ = ["CONTENT_TYPE_LATEST", "Metrics", "serve_metrics"]

# Chat answers take milliseconds; a slow database or a cold snapshot can take seconds.
ANSWER_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
SWEEP_BUCKETS = (0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 300.0)


class _ScrapeTime(Collector):
    """Figures read from the store and the scheduler when Prometheus asks."""

    def __init__(self, metrics: "Metrics") -> None:
        self.metrics = metrics

    def collect(self) -> Iterable[Metric]:
        yield self._reminders()
        last = GaugeMetricFamily(
            "cspbot_last_sweep_timestamp_seconds",
            "When the last reminder sweep finished without error (Unix time; absent before it).",
        )
        reminders = self.metrics.reminders
        if reminders is not None and reminders.last_swept is not None:
            last.add_metric([], reminders.last_swept.timestamp())
        yield last
        rounds = GaugeMetricFamily("cspbot_checkin_rounds_open", "Check-in rounds now open.")
        with self.metrics.store.session() as session:
            rounds.add_metric([], delivery_counts.open_checkin_rounds(session))
        yield rounds

    def _reminders(self) -> Metric:
        family = GaugeMetricFamily(
            "cspbot_reminders",
            "Delivery rows (reminders, escalations, digests, summaries) by kind and state.",
            labels=["kind", "state"],
        )
        with self.metrics.store.session() as session:
            for kind, state, count in delivery_counts.by_kind_and_status(session):
                family.add_metric([kind, state], count)
        return family


class Metrics:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.reminders: ReminderScheduler | None = None
        self.registry = CollectorRegistry(auto_describe=True)
        self.answered = Counter(
            "cspbot_messages_answered",
            "Messages answered, by platform and intent.",
            ["platform", "intent"],
            registry=self.registry,
        )
        self.not_understood = Counter(
            "cspbot_questions_not_understood",
            "Answers that did not answer: not understood, unknown name, or a question back.",
            ["platform"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "cspbot_answer_seconds",
            "Time to answer a message, from parsing to the rendered reply's data.",
            ["platform"],
            buckets=ANSWER_BUCKETS,
            registry=self.registry,
        )
        self.api_calls = Counter(
            "cspbot_api_calls",
            "Calls to the Slack Web API and the Teams Bot Connector, by method and outcome.",
            ["platform", "method", "outcome"],
            registry=self.registry,
        )
        self.sweep_seconds = Histogram(
            "cspbot_sweep_seconds",
            "How long each reminder sweep took.",
            buckets=SWEEP_BUCKETS,
            registry=self.registry,
        )
        self.registry.register(_ScrapeTime(self))

    def watch(self, reminders: ReminderScheduler) -> None:
        self.reminders = reminders
        reminders.sweep_listeners.append(self.swept)

    def message_answered(self, message: Message, reply: Reply, seconds: float) -> None:
        platform = message.platform
        self.answered.labels(platform=platform, intent=reply.intent).inc()
        if reply.unanswered:
            self.not_understood.labels(platform=platform).inc()
        self.latency.labels(platform=platform).observe(seconds)

    def api_call(self, platform: str, method: str, outcome: str) -> None:
        self.api_calls.labels(platform=platform, method=method, outcome=outcome).inc()

    def swept(self, _result: SweepResult, seconds: float) -> None:
        self.sweep_seconds.observe(seconds)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


@contextmanager
def serve_metrics(metrics: Metrics, *, host: str, port: int) -> Iterator[int]:
    """/metrics on a port of its own (CSPBOT_METRICS_PORT), for as long as the block runs;
    yields the port bound (port 0 picks a free one)."""
    server, thread = start_http_server(port, addr=host, registry=metrics.registry)
    bound = int(server.server_port)
    log.info("metrics on http://%s:%s/metrics", host, bound)
    try:
        yield bound
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
