"""The shapes of things in Reply data: plain JSON-ready dicts, dates as ISO text with UK
words beside them, so every surface's templates stay simple."""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from schedules.messages import uk_date, uk_datetime
from store.tables import Partnership, Person, Plan, Priority, ProgressUpdate

KIND_WORDS = {
    "priority": "priority",
    "cross_cutting": "cross-cutting theme",
    "risk_driver": "risk driver",
    "focus": "area of focus",
}
KIND_PLURALS = {
    "priority": "priorities",
    "cross_cutting": "cross-cutting themes",
    "risk_driver": "risk drivers",
    "focus": "areas of focus",
}


def short_name(partnership: Partnership) -> str:
    """The acronym people use (NCSP, SNB) when it has one, else its name."""
    for alias in partnership.aliases:
        if alias.isupper() and alias.isalpha() and len(alias) <= 6:
            return alias
    return partnership.name


def partnership_view(partnership: Partnership) -> dict[str, Any]:
    return {"id": partnership.id, "name": partnership.name, "short": short_name(partnership)}


def person_view(person: Person | None, organisation: str | None = None) -> dict | None:
    if person is None:
        return None
    return {
        "id": person.id,
        "name": person.name,
        "role": person.role if person.role and person.role != person.name else None,
        "organisation": organisation,
    }


def priority_view(
    priority: Priority, partnership: Partnership, lead: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "id": priority.id,
        "name": priority.name,
        "kind": priority.kind,
        "kind_words": KIND_WORDS.get(priority.kind, priority.kind.replace("_", " ")),
        "aliases": list(priority.aliases),
        "description": priority.description,
        "lead": lead,
        "lead_body": priority.lead_body,
        "partnership": partnership_view(partnership),
    }


def plan_view(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "title": plan.title,
        "starts": _iso(plan.starts),
        "starts_text": _uk(plan.starts),
        "ends": _iso(plan.ends),
        "ends_text": _uk(plan.ends),
        "approved_text": _uk(plan.approved),
        "approved_by": plan.approved_by,
    }


def update_view(
    update: ProgressUpdate, *, priority_name: str, author: str | None, zone: ZoneInfo
) -> dict[str, Any]:
    return {
        "id": update.id,
        "priority_id": update.priority_id,
        "priority": priority_name,
        "author": author,
        "posted": update.posted.isoformat(),
        "posted_text": uk_datetime(update.posted, zone),
        "rag": update.rag,
        "text": update.text,
        "source": update.source,
    }


def _iso(day: date | datetime | None) -> str | None:
    return day.isoformat() if day else None


def _uk(day: date | None) -> str | None:
    return uk_date(day) if day else None
