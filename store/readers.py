"""A SQLite file's connections for the raw reads made as the bot answers (the occurrence
states of a deadlines answer, store/occurrences.py), one per thread, kept.

Taking a connection from SQLAlchemy's pool and giving it back (with the rollback it does
on return) cost about as much as the query itself, on most messages. A SQLite connection
outside a transaction holds nothing between statements, and in WAL mode a read never
waits for a writer, so keeping one per thread changes nothing of what is read. The
threads that read are few and long-lived (the event loop's, asyncio's worker threads);
each one's connection stays open until the store is disposed of.
"""

import sqlite3
import threading
import weakref
from collections.abc import Callable

from sqlalchemy.engine import Engine


class ThreadConnections:
    def __init__(self, connect: Callable[[], sqlite3.Connection]) -> None:
        self._connect = connect
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._lock = threading.Lock()  # guards _opened, which close() empties

    def get(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._connect()
            with self._lock:
                self._opened.append(connection)
            self._local.connection = connection
        return connection

    def close(self) -> None:
        with self._lock:
            for connection in self._opened:
                connection.close()
            self._opened.clear()
        self._local = threading.local()


# By engine: a session knows its engine, not the store it came from.
_BY_ENGINE: "weakref.WeakKeyDictionary[Engine, ThreadConnections]" = weakref.WeakKeyDictionary()


def register(engine: Engine, readers: ThreadConnections) -> None:
    _BY_ENGINE[engine] = readers


def readers_of(engine: Engine) -> ThreadConnections | None:
    """The engine's connections per thread; None for PostgreSQL and in-memory SQLite,
    whose reads go through the pool."""
    return _BY_ENGINE.get(engine)


def unregister(engine: Engine) -> None:
    readers = _BY_ENGINE.pop(engine, None)
    if readers is not None:
        readers.close()
