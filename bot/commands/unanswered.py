"""`cspbot unanswered [--since DATE] [--json]`: what people asked that the bot could not
answer, grouped by similar text, most frequent first."""

import json
from datetime import datetime, time
from typing import Annotated, Any

import typer

from bot.commands.common import DbOption, day_option, open_store, settings
from handlers.unanswered import Group, forget_old, group_unanswered
from schedules.calendar import local_instant, zone
from schedules.clock import SystemClock
from schedules.messages import uk_date, uk_datetime
from store.unanswered import unanswered_since

LONDON = zone(None)


def register(app: typer.Typer) -> None:
    app.command("unanswered")(unanswered_command)


def _since(text: str | None) -> datetime | None:
    day = day_option(text, "--since")
    return None if day is None else local_instant(day, time(0, 0), LONDON)


def unanswered_command(
    since: Annotated[
        str | None, typer.Option("--since", help="From this local day on, YYYY-MM-DD.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    db: DbOption = None,
) -> None:
    """List the messages the bot could not answer, grouped by similar text."""
    start = _since(since)
    days = settings().unanswered_days
    store = open_store(db)
    try:
        # Whatever is past keeping goes first, so the list never shows it.
        forget_old(store, now=SystemClock().now(), days=days)
        with store.session() as session:
            groups = group_unanswered(unanswered_since(session, since=start))
    finally:
        store.dispose()
    if as_json:
        typer.echo(json.dumps([_as_data(g) for g in groups], ensure_ascii=False, indent=2))
        return
    when = f"since {uk_date(start.astimezone(LONDON).date())}" if start else f"in {days} days"
    if not groups:
        typer.echo(f"nothing went unanswered {when}")
        return
    total = sum(g.count for g in groups)
    typer.echo(
        f"{total} message{'s' if total != 1 else ''} not answered {when}, "
        f"in {len(groups)} group{'s' if len(groups) != 1 else ''}, most frequent first:"
    )
    for group in groups:
        typer.echo(_lines(group))


def _as_data(group: Group) -> dict[str, Any]:
    return {
        "count": group.count,
        "example": group.example,
        "texts": list(dict.fromkeys(m.text for m in group.messages)),
        "first": group.first.astimezone(LONDON).isoformat(),
        "first_text": uk_datetime(group.first, LONDON),
        "last": group.last.astimezone(LONDON).isoformat(),
        "last_text": uk_datetime(group.last, LONDON),
        "platforms": group.platforms,
        "partnerships": group.partnerships,
    }


def _lines(group: Group) -> str:
    seen = (
        f"on {uk_datetime(group.first, LONDON)}"
        if group.count == 1
        else f"first {uk_datetime(group.first, LONDON)}, last {uk_datetime(group.last, LONDON)}"
    )
    where = ", ".join(group.platforms)
    if group.partnerships:
        where += "; " + ", ".join(group.partnerships)
    return f'{group.count:>4}  "{group.example}"\n      {seen} ({where})'
