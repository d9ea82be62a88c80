"""One person's page (Slack's App Home): their deadlines, the priorities they lead with
their latest RAG, and their partnership's next deadlines."""

from datetime import datetime, timedelta

from handlers import permissions
from handlers.deadlines import upcoming_for
from handlers.mine import led_by
from handlers.snapshot import snapshot
from handlers.types import Reply
from handlers.views import partnership_view
from handlers.windows import Window
from schedules.calendar import local_date, zone
from store.db import Store

AHEAD_DAYS = 60
SHOWN = 5


def home_view(store: Store, *, person_id: str | None, at: datetime) -> Reply:
    today = local_date(at, zone(None))
    window = Window(today, today + timedelta(days=AHEAD_DAYS), f"in the next {AHEAD_DAYS} days")
    plans = snapshot(store)
    person = plans.person(person_id)
    mine = permissions.partnerships_of(plans, person_id=person.id) if person else []
    first = plans.partnership(mine[0]) if mine else None
    data: dict[str, object] = {
        "person": {"id": person.id, "name": person.name} if person else None,
        "window_label": window.label,
        "my_deadlines": [],
        "my_priorities": [],
        "partnership": None,
        "partnership_deadlines": [],
    }
    with store.session() as session:
        if person is not None:
            data["my_priorities"] = led_by(session, plans, person_id=person.id)
            upcoming = upcoming_for(
                session, plans, partnership_ids=mine, today=today, window=window, limit=200
            )
            data["my_deadlines"] = [i for i in upcoming if i["owner_id"] == person.id][:SHOWN]
        if first is not None:
            data["partnership"] = partnership_view(first)
            data["partnership_deadlines"] = upcoming_for(
                session, plans, partnership_ids=[first.id], today=today, window=window, limit=SHOWN
            )
    return Reply(intent="home", template="home", data=data)
