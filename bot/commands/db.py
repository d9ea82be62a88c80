"""`cspbot db upgrade`."""

import typer

from bot.commands.common import DbOption, echo, open_store


def register(app: typer.Typer) -> None:
    db_app = typer.Typer(help="Database schema.", no_args_is_help=True)

    @db_app.command("upgrade")
    def upgrade(db: DbOption = None) -> None:
        """Create the tables, or bring an older database up to the current schema."""
        store = open_store(db, create=True)
        echo(f"database is up to date ({store.dialect})")
        store.dispose()

    app.add_typer(db_app, name="db")
