"""The plans held in memory follow the store: at once after this process imports a data
file, within RECHECK_SECONDS after another process does; and a snapshot that needs
rebuilding declines to within promptly() (the event loop), so the rebuild runs elsewhere;
a build waits for another big job (the reminders' plan) and is made once for a burst."""

import threading
import time
from datetime import UTC, datetime

import pytest

from handlers import snapshot as snapshots
from handlers.memory import one_big_job_at_a_time
from handlers.snapshot import Snapshot, snapshot
from store.datafile import import_file
from store.db import Store, WouldWait, promptly
from tests.scenarios.conftest import FICTIONAL_PATH

AT = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


def test_another_process_import_is_seen_within_the_recheck_interval(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(snapshots, "RECHECK_SECONDS", 0.2)
    serving, importing = Store.open(database_url), Store.open(database_url)
    assert snapshot(serving).partnerships == {}
    import_file(importing, FICTIONAL_PATH, at=AT)  # another process, to `serving`
    time.sleep(0.3)
    assert snapshot(serving).partnerships, "read again once the interval has passed"
    serving.dispose()
    importing.dispose()


def test_this_process_import_is_seen_at_once(store: Store) -> None:
    assert snapshot(store).partnerships == {}
    import_file(store, FICTIONAL_PATH, at=AT)
    assert snapshot(store).partnerships


def test_a_rebuild_declines_to_run_promptly(store: Store) -> None:
    snapshot(store)
    import_file(store, FICTIONAL_PATH, at=AT)
    with promptly(), pytest.raises(WouldWait):
        snapshot(store)
    assert snapshot(store).partnerships
    with promptly():
        assert snapshot(store).partnerships, "a current snapshot is no trouble"


def test_a_build_waits_for_another_big_job_and_threads_asking_at_once_share_it(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_file(store, FICTIONAL_PATH, at=AT)
    built: list[Snapshot] = []
    monkeypatch.setattr(
        snapshots, "Snapshot", lambda **rows: built.append(Snapshot(**rows)) or built[-1]
    )
    got: list[Snapshot] = []
    askers = [threading.Thread(target=lambda: got.append(snapshot(store))) for _ in range(3)]
    with one_big_job_at_a_time():  # as the start-up plan would be, in another thread
        for asker in askers:
            asker.start()
        time.sleep(0.3)
        assert built == [] and got == [], "no build while the other job runs"
    for asker in askers:
        asker.join(10)
    assert len(built) == 1, "built once, not once for each thread that asked"
    assert [plans is built[0] for plans in got] == [True, True, True]
