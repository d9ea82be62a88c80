"""Many rows into PostgreSQL at once: binary COPY into a temporary table of the session's
connection, for one statement to take them on from there. Binary, because text COPY
spends more of the client's time formatting values than the server spends storing them.
"""

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

from sqlmodel import Session

if TYPE_CHECKING:  # the driver is loaded only when PostgreSQL is used (SQLAlchemy does it)
    import psycopg

Columns = Sequence[tuple[str, str]]  # (name, type) pairs: "text", "int4", "date", ...


def driver_cursor(session: Session) -> "psycopg.Cursor[Any]":
    """A cursor of psycopg's own connection, inside the session's transaction (COPY needs
    the driver)."""
    connection = session.connection().connection.dbapi_connection
    return cast("psycopg.Connection[Any]", connection).cursor()


def copy_in(
    cursor: "psycopg.Cursor[Any]", table: str, columns: Columns, rows: Iterable[Sequence[Any]]
) -> None:
    """`rows` into temporary table `table`, emptied first (made on first use in this
    connection, and emptied again at each commit)."""
    names = ", ".join(name for name, _ in columns)
    definition = ", ".join(f"{name} {type_}" for name, type_ in columns)
    cursor.execute(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {table} ({definition}) ON COMMIT DELETE ROWS"
    )
    cursor.execute(f"TRUNCATE {table}")
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types([type_ for _, type_ in columns])
        for row in rows:
            copy.write_row(row)
