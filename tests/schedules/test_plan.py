"""Occurrences and the delivery plan: repeats, until, month ends, merging, escalations,
digests, and no message on a weekend or bank holiday."""

from datetime import UTC, date, datetime, timedelta

from schedules.occurrences import (
    MAX_OCCURRENCES_PER_WINDOW,
    MAX_RULE_STEPS,
    current_occurrence,
    is_overdue,
    latest_occurrence,
    next_occurrence,
    occurrences_between,
    overdue_occurrence,
    reminder_offsets,
)
from schedules.plan import plan_occurrence, plan_window
from store.tables import Milestone, OccurrenceState
from tests.schedules.support import day, milestone, partnership


def test_yearly_repeat_honours_until() -> None:
    m = milestone(due_date=day("2025-11-28"), repeat="FREQ=YEARLY", until=day("2028-01-01"))
    assert occurrences_between(m, start=day("2020-01-01"), end=day("2030-01-01")) == [
        day("2025-11-28"),
        day("2026-11-28"),
        day("2027-11-28"),
    ]
    assert next_occurrence(m, on_or_after=day("2026-11-29")) == day("2027-11-28")
    assert next_occurrence(m, on_or_after=day("2027-11-29")) is None
    assert latest_occurrence(m, before=day("2026-11-28")) == day("2025-11-28")


def test_month_end_and_leap_day_rules() -> None:
    m = milestone(due_date=day("2028-01-31"), repeat="FREQ=MONTHLY;BYMONTHDAY=-1")
    assert occurrences_between(m, start=day("2028-01-01"), end=day("2028-03-31")) == [
        day("2028-01-31"),
        day("2028-02-29"),
        day("2028-03-31"),
    ]


def test_until_written_in_utc_in_the_rule() -> None:
    m = milestone(due_date=day("2026-01-15"), repeat="FREQ=MONTHLY;UNTIL=20260401T000000Z")
    assert len(occurrences_between(m, start=day("2026-01-01"), end=day("2027-01-01"))) == 3


def test_a_rule_finer_than_daily_in_the_store_gives_at_most_one_occurrence_a_day() -> None:
    # The importer refuses these; a store written by an older version may still hold one.
    for rule in ("FREQ=MINUTELY", "FREQ=DAILY;BYHOUR=0,1,2,3;BYMINUTE=0,15,30,45", "FREQ=SECONDLY"):
        m = milestone(due_date=day("2026-01-01"), repeat=rule)
        found = occurrences_between(m, start=day("2026-03-01"), end=day("2026-03-10"))
        assert found == [day("2026-03-01") + timedelta(days=n) for n in range(10)]
        assert latest_occurrence(m, before=day("2026-03-01")) == day("2026-02-28")
        assert next_occurrence(m, on_or_after=day("2026-03-01")) == day("2026-03-01")


def test_what_one_rule_can_produce_is_bounded() -> None:
    m = milestone(due_date=day("1900-01-01"), repeat="FREQ=DAILY")
    found = occurrences_between(m, start=day("1900-01-01"), end=day("2100-01-01"))
    assert len(found) == MAX_OCCURRENCES_PER_WINDOW
    assert found[-1] == day("1900-01-01") + timedelta(days=MAX_OCCURRENCES_PER_WINDOW - 1)
    # A rule is followed for MAX_RULE_STEPS occurrences from due, and no further.
    last = day("1900-01-01") + timedelta(days=MAX_RULE_STEPS - 1)
    assert latest_occurrence(m, before=day("2200-01-01")) == last
    assert next_occurrence(m, on_or_after=last + timedelta(days=1)) is None


def test_default_offsets_by_kind_and_written_ones() -> None:
    assert reminder_offsets(milestone(kind="strategic_assessment")) == [112, 56, 28, 7]
    assert reminder_offsets(milestone(kind="unheard_of")) == [28, 7, 1]
    assert reminder_offsets(milestone(remind=[7, 56, 7])) == [56, 7]
    # More offsets than the importer allows (an older store): the closest twenty.
    assert reminder_offsets(milestone(remind=list(range(100)))) == list(range(19, -1, -1))


