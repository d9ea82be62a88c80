"""The draft report: its data, the Word file read back with python-docx, the HTML parsed,
the Markdown, and `cspbot report`."""

import io
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner

from bot.cli import app
from bot.reports import report_bytes
from handlers.report import ReportData, ReportUnavailable, draft_report
from store import updates
from store.db import Store
from store.tables import Milestone, OccurrenceState
from tests.rounds.support import seed_round, utc

NOW = utc(2027, 1, 5, 12)
runner = CliRunner()


def seed_history(store: Store) -> None:
    seed_round(store)
    with store.transaction() as session:
        session.add_all(
            [
                Milestone(id="scrutiny", partnership_id="csp", title="Scrutiny committee",
                          kind="scrutiny", due_date=date(2026, 11, 10), due_time="18:00"),
                Milestone(id="sa", partnership_id="csp", title="Strategic assessment",
                          kind="strategic_assessment", due_date=date(2026, 12, 1),
                          basis="Crime and Disorder Act 1998 s.6"),
                Milestone(id="return", partnership_id="csp", title="Serious violence return",
                          kind="other", due_date=date(2026, 12, 15), basis="SI 2022/1234"),
                Milestone(id="refresh", partnership_id="csp", title="Plan refresh",
                          kind="other", due_date=date(2027, 2, 1)),
            ]
        )  # fmt: skip
        session.flush()
        session.add(
            OccurrenceState(milestone_id="sa", occurrence=date(2026, 12, 1), status="done",
                            done_at=utc(2026, 12, 2, 10), done_by="coord")
        )  # fmt: skip
        for item, rag, text, posted in (
            ("asb", "amber", "Patrols planned", utc(2026, 10, 1, 9)),
            ("asb", "green", "Patrols up <b>40%</b> & complaints down", utc(2026, 12, 28, 9)),
            ("sv", "red", "Knife crime rising", utc(2026, 12, 30, 9)),
            ("vawg", "green", "Campaign launched", utc(2026, 9, 1, 9)),
        ):
            updates.add_update(
                session, partnership_id="csp", priority_id=item, author_id="lead-a",
                posted=posted, rag=rag, text=text, source="terminal",
            )  # fmt: skip


def report(store: Store) -> ReportData:
    with store.session() as session:
        return draft_report(session, partnership_id="csp", on_or_after=None, now=NOW)


def test_the_data_compares_with_the_previous_meeting(store: Store) -> None:
    seed_history(store)
    data = report(store).as_dict()
    assert data["meeting"]["date_text"] == "12 January 2027"
    assert data["previous_meeting"]["title"] == "Scrutiny committee"
    assert data["plan"]["title"] == "Plan 2026-29"
    rows = {
        i["id"]: (i["rag"], i["previous_rag"], i["direction"], i["stale"]) for i in data["items"]
    }
    assert rows == {
        "asb": ("green", "amber", "Improving", False),
        "sv": ("red", None, "New rating", False),
        "vawg": ("green", "green", "No change", True),
        "housing": (None, None, "Not rated", True),
    }  # the old plan's item is not in it
    asb = next(i for i in data["items"] if i["id"] == "asb")
    assert asb["latest"]["author_role"] == "Police Inspector"
    assert asb["latest"]["date_text"] == "28 December 2026"
    assert [m["id"] for m in data["done"]] == ["sa"]
    assert [(m["id"], m["basis"]) for m in data["overdue"]] == [("return", "SI 2022/1234")]
    assert [m["id"] for m in data["due"]] == ["refresh"]


def test_no_meeting_or_no_partnership_is_said_plainly(store: Store) -> None:
    seed_history(store)
    with store.session() as session, pytest.raises(ReportUnavailable, match="on or after"):
        draft_report(session, partnership_id="csp", on_or_after=date(2027, 2, 1), now=NOW)
    with store.session() as session, pytest.raises(ReportUnavailable, match="no partnership"):
        draft_report(session, partnership_id="nope", on_or_after=None, now=NOW)


