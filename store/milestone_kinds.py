"""The kinds of milestone and their default reminder offsets, from the data file spec."""

# Days before an occurrence that reminders go, by kind, when a milestone has no `remind`.
DEFAULT_OFFSETS: dict[str, tuple[int, ...]] = {
    "strategic_assessment": (112, 56, 28, 7),
    "plan_refresh": (84, 42, 14),
    "plan_renewal": (182, 91, 42, 14),
    "council_approval": (42, 14, 3),
    "scrutiny": (70, 21, 1),
    "board_meeting": (21, 7, 1),
    "consultation": (70, 28, 7),
    "needs_assessment": (270, 90, 28),
    "statutory_return": (42, 14, 3),
    "review": (14, 7, 1),
    "funding_end": (182, 91, 42),
    "other": (28, 7, 1),
}
MILESTONE_KINDS = tuple(DEFAULT_OFFSETS)
# The most reminder offsets a milestone may have: the importer refuses more, and the
# planner uses only the closest this many, so one milestone cannot flood the plan.
MAX_REMIND_OFFSETS = 20
