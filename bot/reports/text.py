"""The report as Markdown (for pasting) and as one self-contained HTML file that prints
well, from the Jinja2 templates in bot/templates/report/."""

from bot.render import environment
from bot.reports.colours import RAG_FILL, RAG_TEXT, rag_words
from handlers.report import ReportData


def _cell(text: object) -> str:
    """Markdown table cell text: no line breaks, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def markdown_text(report: ReportData) -> str:
    env = environment().overlay()
    env.filters |= {"cell": _cell, "rag_words": rag_words}
    return env.get_template("report/report.md.j2").render(**report.as_dict()).strip() + "\n"


def html_text(report: ReportData) -> str:
    # Escaped throughout: update texts are written by people in chat.
    env = environment().overlay(autoescape=True)
    env.filters |= {"rag_words": rag_words}
    env.globals |= {"rag_fill": RAG_FILL, "rag_text": RAG_TEXT}
    return env.get_template("report/report.html.j2").render(**report.as_dict())
