"""What every command shares: the --db option, opening the store, failing cleanly."""

import logging
from typing import Annotated, NoReturn

import typer
from pydantic import ValidationError

from bot.logs import json_logging
from bot.settings import Settings
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


def open_store(db: str | None) -> Store:
    """Open the database, waiting for its server up to CSPBOT_DB_WAIT_SECONDS, and bring
    its schema up to date; a bad URL or a server that never answers ends the command with
    a message, not a traceback."""
    config = settings()
    try:
        return Store.open(db or config.database_url, wait_seconds=config.db_wait_seconds)
    except DatabaseError as exc:
        fail(str(exc))
