"""`cspbot reminders --from D --to D [--json]` and `cspbot reminders --failed`."""

import json
from datetime import date
from typing import Annotated, Any

import typer

from bot.commands.common import DbOption, day_option, echo, fail, open_store, settings
from schedules.calendar import partnership_zone
from schedules.messages import uk_date
from schedules.plan import DIGEST_PREFIX, Planned, plan_window
from schedules.rounds import items_by_partnership
from store import deliveries, directory, occurrences
from store.tables import Delivery, Milestone, Partnership

# A year at a time: with the bounds on each milestone's occurrences and offsets
# (schedules/occurrences.py), this bounds what one command can print.
MAX_WINDOW_DAYS = 366


def register(app: typer.Typer) -> None:
    app.command("reminders")(reminders_command)


def reminders_command(
    start: Annotated[
        str | None, typer.Option("--from", help="First local send day, YYYY-MM-DD.")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last local send day, YYYY-MM-DD.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    failed: Annotated[
        bool, typer.Option("--failed", help="List deliveries that gave up, with the reason.")
    ] = False,
    db: DbOption = None,
) -> None:
    """List what the reminder rules send in a window (whatever was sent already), or the
    deliveries that failed."""
    first, last = day_option(start, "--from"), day_option(end, "--to")
    if failed == (first is not None or last is not None):
        fail("give either --from and --to, or --failed")
    store = open_store(db)
    try:
        with store.session() as session:
            partnerships = {p.id: p for p in occurrences.all_partnerships(session)}
            if failed:
                rows = [_failed(row, partnerships) for row in deliveries.failed_deliveries(session)]
            else:
                milestones = {m.id: m for m in occurrences.all_milestones(session)}
                items = items_by_partnership(
                    directory.all_plans(session), directory.all_priorities(session)
                )
    finally:
        store.dispose()
    if failed:
        _print(rows, as_json, empty="no failed deliveries", line=_failed_line)
        return
    if first is None or last is None:
        fail("give both --from and --to")
    if last < first:
        fail(f"--to ({last}) is before --from ({first})")
    if (last - first).days >= MAX_WINDOW_DAYS:
        fail(f"--from and --to span more than {MAX_WINDOW_DAYS} days: ask for a year at a time")
    planned = plan_window(
        milestones.values(),
        partnerships,
        start=first,
        end=last,
        escalation_days=settings().escalation_working_days,
        items=items,
    )
    rows = [_planned(item, milestones, partnerships) for item in planned]
    _print(rows, as_json, empty="nothing is sent in that window", line=_planned_line)


def _title(
    subject: str, milestones: dict[str, Milestone], partnerships: dict[str, Partnership]
) -> str:
    if subject.startswith(DIGEST_PREFIX):
        partnership = partnerships.get(subject.removeprefix(DIGEST_PREFIX))
        return f"Weekly digest: {partnership.name if partnership else subject}"
    milestone = milestones.get(subject)
    return milestone.title if milestone else subject


def _planned(
    item: Planned, milestones: dict[str, Milestone], partnerships: dict[str, Partnership]
) -> dict[str, Any]:
    tz = partnership_zone(partnerships[item.partnership_id])
    return {
        "milestone": item.subject,
        "title": _title(item.subject, milestones, partnerships),
        "occurrence": item.occurrence.isoformat(),
        "recipient": item.recipient,
        "send_at": item.send_at.astimezone(tz).isoformat(),
        "kind": item.kind,
    }


def _failed(row: Delivery, partnerships: dict[str, Partnership]) -> dict[str, Any]:
    partnership = partnerships.get(row.partnership_id)
    tz = partnership_zone(partnership) if partnership else None
    return {
        "id": row.id,
        "kind": row.kind,
        "subject": row.subject,
        "occurrence": row.occurrence.isoformat(),
        "recipient": row.recipient,
        "send_at": row.send_at.astimezone(tz).isoformat(),
        "attempts": row.attempts,
        "reason": row.last_error,
    }


def _when(iso: str) -> str:
    moment = date.fromisoformat(iso[:10])
    return f"{moment:%a} {uk_date(moment)} {iso[11:16]}"


def _planned_line(row: dict[str, Any]) -> str:
    return (
        f"{_when(row['send_at'])}  {row['kind']:<15}  {row['recipient']:<24}  "
        f"{row['title']} ({uk_date(date.fromisoformat(row['occurrence']))})"
    )


def _failed_line(row: dict[str, Any]) -> str:
    return (
        f"#{row['id']}  {_when(row['send_at'])}  {row['kind']} {row['subject']} "
        f"({row['occurrence']}) to {row['recipient']}: {row['reason']} "
        f"after {row['attempts']} attempt{'s' if row['attempts'] != 1 else ''}"
    )


def _print(rows: list[dict[str, Any]], as_json: bool, *, empty: str, line: Any) -> None:
    if as_json:
        echo(json.dumps(rows, indent=2))
    elif not rows:
        echo(empty)
    else:
        echo("\n".join(line(row) for row in rows))
