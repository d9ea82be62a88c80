"""`cspbot import FILE`, `cspbot import --demo` and `cspbot export [-o FILE]`."""

from pathlib import Path
from typing import Annotated

import typer

from bot.commands.common import DbOption, echo, fail, open_store
from schedules.clock import SystemClock
from store.datafile import DEMO_PATH, DataFileInvalid, DeletionsRefused, export_text, import_file

INVALID = 2  # the data file was refused; the store is unchanged


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
    app.command("export")(export_command)


def import_command(
    file: Annotated[
        Path | None, typer.Argument(help="The data file (YAML, version 1).", show_default=False)
    ] = None,
    demo: Annotated[
        bool, typer.Option("--demo", help="Load the demo data shipped with cspbot.")
    ] = False,
    allow_deletions: Annotated[
        bool,
        typer.Option(
            "--allow-deletions",
            help="Delete progress updates and done or snoozed marks that the file leaves out.",
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Check a partnership data file and load it; nothing is written if anything is wrong."""
    if (file is None) == (not demo):
        fail("give either a data file or --demo", code=INVALID)
    path = DEMO_PATH if demo else file
    assert path is not None
    store = open_store(db, create=True)
    try:
        summary = import_file(store, path, at=SystemClock().now(), allow_deletions=allow_deletions)
    except DeletionsRefused as refused:
        for line in refused.lines:
            typer.echo(line, err=True)
        fail(
            f"{path}: importing it would delete {len(refused.losses)} progress "
            "update(s) or done/snoozed mark(s) made since; nothing was imported. Import a "
            "newer export, or add --allow-deletions to delete them",
            code=INVALID,
        )
    except DataFileInvalid as invalid:
        for line in invalid.lines:
            typer.echo(line, err=True)
        count = len(invalid.errors)
        fail(
            f"{path}: {count} error{'s' if count != 1 else ''}; nothing was imported", code=INVALID
        )
    finally:
        store.dispose()
    echo(f"imported {path}")
    for line in summary.lines():
        echo(f"  {line}")


def export_command(
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Write to this file instead of standard output.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Write everything in the store as a data file (the format `cspbot import` reads)."""
    store = open_store(db)
    try:
        text = export_text(store)
    finally:
        store.dispose()
    if output is None:
        echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}")
    typer.echo(f"exported to {output}", err=True)
