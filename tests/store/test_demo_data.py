"""The bundled demo data (store/demo.yaml): what the chat and reminder features rely on.

Import and round trip are covered in test_roundtrip.py and test_datafile_cli.py; these
tests pin down the content: three statutory partnerships and two sub-boards, unambiguous
aliases, role-only people with fake demo identities, recurring duties that continue past
the demo's "today", and a glossary that covers every acronym the data uses.
"""

import re
from datetime import date, datetime, time
from functools import cache

from dateutil.rrule import rrulestr
from sqlmodel import col, select

from store.datafile import DEMO_PATH, check_text, import_file
from store.datafile.schema import Record
from store.datafile.validate import Document, PartnershipRecords
from store.db import Store
from store.tables import Milestone, Partnership, Person
from tests.store.datafile_support import AT

TODAY = date(2026, 11, 21)
# Groups that report to the SNB with priorities of their own (seed 001); they are not
# statutory partnerships, so they keep no strategic assessment or scrutiny cycle.
SUB_BOARDS = ("snb-rrb", "snb-prevent-board")
STATUTORY = ("ncsp", "snb", "ashfield-csp")


@cache
def demo() -> Document:
    return check_text(DEMO_PATH.read_bytes(), filename=str(DEMO_PATH))


def partnership(ident: str) -> PartnershipRecords:
    return next(g for g in demo().partnerships if g.record.get("id") == ident)


def first_start(milestone: Record) -> datetime:
    day, clock = milestone.get("due")
    return datetime.combine(day, time.fromisoformat(clock or "09:00"))


def test_the_partnerships_and_their_tiers() -> None:
    ids = [g.record.get("id") for g in demo().partnerships]
    assert ids == [*STATUTORY, *SUB_BOARDS]
    assert partnership("ashfield-csp").record.get("parent") == "snb"
    for sub_board in SUB_BOARDS:
        assert partnership(sub_board).record.get("parent") == "snb"
    assert partnership("ncsp").record.get("parent") is None  # a unitary city
    assert partnership("snb").record.get("parent") is None
    plans = {g.record.get("id"): {p.get("id") for p in g.plans} for g in demo().partnerships}
    assert {"ncsp-strategy-2024-27", "cdp-plan-2021-24"} <= plans["ncsp"]
    assert plans["snb"] == {"snb-csa-2023-25"}
    assert plans["ashfield-csp"] == {"ashfield-plan-2024-27"}


def test_every_partnership_has_a_coordinator_admins_and_members() -> None:
    for group in demo().partnerships:
        record = group.record
        members = record.get("members", [])
        assert record.get("coordinator") in members
        assert len(record.get("admins", [])) >= 2
        assert set(record.get("admins")) <= set(members)
        assert record.get("responsible_authorities")


def test_partnership_aliases_are_unambiguous() -> None:
    owner: dict[str, str] = {}
    for group in demo().partnerships:
        for alias in group.record.get("aliases", []):
            key = alias.casefold()
            assert key not in owner, (
                f"{alias!r} names {owner.get(key)} and {group.record.get('id')}"
            )
            owner[key] = group.record.get("id")
    for organisation in demo().organisations:
        for alias in organisation.get("aliases", []):
            assert alias.casefold() not in owner, f"organisation alias {alias!r}"
    assert owner["the city"] == "ncsp" and owner["the county"] == "snb"
    assert owner["ashfield"] == "ashfield-csp"


def test_priority_names_and_aliases_are_unambiguous_within_a_partnership() -> None:
    for group in demo().partnerships:
        seen: dict[str, str] = {}
        for priority in group.priorities:
            for word in [priority.get("name"), *priority.get("aliases", [])]:
                key = word.casefold()
                assert seen.get(key, priority.get("id")) == priority.get("id"), (
                    f"{word!r} in {group.record.get('id')}: {seen[key]} and {priority.get('id')}"
                )
                seen[key] = priority.get("id")


def test_the_aliases_people_use_in_chat() -> None:
    def aliases(ident: str) -> dict[str, str]:
        return {
            alias.casefold(): p.get("id")
            for p in partnership(ident).priorities
            for alias in p.get("aliases", [])
        }

    assert aliases("ncsp")["asb"] == "ncsp-asb"
    assert aliases("ncsp")["knife crime"] == "ncsp-serious-violence"
    assert aliases("ncsp")["dsva"] == "ncsp-dsva"
    assert aliases("snb")["vawg"] == "snb-vawg"
    assert aliases("snb-rrb")["iom"] == "snb-rrb-iom"
    assert aliases("ashfield-csp")["asb"] == "ashfield-asb"


def test_people_are_roles_with_only_fake_demo_identities() -> None:
    people = demo().people
    with_ids = [p for p in people if p.get("slack") or p.get("teams") or p.get("email")]
    assert len(with_ids) >= 3
    for person in with_ids:
        assert re.fullmatch(r"UDEMO\d{4}", person.get("slack", "UDEMO0000"))
        assert person.get("teams", "00000000-0000-4000-8000-").startswith(
            "00000000-0000-4000-8000-"
        )
        assert person.get("email", "x@example.gov.uk").endswith("@example.gov.uk")
    demo_people = {p.get("id") for p in with_ids}
    for group in demo().partnerships:
        assert group.record.get("coordinator") in demo_people


