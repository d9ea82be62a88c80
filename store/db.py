"""The engine, transactions and schema upgrades for one database URL.

SQLite (a local file, WAL) is the embedded default; PostgreSQL (psycopg 3) serves several
replicas. Every write goes through `Store.transaction()`, one transaction per unit of work.

Only `cspbot db upgrade` and `cspbot import` create a database; every other command opens
one that exists (`Store.open(url, create=False)`). A SQLite file deleted or replaced under
a running process would silently take its writes with it: `Store.health()` notices (one
stat() of the path against the device and inode opened), and `transaction()` refuses to
write while it says so.
"""

import itertools
import logging
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import quote

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine

from store import readers
from store.unsynced import UnsyncedConnection, begin_at_once

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

VERSION_TABLE = "alembic_version"  # Alembic's default, which env.py keeps
MIGRATIONS = Path(__file__).parent / "migrations"
# Seconds to give a PostgreSQL server to accept a connection; a health check or a start-up
# wait must not hang on a server that neither answers nor refuses.
CONNECT_TIMEOUT = 5
# The first pause between tries while waiting for the database, doubled each time, at most.
FIRST_PAUSE, LONGEST_PAUSE = 0.5, 8.0
NO_DATABASE_HINT = "run `cspbot import` or `cspbot db upgrade` first"
# How many threads asyncio.to_thread may use: ThreadPoolExecutor's default size.
WORKER_THREADS = min(32, (os.cpu_count() or 1) + 4)
# How long a SQLite connection waits for another's write lock before giving up.
BUSY_TIMEOUT_MS = 30_000


class DatabaseError(Exception):
    """The database URL is unusable or the server cannot be reached; the text says what to do."""


class StoreUnavailable(DatabaseError):
    """The database file this process opened is gone or replaced: nothing may be written."""


class WouldWait(Exception):
    """Work done `promptly()` needed something it could not have at once: SQLite's write
    lock, held by another connection, or a rebuild of the plans held in memory. Raised
    before anything is written, so the work can be done again where waiting is fine."""


_PROMPTLY: ContextVar[bool] = ContextVar("cspbot_promptly", default=False)


@contextmanager
def promptly() -> Iterator[None]:
    """Within the block, a SQLite write that would wait for the write lock raises
    WouldWait instead (and so does anything else that declines to wait, through
    `must_not_wait()`): for store work run on the event loop, which must never block."""
    token = _PROMPTLY.set(True)
    try:
        yield
    finally:
        _PROMPTLY.reset(token)


def must_not_wait() -> bool:
    return _PROMPTLY.get()


