"""`cspbot doctor`."""

import typer

from bot.commands.common import DbOption, settings
from bot.doctor import examine


def register(app: typer.Typer) -> None:
    app.command("doctor")(doctor_command)


def doctor_command(db: DbOption = None) -> None:
    """Check the database, Slack, Teams and who reminders can reach; one line a check,
    with what to do about each failure. Exits 1 when any check fails."""
    config = settings()
    findings = examine(config, database_url=db or config.database_url)
    for finding in findings:
        typer.echo(finding.line())
    failed = sum(not finding.ok for finding in findings)
    typer.echo(f"{failed} of {len(findings)} checks failed" if failed else "all checks passed")
    raise typer.Exit(1 if failed else 0)
