"""Feeds served by `cspbot serve` at their secret links, with cheap re-polling."""

import logging
import re
from datetime import UTC, datetime
from email.utils import format_datetime

import httpx
from typer.testing import CliRunner

from bot.calendar_feed import feed_text, load_feed
from bot.calendar_web import hide_tokens
from bot.cli import app
from bot.settings import Settings
from bot.web import create_app
from schedules.clock import SystemClock
from store import feeds
from store.datafile import import_text
from store.db import Store
from tests.bot.test_calendar_feed import AT, FILE
from tests.support.server import serve

runner = CliRunner()


def _link(database_url: str, *args: str) -> tuple[str, str]:
    """The https link `cspbot calendar-link` prints, and its whole output."""
    result = runner.invoke(app, ["calendar-link", *args, "--db", database_url])
    assert result.exit_code == 0, result.output
    found = re.search(r"^https: (\S+)$", result.output, re.MULTILINE)
    assert found is not None, result.output
    return found[1], result.output


def test_subscription_links_serve_the_feed_and_answer_304(database_url: str) -> None:
    store = Store.open(database_url)
    import_text(store, FILE, at=AT)
    link, output = _link(database_url, "--partnership", "csp", "--base-url", "https://x.test/")
    token = link.removeprefix("https://x.test/calendar/").removesuffix(".ics")
    assert len(token) >= 40 and f"webcal://x.test/calendar/{token}.ics" in output
    with store.session() as session:  # only the hash is kept
        assert feeds.feed_of_token(session, token_hash=feeds.hash_token(token)) is not None
        assert feeds.feed_of_token(session, token_hash=token) is None
    application = create_app(settings=Settings(), store=store, clock=SystemClock())
    with serve(application) as base, httpx.Client(base_url=base) as client:
        url = f"/calendar/{token}.ics"
        first = client.get(url)
        assert first.status_code == 200
        assert first.headers["content-type"].startswith("text/calendar")
        content = load_feed(store, feed="partnership", subject="csp")
        assert content is not None and first.content == feed_text(content)
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
        assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
        stale = format_datetime(datetime(2020, 1, 1, tzinfo=UTC), usegmt=True)
        assert client.get(url, headers={"If-Modified-Since": stale}).status_code == 200
        assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
        with_parent = client.get(url, params={"parent": "1"})
        assert b"board-meeting.board@cspbot.calendar" in with_parent.content
        assert b"board-meeting.board" not in first.content

        import_text(store, FILE.replace("Strategic assessment", "SA"), at=datetime.now(UTC))
        changed = client.get(url, headers={"If-None-Match": etag})
        assert changed.status_code == 200 and b"SUMMARY:SA" in changed.content
        assert changed.headers["etag"] != etag

        # Asking again issues a new link and ends the old one.
        new_link, output = _link(database_url, "--partnership", "csp", "--base-url", base)
        assert "no longer works" in output
        new_token = new_link.rsplit("/", 1)[1]
        assert client.get(url).status_code == 404
        assert client.get(f"/calendar/{new_token}").status_code == 200
        revoked = runner.invoke(
            app, ["calendar-link", "--partnership", "csp", "--revoke", "--db", database_url]
        )
        assert revoked.exit_code == 0 and "is ended" in revoked.output
        unknown = client.get(f"/calendar/{new_token}")
        assert unknown.status_code == 404
        assert unknown.content == client.get("/calendar/nonsense.ics").content
        assert client.get(f"/calendar/{new_token.removesuffix('.ics')}").status_code == 404
    store.dispose()


def test_person_links_and_bad_requests(database_url: str) -> None:
    store = Store.open(database_url)
    import_text(store, FILE, at=AT)
    store.dispose()
    link, _ = _link(database_url, "--person", "officer", "--base-url", "https://x.test")
    assert link.startswith("https://x.test/calendar/") and link.endswith(".ics")
    for args, message in (
        (["--person", "nobody", "--base-url", "https://x.test"], "no person 'nobody'"),
        (["--partnership", "csp", "--person", "officer"], "either --partnership"),
        (["--partnership", "csp", "--base-url", "ftp://x"], "--base-url must start"),
        (["--partnership", "csp", "--base-url", "http://bot.example"], "--base-url must start"),
        (["--partnership", "csp"], "give --base-url https://..."),
    ):
        result = runner.invoke(app, ["calendar-link", *args, "--db", database_url])
        assert result.exit_code == 1 and message in result.output, result.output


def test_tokens_stay_out_of_the_access_log() -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/calendar/s3cr3t-T0ken.ics?parent=1", "1.1", 200), None,
    )  # fmt: skip
    assert hide_tokens(record)
    assert "s3cr3t" not in record.getMessage()
    assert "/calendar/<token>?parent=1" in record.getMessage()
