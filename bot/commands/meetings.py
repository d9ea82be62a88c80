"""`cspbot sync-meetings`: committee meetings from the councils' ModernGov sites."""

from typing import Annotated

import typer

from bot.commands.common import DbOption, fail, open_store, settings
from schedules.clock import SystemClock
from schedules.meetings import sync_meetings


def register(app: typer.Typer) -> None:
    app.command("sync-meetings")(sync_meetings_command)


def sync_meetings_command(
    partnership: Annotated[
        str | None,
        typer.Option(
            "--partnership", help="Only this partnership's committees.", show_default=False
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would change; change nothing.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Keep one milestone per meeting of the committees named in the data files' `moderngov`
    blocks: add new meetings, move moved ones, cancel cancelled ones (with their reminders)."""
    import httpx  # here: `cspbot serve` registers this command, and httpx loads rich

    config = settings()
    store = open_store(db)
    try:
        with httpx.Client(timeout=config.moderngov_timeout_seconds) as client:
            result = sync_meetings(
                store,
                client,
                now=SystemClock().now(),
                partnership_ids=None if partnership is None else [partnership],
                dry_run=dry_run,
                horizon_days=config.plan_horizon_days,
                escalation_days=config.escalation_working_days,
            )
    finally:
        store.dispose()
    if result.committees == 0:
        where = f"partnership {partnership!r}" if partnership else "the store"
        fail(f"no ModernGov committees in {where} (see `moderngov` in docs/data-file.md)")
    prefix = "would " if dry_run else ""
    for change in result.changes:
        typer.echo(prefix + change.line())
    if not result.changes:
        typer.echo("no changes")
    for failure in result.failures:
        typer.echo(f"cspbot: could not sync {failure}", err=True)
    if result.failures:
        raise typer.Exit(1)
