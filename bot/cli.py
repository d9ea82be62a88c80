"""The `cspbot` command line: every subcommand is registered here, in one place."""

import typer

from bot.commands import (
    calendar,
    conversation,
    data,
    db,
    doctor,
    meetings,
    reminders,
    report,
    serve,
    teams,
    unanswered,
)

app = typer.Typer(
    name="cspbot",
    help="cspbot: the assistant for Community Safety Partnerships.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (
    db,
    data,
    reminders,
    report,
    serve,
    conversation,
    teams,
    unanswered,
    calendar,
    meetings,
    doctor,
):
    module.register(app)


def main() -> None:
    app()
