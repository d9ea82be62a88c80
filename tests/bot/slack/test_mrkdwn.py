"""Slack's markup made plain on the way in and escaped on the way out."""

import pytest

from bot.slack.mrkdwn import escape, to_plain


@pytest.mark.parametrize(
    ("slack_text", "plain"),
    [
        ("who leads on ASB?", "who leads on ASB?"),
        ("hi <@U0123ABC> there", "hi @U0123ABC there"),
        ("<!channel> look", "@channel look"),
        ("<!subteam^S1|@ops> look", "@ops look"),
        ("see <#C1234|community-safety>", "see #community-safety"),
        ("<https://example.org|the plan>", "the plan (https://example.org)"),
        ("<https://example.org>", "https://example.org"),
        ("<mailto:a@example.org|a@example.org>", "a@example.org"),
        ("fish &amp; chips &lt;3 &gt;", "fish & chips <3 >"),
        ("&lt;!channel&gt; &lt;https://evil|click&gt;", "<!channel> <https://evil|click>"),
    ],
)
def test_to_plain(slack_text: str, plain: str) -> None:
    assert to_plain(slack_text) == plain


def test_escape_makes_mentions_and_links_inert() -> None:
    assert escape("<!channel> <https://evil|click> & <@U1>") == (
        "&lt;!channel&gt; &lt;https://evil|click&gt; &amp; &lt;@U1&gt;"
    )


def test_round_trip_of_typed_text() -> None:
    typed = "a < b & c > d <!here>"
    assert to_plain(escape(typed)) == typed
