"""Where the draft report goes: a file on the console or terminal, a signed link served by
`cspbot serve` for Teams (refused when changed or expired)."""

import asyncio
import io
from datetime import timedelta
from pathlib import Path

import docx
import httpx
import pytest

from bot.notifiers import TEAMS, NotifierRouter, plain_text
from bot.reports.files import ReportFiles
from bot.reports.links import LinkRefused, ReportLink, sign, verify
from bot.settings import Settings
from bot.web import create_app
from handlers.types import Outbound, Reply
from schedules.clock import FixedClock
from store.db import Store
from store.tables import Person
from tests.rounds.support import seed_round, utc
from tests.schedules.support import CountingNotifier
from tests.support.server import serve

NOW = utc(2027, 1, 7, 9)
SECRET = "a-test-secret-of-some-length"
SUMMARY = Reply(
    "notify",
    "report_ready",
    {"partnership": {"id": "csp", "name": "Test CSP", "short": "Test CSP"},
     "report": {"partnership_id": "csp", "occurrence": "2027-01-12"}},
)  # fmt: skip


def settings(tmp_path: Path, *, secret: str | None = None, url: str | None = None) -> Settings:
    return Settings(
        CSPBOT_REPORTS_DIR=str(tmp_path),
        CSPBOT_SWEEP_SECONDS=3600.0,
        CSPBOT_LINK_SECRET=secret,
        CSPBOT_PUBLIC_URL=url,
    )


def test_the_console_gets_the_path_of_the_file_written(store: Store, tmp_path: Path) -> None:
    seed_round(store)
    console = CountingNotifier()
    files = ReportFiles(store=store, clock=FixedClock(NOW), settings=settings(tmp_path))
    router = NotifierRouter(store, console=console, reports=files)
    asyncio.run(router.deliver(Outbound(delivery_id=1, reply=SUMMARY, person_id="coord")))
    [sent] = console.sent
    path = tmp_path / "csp-report-2027-01-12.docx"
    assert plain_text(sent.reply).endswith(f"The draft report is in {path.resolve()}")
    document = docx.Document(str(path))
    assert document.paragraphs[0].text == "Test CSP: progress report"


def test_teams_gets_a_signed_link_that_downloads_the_report(store: Store, tmp_path: Path) -> None:
    seed_round(store)
    clock = FixedClock(NOW)
    config = settings(tmp_path, secret=SECRET, url="http://x.invalid/")
    app = create_app(settings=config, store=store, clock=clock)
    teams = CountingNotifier()
    app.state.notifiers.register(TEAMS, teams)
    with store.transaction() as session:
        coord = session.get(Person, "coord")
        assert coord is not None
        coord.teams_id = "00000000-0000-4000-8000-00000000000c"
    with serve(app) as base:
        asyncio.run(
            app.state.notifiers.deliver(Outbound(delivery_id=1, reply=SUMMARY, person_id="coord"))
        )
        [sent] = [o for o in teams.sent if o.delivery_id == 1]  # not the start-up sweep's
        text = plain_text(sent.reply)
        link = text.rsplit(" ", 1)[-1]
        assert link.startswith("http://x.invalid/reports/")
        path = link.removeprefix("http://x.invalid")
        got = httpx.get(base + path)
        assert got.status_code == 200
        assert (
            got.headers["content-disposition"]
            == 'attachment; filename="csp-report-2027-01-12.docx"'
        )
        assert (
            docx.Document(io.BytesIO(got.content)).paragraphs[0].text == "Test CSP: progress report"
        )
        tampered = path[:-1] + ("0" if path[-1] != "0" else "1")
        assert httpx.get(base + tampered).status_code == 403
        other = sign(ReportLink("csp", None, NOW + timedelta(days=7)), "another-secret-entirely")
        assert httpx.get(f"{base}/reports/{other}").status_code == 403
        clock.advance(days=7)
        late = httpx.get(base + path)
        assert late.status_code == 410 and "expired" in late.text


def test_a_link_names_its_report_and_expiry() -> None:
    link = ReportLink("csp", None, NOW + timedelta(days=7))
    token = sign(link, SECRET)
    assert verify(token, SECRET, now=NOW) == link
    with pytest.raises(LinkRefused, match="expired"):
        verify(token, SECRET, now=NOW + timedelta(days=7))
    signature = token.split(".")[1]
    forged = sign(ReportLink("other", None, NOW + timedelta(days=70)), SECRET).split(".")[0]
    with pytest.raises(LinkRefused, match="changed"):
        verify(f"{forged}.{signature}", SECRET, now=NOW)


def test_without_a_secret_teams_is_told_how_to_get_the_report(store: Store, tmp_path: Path) -> None:
    files = ReportFiles(store=store, clock=FixedClock(NOW), settings=settings(tmp_path))
    assert "cspbot report --partnership csp" in files.link({"partnership_id": "csp"})
