"""The report as a Word document (python-docx): headings a committee system recognises,
a summary table with coloured RAG cells, a section per item, the milestones.

With `template`, the council's own .docx is the starting point: its styles, headers,
footers and any cover text are kept, and the report follows what is already there.
"""

import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell

from bot.reports.colours import RAG_FILL, RAG_TEXT, rag_words
from handlers.report import ReportData

SUMMARY_COLUMNS = (
    "Item",
    "Lead",
    "Lead body",
    "RAG",
    "RAG at previous meeting",
    "Direction of travel",
)
# Centimetres, for A4 portrait with Word's default margins (15.9 cm of text width).
COLUMN_WIDTHS = (4.4, 2.6, 2.8, 1.8, 2.2, 2.2)
STALE_MARK = " *"
STALE_NOTE = "* No update since the previous meeting."


def docx_bytes(report: ReportData, *, template: Path | None = None) -> bytes:
    document = Document(str(template)) if template else Document()
    data = report.as_dict()
    _front(document, data)
    _summary(document, data["items"])
    _items(document, data["items"])
    _milestones(document, data)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _style(document: DocumentObject, name: str) -> str | None:
    """The style when the document (perhaps a house template) has it, else the default."""
    return name if any(s.name == name for s in document.styles) else None


def _paragraph(document: DocumentObject, text: str = "", *, bold: bool = False) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(text).bold = bold


def _fact(document: DocumentObject, label: str, value: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(value)


def _front(document: DocumentObject, data: dict[str, Any]) -> None:
    document.add_heading(data["title"], level=0)
    meeting, plan, previous = data["meeting"], data["plan"], data["previous_meeting"]
    when = meeting["date_text"] + (f" at {meeting['time']}" if meeting["time"] else "")
    _fact(document, meeting["kind_words"], f"{meeting['title']}, {when}")
    partnership = data["partnership"]
    area = f" ({partnership['area']})" if partnership["area"] else ""
    _fact(document, "Partnership", partnership["name"] + area)
    if plan:
        period = (
            f" ({plan['starts_text']} to {plan['ends_text']})"
            if plan["starts_text"] and plan["ends_text"]
            else ""
        )
        _fact(document, "Plan", plan["title"] + period)
    else:
        _fact(document, "Plan", "No plan recorded")
    _fact(
        document,
        "Previous meeting",
        f"{previous['title']}, {previous['date_text']}" if previous else "None recorded",
    )
    _fact(document, "Draft prepared", data["drafted_text"])


def _shade(cell: _Cell, rag: str | None) -> None:
    cell.text = rag_words(rag)
    if rag not in RAG_FILL:
        return
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), RAG_FILL[rag])
    cell._tc.get_or_add_tcPr().append(shading)
    run = cell.paragraphs[0].runs[0]
    run.bold = True
    run.font.color.rgb = RGBColor.from_string(RAG_TEXT[rag])


def _summary(document: DocumentObject, items: list[dict[str, Any]]) -> None:
    document.add_heading("Summary", level=1)
    table = document.add_table(rows=1, cols=len(SUMMARY_COLUMNS))
    table.style = _style(document, "Table Grid")
    for cell, heading in zip(table.rows[0].cells, SUMMARY_COLUMNS, strict=True):
        cell.text = heading
        cell.paragraphs[0].runs[0].bold = True
    for item in items:
        name, lead, body, rag, previous, travel = table.add_row().cells
        name.text = item["name"] + (STALE_MARK if item["stale"] else "")
        lead.text = item["lead"] or "Not assigned"
        body.text = item["lead_body"] or ""
        _shade(rag, item["rag"])
        _shade(previous, item["previous_rag"])
        travel.text = item["direction"]
    table.autofit = False
    # Both the grid (LibreOffice reads it) and each cell (Word reads those).
    for column, width in zip(table.columns, COLUMN_WIDTHS, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, COLUMN_WIDTHS, strict=True):
            cell.width = Cm(width)
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    if any(item["stale"] for item in items):
        _paragraph(document, STALE_NOTE)


def _items(document: DocumentObject, items: list[dict[str, Any]]) -> None:
    document.add_heading("Progress by item", level=1)
    for item in items:
        document.add_heading(item["name"], level=2)
        where = f", {item['lead_body']}" if item["lead_body"] else ""
        _paragraph(
            document,
            f"{item['kind_words']}. Lead: {item['lead'] or 'not assigned'}{where}. "
            f"RAG: {rag_words(item['rag'])}.",
        )
        if item["stale"]:
            _paragraph(document, "No update since the previous meeting.", bold=True)
        update = item["latest"]
        if update is None:
            _paragraph(document, "No update has been posted.")
            continue
        by = f", by the {update['author_role']}" if update["author_role"] else ""
        _paragraph(document, f"Latest update, {update['date_text']}{by}:")
        document.add_paragraph(update["text"], style=_style(document, "Quote"))


def _milestones(document: DocumentObject, data: dict[str, Any]) -> None:
    document.add_heading("Milestones", level=1)
    sections = (
        ("Done since the previous meeting", data["done"]),
        ("Overdue", data["overdue"]),
        ("Due before the next meeting", data["due"]),
    )
    for heading, rows in sections:
        document.add_heading(heading, level=2)
        if not rows:
            _paragraph(document, "None.")
        for row in rows:
            basis = f" (statutory basis: {row['basis']})" if row["basis"] else ""
            document.add_paragraph(
                f"{row['date_text']}: {row['title']}{basis}",
                style=_style(document, "List Bullet"),
            )
