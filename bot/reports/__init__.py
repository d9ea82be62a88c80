"""The progress report rendered: Word (python-docx), one printable HTML file, Markdown.

The data comes from handlers.report; here it only takes a shape per format.
"""

from pathlib import Path

from bot.reports.text import html_text, markdown_text
from handlers.report import ReportData

FORMATS = ("docx", "html", "md")
EXTENSIONS = {"docx": "docx", "html": "html", "htm": "html", "md": "md", "markdown": "md"}


def report_bytes(report: ReportData, fmt: str, *, template: Path | None = None) -> bytes:
    if fmt == "docx":
        # Imported when a Word file is asked for: python-docx and lxml cost a server ~8 MB.
        from bot.reports.docx import docx_bytes

        return docx_bytes(report, template=template)
    if fmt == "html":
        return html_text(report).encode("utf-8")
    return markdown_text(report).encode("utf-8")


def format_of(path: Path, asked: str | None) -> str:
    """The format asked for, else the file's extension when it names one, else Word."""
    return asked or EXTENSIONS.get(path.suffix.lower().lstrip("."), "docx")
