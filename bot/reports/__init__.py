"""The progress report rendered: Word (python-docx), one printable HTML file, Markdown.

The data comes from handlers.report; here it only takes a shape per format.
"""

from pathlib import Path

from bot.reports.docx import docx_bytes
from bot.reports.text import html_text, markdown_text
from handlers.report import ReportData

FORMATS = ("docx", "html", "md")


def report_bytes(report: ReportData, fmt: str, *, template: Path | None = None) -> bytes:
    if fmt == "docx":
        return docx_bytes(report, template=template)
    if fmt == "html":
        return html_text(report).encode("utf-8")
    return markdown_text(report).encode("utf-8")


def format_of(path: Path, asked: str | None) -> str:
    """The format asked for, else the file's extension when it names one, else Word."""
    if asked is not None:
        return asked
    suffix = path.suffix.lower().lstrip(".")
    return (
        {"htm": "html", "markdown": "md"}.get(suffix, suffix)
        if suffix in (*FORMATS, "htm", "markdown")
        else "docx"
    )
