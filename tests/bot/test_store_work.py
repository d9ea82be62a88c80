"""Store work runs at once on the event loop for a request alone on SQLite, and in a worker
thread when requests overlap, when it would wait, or on PostgreSQL."""

import asyncio
import threading

from bot.store_work import StoreWork
from store.db import Store, WouldWait, must_not_wait


def where_it_ran(store: Store, *, requests: int, declines: bool = False) -> str:
    work = StoreWork(store)

    def task() -> str:
        if declines and must_not_wait():  # as a write meeting a held lock does
            raise WouldWait("held")
        return threading.current_thread().name

    async def handle() -> str:
        loop_thread = threading.current_thread().name
        with work.request():
            if requests > 1:
                with work.request():
                    ran = await work(task)
            else:
                ran = await work(task)
        return "loop" if ran == loop_thread else "thread"

    return asyncio.run(handle())


def test_a_request_alone_is_worked_at_once_on_sqlite(store: Store) -> None:
    expected = "loop" if store.dialect == "sqlite" else "thread"
    assert where_it_ran(store, requests=1) == expected


def test_overlapping_requests_and_work_that_would_wait_go_to_a_thread(store: Store) -> None:
    assert where_it_ran(store, requests=2) == "thread"
    assert where_it_ran(store, requests=1, declines=True) == "thread"
