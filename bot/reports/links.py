"""Signed, expiring download links for draft reports (Teams has no upload for bots).

A token names what to draft (partnership and meeting day) and when it stops working, and
carries an HMAC-SHA256 of that under a secret from the settings: a changed character or a
passed expiry is refused.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

LINK_LIFETIME = timedelta(days=7)
PATH = "/reports/"


class LinkRefused(Exception):
    """Not a link we signed, or one that has expired: `expired` says which."""

    def __init__(self, reason: str, *, expired: bool = False) -> None:
        super().__init__(reason)
        self.expired = expired


@dataclass(frozen=True)
class ReportLink:
    partnership_id: str
    meeting_day: date | None
    expires: datetime


def _signature(payload: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()


def sign(link: ReportLink, secret: str) -> str:
    day = link.meeting_day.isoformat() if link.meeting_day else ""
    text = f"{link.partnership_id}|{day}|{int(link.expires.timestamp())}"
    # Hex throughout: nothing a chat surface's Markdown escaping could change.
    payload = text.encode().hex()
    return f"{payload}.{_signature(payload.encode(), secret)}"


def verify(token: str, secret: str, *, now: datetime) -> ReportLink:
    payload, _, signature = token.partition(".")
    if not hmac.compare_digest(signature, _signature(payload.encode(), secret)):
        raise LinkRefused("this link was not made by cspbot, or has been changed")
    try:
        text = bytes.fromhex(payload).decode()
        partnership_id, day, expires = text.split("|")
        link = ReportLink(
            partnership_id,
            date.fromisoformat(day) if day else None,
            datetime.fromtimestamp(int(expires), UTC),
        )
    except (UnicodeDecodeError, ValueError):
        raise LinkRefused("this link is malformed") from None
    if now >= link.expires:
        raise LinkRefused("this link has expired (links last 7 days)", expired=True)
    return link


def url(public_url: str, link: ReportLink, secret: str) -> str:
    return public_url.rstrip("/") + PATH + sign(link, secret)
