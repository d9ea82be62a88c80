"""The bot token scopes slack/manifest.yaml asks for (tests/bot/slack/test_scopes.py keeps
the two in step): `cspbot doctor` compares a token's scopes with them."""

REQUIRED_SCOPES = frozenset(
    {
        "app_mentions:read",
        "chat:write",
        "commands",
        "im:history",
        "im:read",
        "im:write",
        "users:read",
    }
)
# Without users:read.email people are recognised by their Slack id only, not by email;
# without channels:read and groups:read `cspbot doctor` cannot check channel membership.
OPTIONAL_SCOPES = frozenset({"users:read.email", "channels:read", "groups:read"})