def begin_immediate(connection: Any) -> None:
    """BEGIN IMMEDIATE on a sqlite3 connection or cursor: the write lock, waited for up to
    BUSY_TIMEOUT_MS, or not at all within `promptly()`."""
    if not _PROMPTLY.get():
        connection.execute("BEGIN IMMEDIATE")
        return
    connection.execute("PRAGMA busy_timeout=0")
    try:
        if not begin_at_once(connection):
            raise WouldWait("another connection holds the SQLite write lock")
    finally:
        connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL, or None for PostgreSQL and in-memory SQLite."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def normalise_url(url: str) -> str:
    """Use psycopg 3 for plain postgresql:// URLs (SQLAlchemy would pick psycopg2)."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(
            f"not a database URL: {url!r} (try sqlite:///cspbot.db or "
            "postgresql://user@host:5432/dbname)"
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, in_memory=parsed.database in (None, "", ":memory:"))
    if parsed.get_backend_name() != "postgresql":
        raise DatabaseError(
            f"unsupported database {parsed.get_backend_name()!r}: use SQLite or PostgreSQL"
        )
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_TIMEOUT})


def _sqlite_engine(url: str, *, in_memory: bool) -> Engine:
    # A file database keeps a connection for each worker thread of asyncio's default
    # executor, where the web app does its store work: with QueuePool's default of 5, a
    # burst of requests opened and closed a connection (with its pragmas, ~0.5 ms) each.
    extra: dict[str, Any] = (
        {"poolclass": StaticPool} if in_memory else {"pool_size": WORKER_THREADS}
    )
    path = sqlite_file(url)
    if path is not None:
        # mode=rw: a new connection never creates the file (Store.open(create=True) does),
        # so a file deleted under a running process is not silently replaced by an empty one.
        target = f"file:{quote(str(path.absolute()))}?mode=rw"
        extra["creator"] = lambda: sqlite3.connect(
            target, uri=True, check_same_thread=False, timeout=30
        )
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **extra)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's BEGIN be ours: pysqlite's own implicit transactions would
        # otherwise defer locking, and the reminder sweep needs BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        if conn.get_execution_options().get("sqlite_immediate", False):
            # A write waits for the disk as it commits. The setting is per connection, and
            # the event-id record (store/events.py) turns it down on the connection it used.
            driver = conn.connection.driver_connection
            driver.execute("PRAGMA synchronous=FULL")
            begin_immediate(driver)
        else:
            conn.connection.driver_connection.execute("BEGIN")

    return engine


def alembic_config(engine: Engine | None = None) -> "Config":
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def where(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def wait_for_database(
    engine: Engine, *, max_seconds: float, sleep: Callable[[float], None] = time.sleep
) -> None:
    """Return once a connection opens; until then try again with a doubling pause, for
    up to `max_seconds` of pauses in all, saying each time what is awaited and why. A
    container started beside its database server would otherwise exit at once."""
    waited, pause = 0.0, FIRST_PAUSE
    while True:
        try:
            with engine.connect():
                return
        except OperationalError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            if waited >= max_seconds:
                raise DatabaseError(
                    f"cannot open the database at {where(engine)}: {reason}"
                ) from exc
            pause = min(pause, LONGEST_PAUSE, max_seconds - waited)
            log.warning(
                "waiting for the database at %s (%s); trying again in %.1f s, %.0f s left",
                where(engine),
                reason,
                pause,
                max_seconds - waited,
            )
            sleep(pause)
            waited += pause
            pause *= 2


# One key for "migrating cspbot's schema", per schema, so that replicas starting together
# on one PostgreSQL database migrate one at a time (the others wait, then find it done).
MIGRATION_LOCK = "hashtext('cspbot-migrate:' || current_schema())"


# One key for "importing a data file", per schema. On PostgreSQL two imports at the same
# moment would each check their file against the store as it was before the other wrote
# (and could, say, give two people one Slack id); holding this lock to the end of the
# import's transaction makes them take turns. SQLite's IMMEDIATE transactions already do.
IMPORT_LOCK = "hashtext('cspbot-import:' || current_schema())"


def take_import_lock(session: Session) -> None:
    """Wait for any other import to finish; released when the transaction ends."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SELECT pg_advisory_xact_lock({IMPORT_LOCK})"))


def upgrade(engine: Engine) -> None:
    """Bring an empty or older database up to the current schema. Alembic is loaded only
    when there is something to do: it would stay in a server's memory (10 MB) for good."""
    try:
        if current_revision(engine) == head_revision():
            return
    except OperationalError as exc:
        raise DatabaseError(f"cannot open the database at {where(engine)}: {exc.orig}") from exc
    from alembic import command
    from alembic.util.exc import CommandError

    try:
        if engine.dialect.name == "postgresql":
            with engine.connect() as lock:
                lock.execute(text(f"SELECT pg_advisory_lock({MIGRATION_LOCK})"))
                lock.commit()  # the lock belongs to the session, not to this transaction
                try:
                    command.upgrade(alembic_config(engine), "head")
                finally:
                    lock.execute(text(f"SELECT pg_advisory_unlock({MIGRATION_LOCK})"))
                    lock.commit()
        else:
            command.upgrade(alembic_config(engine), "head")
    except OperationalError as exc:
        raise DatabaseError(f"cannot open the database at {where(engine)}: {exc.orig}") from exc
    except CommandError as exc:
        raise DatabaseError(
            f"the database at {where(engine)} has a schema this version"
            f" of cspbot does not know ({exc}): was it made by a newer one?"
        ) from exc


def _create_file(engine: Engine) -> None:
    """An empty SQLite file where the URL says, if there is none yet."""
    path = sqlite_file(engine.url.render_as_string(hide_password=False))
    if path is None or path.exists():
        return
    try:
        sqlite3.connect(path).close()
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot create the database at {path}: {exc}") from exc


def _require_existing(engine: Engine) -> None:
    """A database that some command created: for SQLite, the file exists (connecting would
    create it); on any backend, it has tables."""
    path = sqlite_file(where(engine))
    if path is not None and not path.exists():
        raise DatabaseError(f"no database at {path}: {NO_DATABASE_HINT}")
    if path is None and engine.dialect.name == "sqlite":
        raise DatabaseError(f"an in-memory database is empty: {NO_DATABASE_HINT}")
    try:
        with engine.connect() as connection:
            tables = inspect(connection).get_table_names()
    except OperationalError as exc:
        raise DatabaseError(f"cannot open the database at {where(engine)}: {exc.orig}") from exc
    if not tables:
        raise DatabaseError(f"the database at {where(engine)} is empty: {NO_DATABASE_HINT}")


