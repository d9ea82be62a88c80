"""`cspbot report --partnership ID [--for DATE] [--format docx|html|md] [--template FILE]
-o FILE`: the draft progress report for a board or scrutiny meeting."""

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from bot.commands.common import DbOption, fail, open_store
from bot.reports import FORMATS, format_of, report_bytes
from handlers.report import ReportUnavailable, draft_report
from schedules.clock import SystemClock


def register(app: typer.Typer) -> None:
    app.command("report")(report_command)


def report_command(
    partnership: Annotated[str, typer.Option("--partnership", help="The partnership's id.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The file to write.")],
    for_day: Annotated[
        str | None,
        typer.Option(
            "--for",
            help="The meeting on or after this day, YYYY-MM-DD (default: the next one).",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", help="docx, html or md (default: from the file's extension, else docx)."
        ),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option("--template", help="A Word file whose styles and headers to use (docx)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Draft the progress report for a partnership's next board or scrutiny meeting."""
    if fmt is not None and fmt not in FORMATS:
        fail(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    chosen = format_of(output, fmt)
    if template is not None and (chosen != "docx" or not template.is_file()):
        fail(f"--template: {template} must be an existing .docx file, for --format docx")
    day = None
    if for_day is not None:
        try:
            day = date.fromisoformat(for_day)
        except ValueError:
            fail(f"--for: not a date: {for_day!r} (expected YYYY-MM-DD)")
    store = open_store(db)
    try:
        with store.session() as session:
            report = draft_report(
                session, partnership_id=partnership, on_or_after=day, now=SystemClock().now()
            )
    except ReportUnavailable as exc:
        fail(str(exc))
    finally:
        store.dispose()
    try:
        output.write_bytes(report_bytes(report, chosen, template=template))
    except OSError as exc:
        fail(f"could not write {output}: {exc.strerror}")
    meeting = report.meeting
    typer.echo(f"wrote {output} ({chosen}): {meeting['title']}, {meeting['date_text']}")
