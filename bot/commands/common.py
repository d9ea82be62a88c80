"""What every command shares: the --db option, opening the store, failing cleanly."""

from typing import Annotated, NoReturn

import typer

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
    typer.echo(f"cspbot: {message}", err=True)
    raise typer.Exit(code)


def settings() -> Settings:
    return Settings()


def open_store(db: str | None) -> Store:
    """Open the database and bring its schema up to date; a bad URL or an unreachable
    server ends the command with a message, not a traceback."""
    url = db or settings().database_url
    try:
        return Store.open(url)
    except DatabaseError as exc:
        fail(str(exc))
