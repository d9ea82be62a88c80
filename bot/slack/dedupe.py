"""Slack retries an event it thinks we missed (X-Slack-Retry-Num); Bolt does not notice.

Each event listener records the event's `event_id` in the store before it answers, and does
nothing more for a repeat: a retried message never stores an update twice or gets two
answers, even when the retry reaches another replica.
(Interactive payloads, buttons and forms, carry no event id and Slack does not retry them.)
"""

import logging
from datetime import datetime, timedelta

from schedules.clock import Clock
from store.db import Store, WouldWait
from store.events import forget_events, remember_event

log = logging.getLogger(__name__)

KEEP_EVENTS = timedelta(days=1)
PRUNE_EVERY = timedelta(hours=1)


class EventLog:
    def __init__(self, *, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self.last_pruned: datetime | None = None

    def first_time(self, event_id: str | None) -> bool:
        """Record the event (store work: bot/store_work.py); False for a repeat. A payload
        without an event id is always new."""
        if not event_id:
            return True
        now = self.clock.now()
        try:
            self._prune(now)
            first = remember_event(self.store, platform="slack", event_id=event_id, at=now)
        except WouldWait:
            raise  # nothing recorded: the caller records it where it may wait
        except Exception as exc:
            # A full disk or a read-only store: questions can still be answered (a write
            # they ask for fails on its own, and says so). A retry may be answered twice.
            log.warning("could not record Slack event %s, answering it anyway: %s", event_id, exc)
            return True
        if not first:
            log.info("Slack event %s already handled: acknowledged only", event_id)
        return first

    def _prune(self, now: datetime) -> None:
        if self.last_pruned is None or now - self.last_pruned > PRUNE_EVERY:
            # Slack stops retrying within the hour; a day of ids is plenty to keep.
            with self.store.transaction() as session:
                forget_events(session.connection(), platform="slack", before=now - KEEP_EVENTS)
            self.last_pruned = now
