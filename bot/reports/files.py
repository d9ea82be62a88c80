"""The draft report a reply asks for (`reply.data["report"]`: partnership_id, and the
meeting's `occurrence` when the round names one), as a Word file: written to the reports
directory (terminal, console), uploaded by the Slack notifier, or linked for Teams."""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bot.reports import report_bytes
from bot.reports.links import LINK_LIFETIME, ReportLink, url
from bot.settings import Settings
from handlers.report import ReportUnavailable, draft_report
from handlers.types import Reply
from schedules.clock import Clock
from store.db import Store

REPORT_KEY = "report"


@dataclass(frozen=True)
class ReportFile:
    name: str
    content: bytes


def wants_report(reply: Reply) -> dict[str, Any] | None:
    ref = reply.data.get(REPORT_KEY)
    return ref if isinstance(ref, dict) else None


def with_attachment(reply: Reply, text: str) -> Reply:
    """The reply, saying where its report is (the templates show `attachment`)."""
    return Reply(reply.intent, reply.template, {**reply.data, "attachment": text})


class ReportFiles:
    def __init__(self, *, store: Store, clock: Clock, settings: Settings) -> None:
        self.store, self.clock, self.settings = store, clock, settings

    def _day(self, ref: dict[str, Any]) -> date | None:
        return date.fromisoformat(ref["occurrence"]) if ref.get("occurrence") else None

    def draft(self, ref: dict[str, Any]) -> ReportFile | None:
        """None when there is no meeting to report to."""
        try:
            with self.store.session() as session:
                report = draft_report(
                    session,
                    partnership_id=str(ref["partnership_id"]),
                    on_or_after=self._day(ref),
                    now=self.clock.now(),
                )
        except ReportUnavailable:
            return None
        slug = re.sub(r"[^a-z0-9]+", "-", report.partnership["id"].lower()).strip("-")
        name = f"{slug}-report-{report.meeting['date']}.docx"
        return ReportFile(name, report_bytes(report, "docx"))

    def write(self, ref: dict[str, Any]) -> str:
        """The sentence saying where the file is (or why there is none)."""
        found = self.draft(ref)
        if found is None:
            return "There is no meeting to draft a report for."
        directory = Path(self.settings.reports_dir)
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / found.name
        path.write_bytes(found.content)
        return f"The draft report is in {path.resolve()}"

    def link(self, ref: dict[str, Any]) -> str:
        """The sentence with a signed download link, or saying how to get one."""
        secret, public = self.settings.link_secret, self.settings.public_url
        if not secret or not public:
            return (
                "Download links need CSPBOT_PUBLIC_URL and CSPBOT_LINK_SECRET: until they "
                f"are set, run: cspbot report --partnership {ref['partnership_id']} -o report.docx"
            )
        expires = self.clock.now() + LINK_LIFETIME
        target = ReportLink(str(ref["partnership_id"]), self._day(ref), expires)
        return (
            f"Download the draft report (the link works for 7 days): {url(public, target, secret)}"
        )
