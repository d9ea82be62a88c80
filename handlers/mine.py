"""What the asker leads on, with each priority's latest RAG status."""

from typing import Any

from sqlmodel import Session

from handlers.context import Ask
from handlers.snapshot import Snapshot
from handlers.types import Reply
from handlers.views import partnership_view
from store import updates


def answer(ask: Ask) -> Reply:
    assert ask.person_id is not None  # the pipeline answers guests
    return Reply(
        intent="my_priorities",
        template="my_priorities",
        data={"priorities": led_by(ask.session, ask.data, person_id=ask.person_id)},
    )


def led_by(session: Session, data: Snapshot, *, person_id: str) -> list[dict[str, Any]]:
    led = data.priorities_led_by(person_id)
    rags = updates.latest_rag(session, priority_ids=[p.id for p in led])
    partnerships = data.partnerships
    return [
        {
            "id": p.id,
            "name": p.name,
            "partnership": partnership_view(partnerships[p.partnership_id]),
            "rag": rags.get(p.id),
            "updated": p.id in rags,
        }
        for p in led
    ]