def test_only_the_latest_past_occurrence_is_overdue() -> None:
    m = milestone(due_date=day("2020-06-30"), repeat="FREQ=YEARLY")
    today = day("2026-11-21")
    assert is_overdue(m, occurrence=day("2026-06-30"), today=today, states={})
    assert not is_overdue(m, occurrence=day("2025-06-30"), today=today, states={})
    done = {
        ("m", day("2026-06-30")): OccurrenceState(
            milestone_id="m", occurrence=day("2026-06-30"), status="done"
        )
    }
    assert not is_overdue(m, occurrence=day("2026-06-30"), today=today, states=done)
    assert current_occurrence(m, today=today, states={}) == day("2026-06-30")
    assert current_occurrence(m, today=today, states=done) == day("2027-06-30")


def test_offsets_landing_on_one_day_merge() -> None:
    # Due Monday 29 March 2027 (Easter Monday): offset 3 is Friday 26 (Good Friday) and
    # offset 1 is Sunday 28; both move back to Thursday 25 March, one message each.
    m = milestone(due_date=day("2027-03-29"), remind=[3, 1], owner_id="owner")
    planned = plan_occurrence(m, partnership(), day("2027-03-29"))
    reminders = [p for p in planned if p.kind == "reminder"]
    assert {(p.local_day, p.recipient, p.offsets) for p in reminders} == {
        (day("2027-03-25"), "owner", (3, 1)),
        (day("2027-03-25"), "channel:csp", (3, 1)),
    }
    assert all(p.send_at == datetime(2027, 3, 25, 9, tzinfo=UTC) for p in reminders)


def test_escalation_three_working_days_before_to_the_coordinator() -> None:
    m = milestone(due_date=day("2027-04-01"), remind=[], owner_id="owner")
    (escalation,) = plan_occurrence(m, partnership(), day("2027-04-01"))
    assert (escalation.kind, escalation.recipient) == ("escalation", "coord")
    assert escalation.local_day == day("2027-03-25")
    owned_by_coordinator = milestone(due_date=day("2027-04-01"), remind=[])
    assert plan_occurrence(owned_by_coordinator, partnership(), day("2027-04-01")) == []


def test_window_around_easter_2027_has_no_weekend_holiday_or_repeat() -> None:
    milestones = [
        milestone(
            id=f"m{n}", due_date=date(2027, 3, 20) + timedelta(days=n), kind=kind, owner_id="owner"
        )
        for n, kind in enumerate(["board_meeting", "review", "scrutiny", "statutory_return"] * 4)
    ]
    planned = plan_window(
        milestones, {"csp": partnership()}, start=day("2027-02-01"), end=day("2027-04-30")
    )
    easter = {day("2027-03-26"), day("2027-03-29")}
    assert planned and all(p.local_day.weekday() < 5 and p.local_day not in easter for p in planned)
    keys = [(p.kind, p.subject, p.occurrence, p.recipient, p.local_day) for p in planned]
    assert len(keys) == len(set(keys))
    digests = [p.local_day for p in planned if p.kind == "digest"]
    assert day("2027-03-30") in digests and day("2027-03-29") not in digests
    assert all(d.weekday() == 0 or d == day("2027-03-30") for d in digests)


def test_reminder_time_and_zone_of_the_partnership() -> None:
    m = milestone(due_date=day("2026-10-30"), remind=[5, 4])
    p = partnership(reminder_time="08:30")
    times = {x.send_at for x in plan_occurrence(m, p, day("2026-10-30"))}
    # 5 days before is Sunday 25 October (moved to Friday 23, BST), 4 days is Monday 26 (GMT).
    assert times == {
        datetime(2026, 10, 23, 7, 30, tzinfo=UTC),
        datetime(2026, 10, 26, 8, 30, tzinfo=UTC),
    }


def test_occurrences_already_past_when_recorded_are_never_overdue() -> None:
    today = day("2026-11-21")
    one_off = Milestone(
        id="old", partnership_id="p", title="Old", kind="other", due_date=day("2021-03-15")
    )
    yearly = Milestone(
        id="sa",
        partnership_id="p",
        title="SA",
        kind="strategic_assessment",
        due_date=day("2025-12-01"),
        repeat="FREQ=YEARLY",
    )
    assert overdue_occurrence(one_off, today=today, states={}) == day("2021-03-15")
    one_off.recorded_on = yearly.recorded_on = day("2026-11-21")
    assert overdue_occurrence(one_off, today=today, states={}) is None
    assert overdue_occurrence(yearly, today=today, states={}) is None
    assert current_occurrence(yearly, today=today, states={}) == day("2026-12-01")
    assert overdue_occurrence(yearly, today=day("2026-12-02"), states={}) == day("2026-12-01")
