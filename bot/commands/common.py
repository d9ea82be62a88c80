"""What every command shares: the --db option, opening the store, failing cleanly."""

import contextlib
import logging
import os
import sys
from datetime import date
from typing import Annotated, NoReturn

import typer
from pydantic import ValidationError

from bot.logs import json_logging
from bot.settings import Settings
from schedules.calendar import SUPPORTED_YEARS
from store.db import DatabaseError, Store

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (default: $CSPBOT_DATABASE_URL, else sqlite:///cspbot.db).",
        show_default=False,
    ),
]


def fail(message: str, *, code: int = 1) -> NoReturn:
    if json_logging():  # `cspbot serve` with CSPBOT_LOG_FORMAT=json: every line is JSON
        logging.getLogger("cspbot").error(message)
    else:
        typer.echo(f"cspbot: {message}", err=True)
    raise typer.Exit(code)


def echo(text: str, *, nl: bool = True) -> None:
    """Print to standard output; a write that fails (a full disk, a closed pipe) ends the
    command with one line on standard error and status 1, not a traceback."""
    try:
        typer.echo(text, nl=nl)
        sys.stdout.flush()
    except OSError as exc:
        _discard_standard_output()
        fail(f"cannot write to standard output: {exc.strerror or exc}")


def _discard_standard_output() -> None:
    """Point standard output at the null device, so that what is still buffered does not
    fail again (with a traceback) as the interpreter exits."""
    # Not a real file (a test runner's buffer): then nothing is flushed at exit anyway.
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def settings() -> Settings:
    """The environment's settings; a malformed one ends the command with its name and why."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']} "
            f"(got {error['input']!r})"
            for error in exc.errors()
        )
        fail(f"a setting in the environment is not valid: {problems}")


def open_store(db: str | None, *, create: bool = False) -> Store:
    """Open the database, waiting for its server up to CSPBOT_DB_WAIT_SECONDS, and bring
    its schema up to date; a bad URL, a server that never answers or (unless `create`:
    `import` and `db upgrade`) a missing database ends the command with a message, not a
    traceback."""
    config = settings()
    try:
        return Store.open(
            db or config.database_url, create=create, wait_seconds=config.db_wait_seconds
        )
    except DatabaseError as exc:
        fail(str(exc))


def day_option(text: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option within the years the calendar supports; a clear error else."""
    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        fail(f"{option}: not a date: {text!r} (expected YYYY-MM-DD)")
    first, last = SUPPORTED_YEARS
    if not first <= day.year <= last:
        fail(f"{option}: {text} is out of range (years {first} to {last})")
    return day
