"""Importing a valid file: what lands in which table, the audit trail, and re-imports that
update in place, delete what a partnership's file leaves out, and never duplicate."""

import threading
from datetime import UTC, date, datetime

from sqlalchemy import text
from sqlmodel import col, select

from store.datafile import import_file, import_text
from store.db import IMPORT_LOCK, Store, make_engine
from store.tables import (
    AuditEntry,
    Delivery,
    GlossaryTerm,
    Milestone,
    OccurrenceState,
    Partnership,
    PartnershipBody,
    PartnershipRole,
    Person,
    Priority,
    ProgressUpdate,
)
from tests.store.datafile_support import AT, SMALL, small_text, store_contents

LATER = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def test_fields_land_in_their_columns(store: Store) -> None:
    import_file(store, SMALL, at=AT)
    with store.session() as session:
        city = session.get(Partnership, "city-csp")
        assert city is not None
        assert (city.parent_id, city.slack_channel, city.teams_channel, city.reminder_time) == (
            "county-board",
            "C04ABCDEF",
            "19:abc123@thread.tacv2",
            "09:00",
        )
        person = session.get(Person, "csp-head")
        assert person is not None and person.teams_id == "8f2c1a9e-1b2c-4d5e-9f00-123456789abc"
        roles = session.exec(
            select(PartnershipRole)
            .where(PartnershipRole.partnership_id == "city-csp")
            .order_by(col(PartnershipRole.role), col(PartnershipRole.position))
        ).all()
        assert [(r.role, r.person_id) for r in roles] == [
            ("admin", "csp-analyst"),
            ("member", "csp-head"),
            ("member", "csp-analyst"),
            ("member", "j-smith"),
        ]
        bodies = session.exec(
            select(PartnershipBody).order_by(
                col(PartnershipBody.role), col(PartnershipBody.position)
            )
        ).all()
        assert [(b.role, b.organisation_id) for b in bodies] == [
            ("other_body", "county-fire"),
            ("responsible_authority", "city-council"),
            ("responsible_authority", "county-police"),
        ]
        meeting = session.get(Milestone, "city-board-march")
        assert meeting is not None
        assert (meeting.due_date, meeting.due_time, meeting.remind) == (
            date(2027, 3, 4),
            "14:30",
            None,
        )
        quiet = session.get(Milestone, "city-no-reminders")
        assert quiet is not None and quiet.remind == []
        asb = session.get(Priority, "city-asb")
        assert asb is not None and (asb.kind, asb.aliases, asb.plan_id) == (
            "priority",
            ["ASB"],
            None,
        )
        updates = session.exec(select(ProgressUpdate).order_by(col(ProgressUpdate.posted))).all()
        # 14:05 on 2 October is British Summer Time; 09:30:15 on 1 December is GMT.
        assert [u.posted for u in updates] == [
            datetime(2026, 10, 2, 13, 5, tzinfo=UTC),
            datetime(2026, 12, 1, 9, 30, 15, tzinfo=UTC),
        ]
        assert updates[1].text == "Two lines\nof text.\n" and updates[1].author_id is None
        terms = session.exec(select(GlossaryTerm).order_by(col(GlossaryTerm.position))).all()
        assert [t.term for t in terms] == ["VRP", "NO"]


def test_every_created_record_is_audited(store: Store) -> None:
    summary = import_file(store, SMALL, at=AT, actor="import")
    with store.session() as session:
        entries = session.exec(select(AuditEntry)).all()
    created = sum(t.created for t in summary.tallies.values())
    assert len(entries) == created == 25
    assert {(e.actor, e.action, e.at) for e in entries} == {("import", "create", AT)}
    board = next(e for e in entries if e.entity == "partnership" and e.entity_id == "city-csp")
    assert board.before is None and board.after is not None
    assert board.after["slack_channel"] == "C04ABCDEF"


def test_reimport_is_idempotent(store: Store) -> None:
    import_file(store, SMALL, at=AT)
    before = store_contents(store)
    summary = import_file(store, SMALL, at=LATER)
    assert store_contents(store) == before  # no duplicates, no audit entries for nothing
    assert all(t.created == t.updated == t.deleted == 0 for t in summary.tallies.values())
    assert "progress updates: 2 (2 unchanged)" in summary.lines()


def test_reimport_updates_in_place_and_audits_before_and_after(store: Store) -> None:
    import_file(store, SMALL, at=AT)
    changed = small_text().replace(
        "name: Serious Violence\n", "name: Serious Violence and Knives\n"
    )
    summary = import_text(store, changed, at=LATER, actor="coordinator")
    assert "priorities: 2 (1 updated, 1 unchanged)" in summary.lines()
    with store.session() as session:
        assert len(session.exec(select(Priority)).all()) == 2
        [entry] = session.exec(select(AuditEntry).where(AuditEntry.at == LATER)).all()
    assert (entry.actor, entry.action, entry.entity, entry.entity_id) == (
        "coordinator",
        "update",
        "priority",
        "city-serious-violence",
    )
    assert entry.before is not None and entry.after is not None
    assert (entry.before["name"], entry.after["name"]) == (
        "Serious Violence",
        "Serious Violence and Knives",
    )


