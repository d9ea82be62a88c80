"""Slack's mrkdwn both ways: incoming text made plain for the core, outgoing text escaped.

Slack sends `&`, `<` and `>` escaped and writes mentions and links as `<...>` tokens; the
core should see what the person typed. Going out, every piece of user or data text has
`&`, `<` and `>` escaped, so echoed text can never become `<!channel>`, a user mention
or a link whose label hides where it goes.
"""

import re

_TOKEN = re.compile(r"<([^<>]*)>")
_SPECIAL = {"channel": "@channel", "here": "@here", "everyone": "@everyone"}


def escape(text: str) -> str:
    """Escape text for any mrkdwn field (Slack's own three entities, nothing else)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_plain(text: str) -> str:
    """The text as the person typed it: tokens become their labels, entities unescaped."""
    plain = _TOKEN.sub(lambda match: _token_label(match.group(1)), text)
    return plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _token_label(token: str) -> str:
    target, _, label = token.partition("|")
    if target.startswith("!"):  # <!channel>, <!here>, <!subteam^ID|@team>, <!date^...|text>
        name = target[1:].split("^", 1)[0]
        return label or _SPECIAL.get(name, f"@{name}")
    if target[:1] in ("@", "#"):  # <@U123>, <#C123|general>
        return target[0] + label.lstrip("@#") if label else target
    target = target.removeprefix("mailto:")
    return f"{label} ({target})" if label and label != target else target
