"""Outbound delivery: one platform per message, and the console for a laptop.

The router sends each reminder through Slack when the recipient (a person's Slack id, a
partnership's Slack channel) is reachable there and Slack is configured, else through Teams
likewise, else to the console/log, so `cspbot serve` shows the whole flow with no platform.
The Slack and Teams adapters register their Notifiers in bot/web.py.
"""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace

from bot.render import render
from bot.reports.files import ReportFiles, wants_report, with_attachment
from handlers.types import Notifier, Outbound, Reply
from store import occurrences
from store.db import Store
from store.people import person_by_id

log = logging.getLogger("cspbot.deliveries")

CONSOLE, SLACK, TEAMS = "console", "slack", "teams"


def plain_text(reply: Reply) -> str:
    return render(reply, surface="text")


class ConsoleNotifier:
    """Writes each message, rendered as plain text, to the log (and so the console)."""

    def __init__(self, render: Callable[[Reply], str] = plain_text) -> None:
        self.render = render

    async def deliver(self, outbound: Outbound) -> None:
        to = (
            f"person {outbound.person_id}"
            if outbound.person_id
            else (f"channel of {outbound.partnership_id}")
        )
        text = self.render(outbound.reply)
        log.info(
            "delivery %s to %s:\n%s",
            outbound.delivery_id,
            to,
            text,
            extra={"delivery_id": outbound.delivery_id},
        )


class NotifierRouter:
    """A Notifier that picks one platform per message."""

    def __init__(
        self, store: Store, *, console: Notifier, reports: ReportFiles | None = None
    ) -> None:
        self.store = store
        self.notifiers: dict[str, Notifier] = {CONSOLE: console}
        self.reports = reports

    def register(self, platform: str, notifier: Notifier) -> None:
        """Called by bot/web.py for each configured platform (`slack`, `teams`)."""
        self.notifiers[platform] = notifier

    def platform_for(self, outbound: Outbound) -> str:
        with self.store.session() as session:
            if outbound.person_id is not None:
                person = person_by_id(session, person_id=outbound.person_id)
                ids = (person.slack_id, person.teams_id) if person else (None, None)
            else:
                partnership = occurrences.partnership_by_id(
                    session, partnership_id=outbound.partnership_id or ""
                )
                ids = (
                    (partnership.slack_channel, partnership.teams_channel)
                    if partnership
                    else (None, None)
                )
        for platform, reachable in zip((SLACK, TEAMS), ids, strict=True):
            if reachable and platform in self.notifiers:
                return platform
        return CONSOLE

    async def deliver(self, outbound: Outbound) -> None:
        platform = await asyncio.to_thread(self.platform_for, outbound)
        ref = wants_report(outbound.reply)
        # The draft report: a file path on the console, a signed link in Teams; the Slack
        # notifier uploads the file itself.
        if ref is not None and self.reports is not None and platform != SLACK:
            where = self.reports.link if platform == TEAMS else self.reports.write
            text = await asyncio.to_thread(where, ref)
            outbound = replace(outbound, reply=with_attachment(outbound.reply, text))
        await self.notifiers[platform].deliver(outbound)