def test_a_partnership_file_is_the_truth_for_what_it_holds(store: Store) -> None:
    import_file(store, SMALL, at=AT)
    with store.transaction() as session:  # the reminder engine's rows for a milestone
        session.add(OccurrenceState(milestone_id="city-board-march", occurrence=date(2027, 3, 4)))
        session.add(
            Delivery(
                kind="reminder",
                subject="city-board-march",
                partnership_id="city-csp",
                occurrence=date(2027, 3, 4),
                recipient="csp-head",
                send_at=AT,
                next_attempt_at=AT,
            )
        )
    text = small_text()
    start = text.index("      - id: city-board-march")
    trimmed = text[:start] + text[text.index("      - id: city-no-reminders") :]
    trimmed = trimmed.replace("    admins: [csp-analyst]\n", "")
    summary = import_text(store, trimmed, at=LATER)
    # One milestone moved up (updated), one stayed, one was left out (deleted).
    assert "milestones: 2 (1 updated, 1 unchanged, 1 deleted)" in summary.lines()
    assert "admins and members: 3 (3 unchanged, 1 deleted)" in summary.lines()
    assert "pending reminders cancelled: 1" in summary.lines()
    with store.session() as session:
        assert session.get(Milestone, "city-board-march") is None
        assert session.exec(select(OccurrenceState)).all() == []
        assert session.exec(select(Delivery)).one().status == "cancelled"
        deleted = session.exec(select(AuditEntry).where(AuditEntry.action == "delete")).all()
    assert {e.entity for e in deleted} == {"milestone", "occurrencestate", "partnershiprole"}
    assert all(e.before is not None and e.after is None for e in deleted)


def test_updates_are_matched_by_priority_author_and_posted(store: Store) -> None:
    import_file(store, SMALL, at=AT)
    with store.transaction() as session:  # an update posted in chat, to the microsecond
        session.add(
            ProgressUpdate(
                partnership_id="city-csp",
                priority_id="city-asb",
                author_id="j-smith",
                text="From Slack",
                source="slack",
                posted=datetime(2026, 11, 20, 10, 0, 0, 123456, tzinfo=UTC),
            )
        )
    exported_entry = (
        "      - priority: city-asb\n        author: j-smith\n"
        "        posted: 2026-11-20T10:00\n        text: From Slack, edited\n"
    )
    text = small_text().replace("\nglossary:", exported_entry.rstrip("\n") + "\n\nglossary:")
    summary = import_text(store, text, at=LATER)
    assert "progress updates: 3 (1 updated, 2 unchanged)" in summary.lines()
    with store.session() as session:
        chat = session.exec(
            select(ProgressUpdate).where(
                ProgressUpdate.author_id == "j-smith", ProgressUpdate.priority_id == "city-asb"
            )
        ).one()
    assert (chat.text, chat.source) == ("From Slack, edited", "slack")


def test_a_file_may_refer_to_records_already_stored(store: Store) -> None:
    import_file(store, SMALL, at=AT)
    extra = (
        "version: 1\npartnerships:\n  - id: other-csp\n    name: Another CSP\n"
        "    parent: county-board\n    coordinator: j-smith\n"
        "    responsible_authorities: [county-police]\n"
    )
    summary = import_text(store, extra, at=LATER)
    assert summary.lines() == ["partnerships: 1 (1 created)", "partnership bodies: 1 (1 created)"]
    with store.session() as session:
        assert len(session.exec(select(Person)).all()) == 3  # people are never deleted


def test_an_empty_file_with_only_a_version_changes_nothing(store: Store) -> None:
    import_file(store, SMALL, at=AT)
    before = store_contents(store)
    assert import_text(store, "version: 1\n", at=LATER).lines() == ["the file holds no records"]
    assert store_contents(store) == before


def test_imports_on_postgresql_take_turns(postgres_url: str) -> None:
    """An import waits while another holds the import lock, so each checks its file
    against the store as the other left it (never two people with one Slack id)."""
    store = Store.open(postgres_url)
    holder = make_engine(postgres_url)
    with holder.connect() as other_import:
        other_import.execute(text(f"SELECT pg_advisory_xact_lock({IMPORT_LOCK})"))
        done: list[object] = []
        importing = threading.Thread(target=lambda: done.append(import_file(store, SMALL, at=AT)))
        importing.start()
        importing.join(timeout=1.0)
        assert importing.is_alive() and done == [], "it waited for the other import"
        other_import.rollback()  # the other import ends; its lock goes with its transaction
        importing.join(timeout=30)
    holder.dispose()
    assert done, "it imported once the other import had finished"
    with store.session() as session:
        assert session.get(Partnership, "city-csp") is not None
    store.dispose()
