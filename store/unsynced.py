"""A SQLite file's own connection for the records written as the bot answers (store/raw.py).

Set up once, not per record: it commits without waiting for the disk (synchronous=NORMAL,
WAL) and never waits for the write lock (busy_timeout=0). Taking a pooled connection and
switching those settings on and back for every record (three PRAGMAs) cost more than the
INSERT itself, before every chat message was answered (bench/slack_roundtrip.py).
"""

import sqlite3
import threading
from collections.abc import Callable
from typing import Any


class Busy(Exception):
    """The connection is in use by another thread (and the caller would not wait for it),
    or another connection holds SQLite's write lock. Nothing was written."""


def begin_at_once(connection: Any) -> bool:
    """BEGIN IMMEDIATE on a sqlite3 connection or cursor whose busy timeout the caller has
    set to 0: False, with nothing begun, when another connection holds the write lock."""
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorcode == sqlite3.SQLITE_BUSY:
            return False
        raise
    return True


class UnsyncedConnection:
    """One sqlite3 connection, opened on first use, used by one thread at a time."""

    def __init__(self, connect: Callable[[], sqlite3.Connection]) -> None:
        self._connect = connect
        self._connection: sqlite3.Connection | None = None
        # The event loop and worker threads share the connection: one statement at a time.
        self._lock = threading.Lock()

    def write(self, sql: str, parameters: Any, *, wait: bool) -> Any:
        """Run one write in a transaction of its own; the first row it returns, if any.
        Raises Busy rather than wait for SQLite's write lock; `wait=False` also rather
        than wait for another thread's write on this connection (the event loop's case)."""
        if not self._lock.acquire(blocking=wait):
            raise Busy("another thread is writing on the connection")
        try:
            connection = self._connection or self._open()
            if not begin_at_once(connection):
                raise Busy("another connection holds the SQLite write lock")
            try:
                # Every row read, so that nothing is still running as the transaction ends.
                rows = connection.execute(sql, parameters).fetchall()
                connection.commit()
            except BaseException:
                connection.rollback()
                raise
            return rows[0] if rows else None
        finally:
            self._lock.release()

    def _open(self) -> sqlite3.Connection:
        connection = self._connect()
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA busy_timeout=0")
        self._connection = connection
        return connection

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
