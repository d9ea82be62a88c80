"""The `cspbot` command line: every subcommand is registered here, in one place."""

import typer

from bot.commands import conversation, data, db, doctor, reminders, serve, teams

app = typer.Typer(
    name="cspbot",
    help="cspbot: the assistant for Community Safety Partnerships.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (db, data, reminders, serve, conversation, teams, doctor):
    module.register(app)


def main() -> None:
    app()