_REVISION = re.compile(r"^(revision|down_revision)\b[^=\n]*=(.*)$", re.MULTILINE)
_QUOTED = re.compile(r"""['"](\w+)['"]""")


def head_revision() -> str | None:
    """The latest migration this code knows: the one no other follows. Read from the
    migrations' own lines (`revision = ...`, `down_revision = ...`, a tuple for a merge),
    as Alembic reads them, without loading Alembic (see upgrade)."""
    revisions: set[str] = set()
    followed: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        found = {name: _QUOTED.findall(value) for name, value in _REVISION.findall(text)}
        revisions.update(found["revision"][:1])
        followed.update(found.get("down_revision", []))
    heads = revisions - followed
    if len(heads) > 1:
        raise DatabaseError(f"the migrations have several heads: {sorted(heads)}")
    return heads.pop() if heads else None


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (None: not migrated at all). Read directly, not
    through Alembic's MigrationContext, which logs at INFO each time (readiness asks often)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        return connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


class Store:
    """One database: sessions for reading, transactions for writing."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._file = sqlite_file(engine.url.render_as_string(hide_password=False))
        # The file as opened: the same path holding another file later is not this store.
        self._identity = None if self._file is None else _file_identity(self._file)
        self._reported: str | None = None
        self._commits = itertools.count(1)
        # Transactions committed through this object so far (next() is atomic under the
        # GIL): what is cached from the store knows when this process changed it.
        self.commits = 0
        # A SQLite file's connection for the records written as the bot answers
        # (store/raw.py); an in-memory database has one connection, the pool's.
        self.unsynced = None if self._file is None else UnsyncedConnection(self._detached)
        if self._file is not None:
            readers.register(engine, readers.ThreadConnections(self._detached))

    def _detached(self) -> sqlite3.Connection:
        """A connection of the pool's making (its pragmas set), no longer the pool's."""
        pooled = self.engine.raw_connection()
        connection = cast(sqlite3.Connection, pooled.driver_connection)
        pooled.detach()
        return connection

    @classmethod
    def open(
        cls, url: str, *, migrate: bool = True, create: bool = True, wait_seconds: float = 0.0
    ) -> "Store":
        """With `create=False` a missing database is an error that says how to make one,
        rather than a new empty database."""
        engine = make_engine(url)
        if wait_seconds > 0 and engine.dialect.name != "sqlite":  # a file needs no waiting
            wait_for_database(engine, max_seconds=wait_seconds)
        if create:
            _create_file(engine)
        else:
            _require_existing(engine)
        if migrate:
            upgrade(engine)
        return cls(engine)

    def health(self) -> str | None:
        """Why nothing can be written to this store, or None when all is well. Cheap: one
        stat() of a SQLite file; PostgreSQL servers report their own failures."""
        if self._file is None:
            return None
        now = _file_identity(self._file)
        if now is None:
            return f"the database file {self._file} has gone (deleted or moved)"
        if now != self._identity:
            return f"the database file {self._file} was replaced by another file"
        return None

    def check_identity(self) -> None:
        """Raise StoreUnavailable when `health()` finds a problem (logged once per reason)."""
        reason = self.health()
        if reason is None:
            return
        if reason != self._reported:
            self._reported = reason
            log.error("%s: refusing to write; restart cspbot once the database is back", reason)
        raise StoreUnavailable(reason)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def prompt(self) -> bool:
        """Whether short store work may run on the event loop (`promptly()`): a SQLite
        file, whose reads never wait (WAL) and whose writes can decline to. A PostgreSQL
        query is a network round trip, and is always made from a worker thread."""
        return self.dialect == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read session; anything it writes is rolled back."""
        with Session(self.engine) as session:
            yield session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on any error.

        On SQLite it begins IMMEDIATE, taking the write lock at once: a deferred transaction
        that reads and then writes fails with "database is locked" when another process
        wrote in between (the reminder sweep, a second replica), where waiting is right.
        """
        self.check_identity()
        with Session(self.engine) as session, session.begin():
            session.connection(execution_options={"sqlite_immediate": True})
            yield session
        self.commits = next(self._commits)

    def ping(self) -> None:
        """Raises unless the database answers a query."""
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def dispose(self) -> None:
        if self.unsynced is not None:
            self.unsynced.close()
        readers.unregister(self.engine)
        self.engine.dispose()
