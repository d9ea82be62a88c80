"""Slack's request signature (v0, HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing
secret), checked before Bolt sees the request.

Bolt's own check parses the body first (a 500 for malformed JSON or binary), crashes on a
timestamp that is not a number, and logs the whole body of every refused request. This one
is as strict (five minutes either way, constant-time comparison) and says in a few words
why a request was refused, never what it held.
"""

import hashlib
import hmac
import re
from collections.abc import Mapping

from schedules.clock import Clock, SystemClock

MAX_AGE_SECONDS = 5 * 60
_TIMESTAMP = re.compile(r"[0-9]{1,12}")


class SlackVerifier:
    def __init__(self, signing_secret: str, *, clock: Clock | None = None) -> None:
        self._secret = signing_secret.encode()
        # Slack stamps requests with the real time, whatever clock the answers use.
        self._clock = clock or SystemClock()

    def refusal(self, body: bytes, headers: Mapping[str, str]) -> str | None:
        """None for a genuine request, else why it is refused."""
        timestamp = headers.get("x-slack-request-timestamp")
        signature = headers.get("x-slack-signature")
        if timestamp is None or signature is None:
            return "no signature"
        if not _TIMESTAMP.fullmatch(timestamp):
            return "malformed timestamp"
        if abs(self._clock.now().timestamp() - int(timestamp)) > MAX_AGE_SECONDS:
            return "stale timestamp"
        base = b"v0:" + timestamp.encode() + b":" + body
        expected = "v0=" + hmac.new(self._secret, base, hashlib.sha256).hexdigest()
        # Header values arrive as latin-1 text: compare bytes, whatever they hold.
        if not hmac.compare_digest(expected.encode(), signature.encode("latin-1")):
            return "bad signature"
        return None