def test_recurrences_start_on_their_due_date_and_continue_past_today() -> None:
    after = datetime.combine(TODAY, time())
    recurring = 0
    for group in demo().partnerships:
        for milestone in group.milestones:
            if not milestone.get("repeat"):
                continue
            recurring += 1
            rule = rrulestr(milestone.get("repeat"), dtstart=first_start(milestone))
            assert rule[0] == first_start(milestone), milestone.get("id")
            assert rule.after(after) is not None, milestone.get("id")
    assert recurring >= 12


def test_each_partnership_keeps_its_statutory_cycle() -> None:
    for group in map(partnership, STATUTORY):
        kinds = {m.get("kind") for m in group.milestones if m.get("repeat")}
        assert {"strategic_assessment", "plan_refresh", "scrutiny", "board_meeting"} <= kinds
    ncsp = {m.get("id"): m for m in partnership("ncsp").milestones}
    assert ncsp["ncsp-da-needs-assessment"].get("repeat") == "FREQ=YEARLY;INTERVAL=3"
    assert ncsp["ncsp-da-annual-return"].get("repeat") == "FREQ=YEARLY"
    assert "Domestic Abuse Act 2021" in ncsp["ncsp-da-needs-assessment"].get("basis")
    for ident in ("ncsp", "snb"):
        prevent = [m for m in partnership(ident).milestones if "Prevent" in m.get("title")]
        assert any(m.get("repeat") for m in prevent)


def test_plans_that_run_past_today_have_a_renewal_milestone() -> None:
    for group in demo().partnerships:
        renewals = {m.get("due")[0] for m in group.milestones if m.get("kind") == "plan_renewal"}
        for plan in group.plans:
            if plan.get("ends") and plan.get("ends") > TODAY:
                assert plan.get("ends") in renewals, plan.get("id")


def test_progress_updates_are_demo_content_by_the_priority_lead() -> None:
    for group in demo().partnerships:
        leads = {p.get("id"): p.get("lead") for p in group.priorities}
        assert 2 <= len(group.updates) <= 4
        for update in group.updates:
            assert update.get("text").startswith("(Demo)")
            assert update.get("posted").year == 2026
            assert update.get("author") == leads[update.get("priority")]


def test_the_glossary_explains_every_acronym_the_data_uses() -> None:
    terms = {term for term, _ in demo().glossary}
    words: set[str] = set()
    for group in demo().partnerships:
        for record in [group.record, *group.priorities]:
            words.update(record.get("aliases", []))
    for organisation in demo().organisations:
        words.update(organisation.get("aliases", []))
    acronyms = {
        token.removesuffix("s")
        for word in words
        for token in re.findall(r"\b[A-Z][A-Z0-9]+s?\b", word)
    }
    assert acronyms - terms == set()
    assert {"CSP", "NCSP", "SNB", "CDP", "ASB", "DSVA", "VAWG", "MARAC", "SVD", "DHR"} <= terms


def test_the_demo_imports_into_the_store(store: Store) -> None:
    import_file(store, DEMO_PATH, at=AT)
    with store.session() as session:
        ashfield = session.get(Partnership, "ashfield-csp")
        assert ashfield is not None and ashfield.parent_id == "snb"
        rrb = session.get(Partnership, "snb-rrb")
        assert rrb is not None and rrb.parent_id == "snb"
        head = session.get(Person, "ncsp-head")
        assert head is not None and head.slack_id == "UDEMO0001"
        recurring = session.exec(select(Milestone).where(col(Milestone.repeat).is_not(None))).all()
        assert len(recurring) >= 12


def test_sub_boards_have_priorities_of_their_own() -> None:
    rrb = {p.get("name") for p in partnership("snb-rrb").priorities}
    assert rrb == {
        "Integrated Offender Management",
        "Women and Girls in the Criminal Justice System",
        "Early Intervention and Prevention",
        "Resettlement and Accommodation",
    }
    assert all(p.get("lead") == "rrb-chair" for p in partnership("snb-rrb").priorities)
    prevent = partnership("snb-prevent-board")
    assert [p.get("id") for p in prevent.plans] == ["snb-prevent-delivery-plan"]
    assert {p.get("plan") for p in prevent.priorities} == {"snb-prevent-delivery-plan"}


def test_decisions_and_events_the_seeds_record_are_past_milestones() -> None:
    def due(ident: str) -> date:
        milestones = [m for g in demo().partnerships for m in g.milestones]
        return next(m.get("due")[0] for m in milestones if m.get("id") == ident)

    assert due("ncsp-board-2024-01-26") == date(2024, 1, 26)  # seed 000: priorities agreed
    assert due("ncsp-board-2024-03-22") == date(2024, 3, 22)  # seed 000: strategy approved
    assert due("ncsp-council-2024-07-08") == date(2024, 7, 8)  # seed 000: full council
    assert due("cdp-board-2021-03-15") == date(2021, 3, 15)  # seed 002: plan approved
    assert due("ashfield-cabinet-2024-01-29") == date(2024, 1, 29)  # seed 004: cabinet
    assert due("snb-svd-commenced") == date(2023, 1, 31)  # seed 001: the duty commences
    assert due("ncsp-regulations-2007-in-force") == date(2007, 8, 1)  # seeds 000, 002
    assert due("snb-ics-established") == date(2022, 7, 1)  # seed 001 para 5
