"""`cspbot ask "TEXT"` and `cspbot chat`: talk to the bot from a terminal."""

import json
from typing import Annotated

import typer

from bot.commands.common import DbOption, echo, fail, open_store, settings
from bot.render import render
from bot.reports.files import ReportFiles
from bot.terminal import BadTime, UnknownPerson, ask, chat, identity, parse_local_time
from schedules.clock import Clock, FixedClock, SystemClock

AsOption = Annotated[
    str | None,
    typer.Option("--as", help="Ask as this person (a person id from the data); else a guest."),
]
AtOption = Annotated[
    str | None,
    typer.Option("--at", help="Ask at this local time, YYYY-MM-DDTHH:MM (Europe/London)."),
]


def register(app: typer.Typer) -> None:
    # A message may start with "-" ("-1", "- update ASB ..."): unknown options are words.
    app.command("ask", context_settings={"ignore_unknown_options": True})(ask_command)
    app.command("chat")(chat_command)


def _clock(at: str | None) -> Clock:
    if at is None:
        return SystemClock()
    try:
        return FixedClock(parse_local_time(at))
    except BadTime as exc:
        fail(str(exc))


def ask_command(
    words: Annotated[
        list[str],
        typer.Argument(
            help='The message, in everyday words; after "--" even words that look like options.',
            metavar="MESSAGE",
            show_default=False,
        ),
    ],
    as_person: AsOption = None,
    at: AtOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help='Print {"intent", "text", "data"} as JSON.')
    ] = False,
    db: DbOption = None,
) -> None:
    """Send one message to the bot and print its reply."""
    text = " ".join(words)
    clock = _clock(at)
    store = open_store(db)
    try:
        sender = identity(store, as_person)
        reports = ReportFiles(store=store, clock=clock, settings=settings())
        reply = ask(store, text, sender=sender, at=clock.now(), reports=reports)
    except UnknownPerson as exc:
        fail(str(exc))
    finally:
        store.dispose()
    text_reply = render(reply)
    if as_json:
        payload = {"intent": reply.intent, "text": text_reply, "data": reply.data}
        echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        echo(text_reply)


def chat_command(as_person: AsOption = None, at: AtOption = None, db: DbOption = None) -> None:
    """A conversation with the bot in the terminal ("quit" or Ctrl-D to leave)."""
    clock = _clock(at)
    store = open_store(db)
    try:
        reports = ReportFiles(store=store, clock=clock, settings=settings())
        chat(store, sender=identity(store, as_person), clock=clock, write=echo, reports=reports)
    except UnknownPerson as exc:
        fail(str(exc))
    finally:
        store.dispose()
