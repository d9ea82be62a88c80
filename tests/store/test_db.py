"""The engine and schema: both backends migrate from empty, twice, and keep aware UTC."""

import sqlite3
import threading
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlmodel import select

from store.db import (
    MIGRATION_LOCK,
    DatabaseError,
    Store,
    WouldWait,
    alembic_config,
    current_revision,
    head_revision,
    make_engine,
    promptly,
)
from store.events import remember_event
from store.tables import AuditEntry, Organisation, Partnership


def test_upgrade_creates_every_table_and_is_repeatable(database_url: str) -> None:
    first = Store.open(database_url)
    first.dispose()
    second = Store.open(database_url)
    tables = set(inspect(second.engine).get_table_names())
    assert {"partnership", "milestone", "delivery", "auditentry", "alembic_version"} <= tables
    second.dispose()


def test_transaction_rolls_back_on_error(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as session:
        session.add(Organisation(id="ncc", name="Nottingham City Council"))
        session.flush()
        raise RuntimeError("boom")
    with store.session() as session:
        assert session.exec(select(Organisation)).all() == []


def test_datetimes_come_back_aware_utc(store: Store) -> None:
    at = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    with store.transaction() as session:
        session.add(AuditEntry(at=at, actor="test", action="create", entity="x", entity_id="1"))
    with store.session() as session:
        entry = session.exec(select(AuditEntry)).one()
    assert entry.at == at and entry.at.utcoffset() is not None


def test_json_lists_keep_their_order(store: Store) -> None:
    with store.transaction() as session:
        session.add(Partnership(id="ncsp", name="NCSP", aliases=["the city", "NCSP"]))
    with store.session() as session:
        partnership = session.get(Partnership, "ncsp")
    assert partnership is not None and partnership.aliases == ["the city", "NCSP"]


def test_bad_urls_raise_a_clear_error() -> None:
    with pytest.raises(DatabaseError, match="unsupported database"):
        Store.open("mysql://localhost/x")
    with pytest.raises(DatabaseError, match="cannot open the database"):
        Store.open("postgresql://nobody@127.0.0.1:1/none")


def test_sqlite_transactions_take_the_write_lock_at_once(sqlite_url: str) -> None:
    """A read-then-write transaction must wait for another writer, not fail midway."""
    store = Store.open(sqlite_url)
    path = sqlite_url.removeprefix("sqlite:///")
    with store.transaction():
        other = sqlite3.connect(path, timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
    with store.session() as session:
        session.connection()
        other = sqlite3.connect(path, timeout=0)
        other.execute("BEGIN IMMEDIATE")  # reads leave the write lock free
        other.rollback()
        other.close()
    store.dispose()


def test_prompt_sqlite_writes_refuse_to_wait_and_write_nothing(sqlite_url: str) -> None:
    """Within promptly() (store work on the event loop) a write that meets another
    connection's write lock stops at once, before writing; outside it, writes wait again."""
    store = Store.open(sqlite_url)
    at = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    path = sqlite_url.removeprefix("sqlite:///")
    other = sqlite3.connect(path, timeout=0, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    with promptly():
        with pytest.raises(WouldWait), store.transaction() as session:
            session.add(Organisation(id="org", name="Never written"))
        with pytest.raises(WouldWait):
            remember_event(store, platform="slack", event_id="Ev1", at=at)
    releases = threading.Timer(0.3, other.rollback)
    releases.start()
    assert remember_event(store, platform="slack", event_id="Ev1", at=at), "waited, then wrote"
    releases.join()
    other.close()
    with store.session() as session:
        assert session.get(Organisation, "org") is None
    with promptly():  # the lock is free: no waiting needed
        assert not remember_event(store, platform="slack", event_id="Ev1", at=at)
    store.dispose()


def test_migrations_go_down_to_nothing_and_up_again(database_url: str) -> None:
    """Every migration's downgrade runs and leaves a schema the upgrade can rebuild."""
    store = Store.open(database_url)
    config = alembic_config(store.engine)
    command.downgrade(config, "base")
    assert set(inspect(store.engine).get_table_names()) <= {"alembic_version"}
    command.upgrade(config, "head")
    tables = set(inspect(store.engine).get_table_names())
    assert {"partnership", "milestone", "delivery", "auditentry"} <= tables
    with store.transaction() as session:  # the rebuilt schema takes writes
        session.add(Organisation(id="ncc", name="Nottingham City Council"))
    store.dispose()


def test_replicas_migrate_one_at_a_time(postgres_url: str) -> None:
    """A replica starting while another migrates waits for the migration lock."""
    holder = make_engine(postgres_url)
    with holder.connect() as other_replica:
        other_replica.execute(text(f"SELECT pg_advisory_lock({MIGRATION_LOCK})"))
        opened: list[Store] = []
        starting = threading.Thread(target=lambda: opened.append(Store.open(postgres_url)))
        starting.start()
        starting.join(timeout=1.0)
        assert starting.is_alive() and opened == [], "it waited for the lock"
        other_replica.execute(text(f"SELECT pg_advisory_unlock({MIGRATION_LOCK})"))
        starting.join(timeout=30)
    holder.dispose()
    assert opened and current_revision(opened[0].engine) == head_revision()
    opened[0].dispose()


def test_the_head_revision_is_alembics() -> None:
    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()
