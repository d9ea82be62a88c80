"""Statements run on the pooled DBAPI connection itself, compiled once per dialect.

Only for the statements every chat message runs before it can be answered (recording the
platform's event id, reading the plans' data version), the record of a message the bot
could not answer, written as it answers, and the occurrence states most answers about
deadlines read. SQLAlchemy's execution layers cost
several times those queries, and more with the cold caches of a server that waits between
messages: that was most of the bot's own share of a reply's latency
(bench/slack_roundtrip.py). Values still go through each column type's bind processor,
so what is stored is exactly what SQLAlchemy would store, and a SELECT's values through
each column type's result processor, so what is read is exactly what SQLAlchemy would read.
"""

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy.engine import Dialect
from sqlalchemy.sql import ClauseElement, Select
from sqlalchemy.sql.compiler import SQLCompiler

from store.db import Store, WouldWait, begin_immediate, must_not_wait
from store.unsynced import Busy


@dataclass(frozen=True)
class RawStatement:
    sql: str
    order: tuple[str, ...] | None  # the parameters' order for a positional paramstyle
    defaults: Mapping[str, Any]
    processors: Mapping[str, Callable[[Any], Any]]
    # A SELECT's columns by name, each with its type's result processor (None: as read).
    columns: tuple[tuple[str, Callable[[Any], Any] | None], ...] = ()

    def parameters(self, values: Mapping[str, Any]) -> Any:
        """The DBAPI parameters for `values`, in the dialect's paramstyle."""
        given = {**self.defaults, **values}
        ready = {
            name: self.processors[name](value) if name in self.processors else value
            for name, value in given.items()
        }
        return tuple(ready[name] for name in self.order) if self.order is not None else ready

    def row(self, values: Sequence[Any]) -> dict[str, Any]:
        """A row the DBAPI returned for a SELECT, by column name, as SQLAlchemy reads it."""
        return {
            name: value if read is None else read(value)
            for (name, read), value in zip(self.columns, values, strict=True)
        }


def compile_raw(statement: ClauseElement, dialect: Dialect) -> RawStatement:
    # Statements (SELECT, INSERT) compile to an SQLCompiler, with binds and their order.
    compiled = cast(SQLCompiler, statement.compile(dialect=dialect))
    processors = {}
    for name, bind in compiled.binds.items():
        processor = bind.type.bind_processor(dialect)
        if processor is not None:
            processors[name] = processor
    order = tuple(compiled.positiontup or ()) if compiled.positional else None
    # Values written into the statement (a comparison's constant); the rest come per call.
    defaults = {name: bind.value for name, bind in compiled.binds.items() if not bind.required}
    columns: tuple[tuple[str, Callable[[Any], Any] | None], ...] = ()
    if isinstance(statement, Select):
        columns = tuple(
            (str(column.key), column.type.dialect_impl(dialect).result_processor(dialect, None))
            for column in statement.selected_columns
        )
    return RawStatement(
        sql=compiled.string,
        order=order,
        defaults=defaults,
        processors=processors,
        columns=columns,
    )


_COMPILED: dict[tuple[int, str], RawStatement] = {}


def raw_statement(store: Store, statement: ClauseElement) -> RawStatement:
    """`statement` compiled for the store's dialect, once per process. Keyed by the
    statement object itself, so pass module-level constants only. Two threads compiling
    the same statement at once both get the same result."""
    return compiled_for(store.engine.dialect, statement)


def compiled_for(dialect: Dialect, statement: ClauseElement) -> RawStatement:
    """`raw_statement` for a dialect (a session's, say) rather than a store."""
    key = (id(statement), dialect.name)
    if key not in _COMPILED:
        _COMPILED[key] = compile_raw(statement, dialect)
    return _COMPILED[key]


@contextmanager
def dbapi_connection(store: Store) -> Iterator[Any]:
    """A DBAPI connection from the store's pool, returned to it afterwards; the pool
    rolls back whatever is left open (PostgreSQL begins a transaction even to read)."""
    connection = store.engine.raw_connection()
    try:
        yield connection
    finally:
        connection.close()


def write_unsynced(store: Store, statement: RawStatement, values: Mapping[str, Any]) -> Any:
    """Run one write in a transaction of its own and commit it without waiting for the
    disk (SQLite's synchronous=NORMAL in WAL mode, PostgreSQL's synchronous_commit off);
    the first row it returns, if any.

    Only for records that are a convenience: a power cut may forget the last few, but
    nothing is ever corrupted, and a crash of cspbot alone loses none.

    A SQLite file's records go through its own connection (store/unsynced.py), which never
    waits for the write lock: when another connection holds it, the record is written
    through the pool, waiting, or within `promptly()` not at all (WouldWait).
    """
    parameters = statement.parameters(values)
    if store.unsynced is not None:
        try:
            return store.unsynced.write(statement.sql, parameters, wait=not must_not_wait())
        except Busy as exc:
            if must_not_wait():
                raise WouldWait(str(exc)) from exc
    with dbapi_connection(store) as connection:
        cursor = connection.cursor()
        try:
            if store.dialect == "sqlite":
                # Per connection: every other write sets FULL again as it begins (store/db.py).
                cursor.execute("PRAGMA synchronous=NORMAL")
                begin_immediate(cursor)
            else:
                cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute(statement.sql, parameters)
            row = cursor.fetchone() if cursor.description else None
            connection.commit()
            return row
        except BaseException:
            connection.rollback()
            raise
        finally:
            cursor.close()