def test_the_word_file_reads_back(store: Store) -> None:
    seed_history(store)
    document = docx.Document(io.BytesIO(report_bytes(report(store), "docx")))
    styled = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    headings = [(style, text) for style, text in styled if style.startswith(("Heading", "Title"))]
    assert headings[:2] == [("Title", "Test CSP: progress report"), ("Heading 1", "Summary")]
    assert ("Heading 2", "Anti-social behaviour") in headings
    assert ("Heading 1", "Milestones") in headings and ("Heading 2", "Overdue") in headings
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Board meeting: CSP Board, 12 January 2027 at 10:00" in text
    assert "Latest update, 28 December 2026, by the Police Inspector:" in text
    assert "* No update since the previous meeting." in text
    assert "15 December 2026: Serious violence return (statutory basis: SI 2022/1234)" in text
    [table] = document.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == [
        "Item",
        "Lead",
        "Lead body",
        "RAG",
        "RAG at previous meeting",
        "Direction of travel",
    ]
    assert [r[0] for r in rows[1:]] == [
        "Anti-social behaviour",
        "Serious violence",
        "Violence against women and girls *",
        "Housing and neighbourhoods *",
    ]
    assert rows[1][1:] == ["Police Inspector", "Test Council", "Green", "Amber", "Improving"]

    def fill(cell: object) -> str | None:
        shading = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None  # type: ignore[attr-defined]
        return None if shading is None else shading.get(qn("w:fill"))

    assert [fill(table.rows[i].cells[3]) for i in range(1, 5)] == [
        "00B050",
        "C00000",
        "00B050",
        None,
    ]
    assert fill(table.rows[1].cells[4]) == "FFC000"


def test_a_house_template_keeps_its_own_content(store: Store, tmp_path: Path) -> None:
    seed_history(store)
    house = docx.Document()
    house.add_paragraph("Ashfield District Council: Committee report")
    template = tmp_path / "house.docx"
    house.save(str(template))
    document = docx.Document(io.BytesIO(report_bytes(report(store), "docx", template=template)))
    assert document.paragraphs[0].text == "Ashfield District Council: Committee report"
    assert document.paragraphs[1].text == "Test CSP: progress report"


class Cells(HTMLParser):
    """The summary table's cells, with their style, and all the text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[tuple[str, str | None]]] = []
        self.text: list[str] = []
        self._style: str | None = None
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self._in_cell, self._style = True, dict(attrs).get("style")
            self.rows[-1].append(("", self._style))

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_cell:
            text, style = self.rows[-1][-1]
            self.rows[-1][-1] = (text + data, style)


def test_the_html_parses_with_coloured_rag_cells_and_escaped_text(store: Store) -> None:
    seed_history(store)
    html = report_bytes(report(store), "html").decode()
    parser = Cells()
    parser.feed(html)
    body = [row for row in parser.rows if row]
    assert len(body) == 4
    assert body[0][3] == ("Green", "background-color: #00B050; color: #FFFFFF")
    assert body[0][4][1] == "background-color: #FFC000; color: #000000"
    assert body[3][3] == ("Not rated", None)
    text = "".join(parser.text)
    assert "Patrols up <b>40%</b> & complaints down" in text  # shown, not interpreted
    assert "<b>" not in html.replace("&lt;b&gt;", "")
    assert "@media print" in html and "<link" not in html  # one file that prints


def test_markdown_has_every_item(store: Store) -> None:
    seed_history(store)
    md = report_bytes(report(store), "md").decode()
    assert md.startswith("# Test CSP: progress report\n")
    assert (
        "| Anti-social behaviour | Police Inspector | Test Council | Green | Amber | Improving |"
        in md
    )
    assert "- 1 February 2027: Plan refresh\n" in md


def test_cspbot_report_writes_each_format(store: Store, database_url: str, tmp_path: Path) -> None:
    seed_history(store)
    for name in ("report.docx", "report.html", "report.md"):
        out = tmp_path / name
        result = runner.invoke(
            app,
            [
                "report",
                "--partnership",
                "csp",
                "--for",
                "2027-01-01",
                "-o",
                str(out),
                "--db",
                database_url,
            ],
        )
        assert result.exit_code == 0, result.output
        assert "CSP Board, 12 January 2027" in result.output
    assert (tmp_path / "report.docx").read_bytes()[:2] == b"PK"
    assert (tmp_path / "report.html").read_text().startswith("<!DOCTYPE html>")
    bad = runner.invoke(
        app, ["report", "--partnership", "nope", "-o", str(tmp_path / "x.md"), "--db", database_url]
    )
    assert bad.exit_code == 1 and "no partnership with the id 'nope'" in bad.output
