"""`GET /calendar/<token>.ics`: a feed for calendar apps to subscribe to.

The token is the only credential, so an unknown, revoked or malformed one gets the same
404 as any path that does not exist. ETag and Last-Modified let a client that polls every
hour get a 304 when nothing changed.
"""

import hashlib
import logging
import re
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import FastAPI, HTTPException, Request, Response

from store import feeds
from store.db import Store

SUFFIX = ".ics"
CONTENT_TYPE = "text/calendar; charset=utf-8"
_TOKEN_PATH = re.compile(r"/calendar/[^/?\s]+")


def hide_tokens(record: logging.LogRecord) -> bool:
    """Keep feed tokens out of uvicorn's access log: a logged link is a leaked key."""
    if isinstance(record.args, tuple):
        record.args = tuple(
            _TOKEN_PATH.sub("/calendar/<token>", arg) if isinstance(arg, str) else arg
            for arg in record.args
        )
    return True


def mount_calendar(app: FastAPI, *, store: Store) -> None:
    logging.getLogger("uvicorn.access").addFilter(hide_tokens)

    # A plain function: FastAPI runs it in a worker thread, off the event loop.
    @app.get("/calendar/{name}")
    def calendar(name: str, request: Request, parent: str | None = None) -> Response:
        body, last_modified = _feed(store, name, with_parent=parent in ("1", "true", "yes"))
        headers = {
            "ETag": f'"{hashlib.sha256(body).hexdigest()[:32]}"',
            "Last-Modified": format_datetime(last_modified, usegmt=True),
            "Cache-Control": "private, no-cache",
        }
        if _not_modified(request, headers["ETag"], last_modified):
            return Response(status_code=304, headers=headers)
        return Response(body, media_type=CONTENT_TYPE, headers=headers)


def _feed(store: Store, name: str, *, with_parent: bool) -> tuple[bytes, datetime]:
    if not name.endswith(SUFFIX):
        raise HTTPException(status_code=404)
    with store.session() as session:
        found = feeds.feed_of_token(session, token_hash=feeds.hash_token(name[: -len(SUFFIX)]))
    if found is None:
        raise HTTPException(status_code=404)
    feed, subject = found
    # Imported at the first request: `icalendar` (90 modules, 3 MB) is not kept in every
    # server's memory for the few that serve feeds.
    from bot.calendar_feed import feed_text, load_feed

    content = load_feed(store, feed=feed, subject=subject, with_parent=with_parent)
    if content is None:  # the partnership or person was removed since
        raise HTTPException(status_code=404)
    return feed_text(content), content.last_modified.astimezone(UTC).replace(microsecond=0)


def _not_modified(request: Request, etag: str, last_modified: datetime) -> bool:
    """RFC 9110: If-None-Match decides when present; else If-Modified-Since."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    since = request.headers.get("if-modified-since")
    if since is None:
        return False
    try:
        when = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False  # a malformed date is ignored, as the RFC says
    return when.tzinfo is not None and last_modified <= when
