"""Bulk inserts for generated data (the benchmarks): many rows in one statement."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, SQLModel


def insert_rows(
    session: Session, model: type[SQLModel], rows: Sequence[dict[str, Any]], *, chunk: int = 5000
) -> None:
    """Insert plain dict rows into the model's table, `chunk` at a time."""
    for start in range(0, len(rows), chunk):
        session.execute(insert(model), list(rows[start : start + chunk]))
