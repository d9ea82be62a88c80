"""Where each field of the data file lives in the tables: the column names that differ
from the file's keys. load.py reads this one way and dump.py the other."""

TABLE_COLUMN: dict[str, dict[str, str]] = {
    "organisation": {},
    "person": {"organisation": "organisation_id", "slack": "slack_id", "teams": "teams_id"},
    "partnership": {"parent": "parent_id", "coordinator": "coordinator_id"},
    "plan": {},
    "priority": {"plan": "plan_id", "lead": "lead_id"},
    "milestone": {"owner": "owner_id", "priority": "priority_id"},
    "update": {"priority": "priority_id", "author": "author_id"},
}

# Lists on a partnership that are rows of their own: file key -> (table, role).
PARTNERSHIP_ROLES = {"admins": "admin", "members": "member"}
PARTNERSHIP_BODIES = {
    "responsible_authorities": "responsible_authority",
    "other_bodies": "other_body",
}
CHANNEL_COLUMNS = {"slack": "slack_channel", "teams": "teams_channel"}
# Keys handled by hand rather than copied column for column.
SPECIAL = frozenset(
    {
        "due",
        "channels",
        "moderngov",
        "posted",
        *PARTNERSHIP_ROLES,
        *PARTNERSHIP_BODIES,
        "plans",
        "priorities",
        "milestones",
        "updates",
    }
)


def column(kind: str, key: str) -> str:
    return TABLE_COLUMN[kind].get(key, key)
