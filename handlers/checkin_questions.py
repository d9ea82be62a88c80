"""Questions about check-in rounds, answered from the round's state: "is the check-in
open?", "who hasn't updated?", "what have I still to update?"; and "draft the board report
for Ashfield", which a coordinator or admin gets as a file (attached by the chat adapter).

Nobody is named in a channel for not answering: there, "who hasn't updated?" gives counts
only, and names are given in a direct message to those who may read the updates.
"""

from typing import Any

from handlers import permissions
from handlers.context import Ask, which_partnership
from handlers.types import Reply
from handlers.views import partnership_view
from schedules.checkins import RoundState, current_round, item_data, lead_data, meeting_data

STATUS = "checkin_status"


def _partnerships(ask: Ask) -> tuple[str, ...] | Reply:
    """The partnership named, else the asker's first; a question back when neither."""
    named = [t.id for m in ask.parsed.partnership_mentions() for t in m.of("partnership")]
    if named:
        return tuple(dict.fromkeys(named))
    if ask.message.partnership_id:
        return (ask.message.partnership_id,)
    if ask.mine:
        return ask.mine[:1]
    options = [p.name for p in list(ask.data.partnerships.values())[:8]]
    return which_partnership(ask, question="check-in", options=options)


def _round(ask: Ask, partnership_id: str) -> RoundState | None:
    partnership = ask.data.partnership(partnership_id)
    assert partnership is not None  # ids come from this store's name index
    return current_round(ask.session, partnership=partnership, now=ask.message.at)


def _status(ask: Ask, partnership_id: str, state: RoundState | None) -> dict[str, Any]:
    partnership = ask.data.partnership(partnership_id)
    assert partnership is not None
    out: dict[str, Any] = {"partnership": partnership_view(partnership), "round": None}
    if state is None:
        return out
    items = [item for items in state.leads.values() for item in items]
    out["round"] = {
        "meeting": meeting_data(state),
        "stage": state.stage(ask.message.at),
        "item_count": len(items),
        "answered": sum(item.answered for item in items),
        "leads": len(state.leads),
        "silent": sum(1 for lead in state.leads if state.unanswered(lead)),
    }
    return out


def answer_open(ask: Ask) -> Reply:
    """ "is the check-in open?" """
    ids = _partnerships(ask)
    if isinstance(ids, Reply):
        return ids
    rounds = [_status(ask, pid, _round(ask, pid)) for pid in ids]
    return Reply(intent="checkin_open", template=STATUS, data={"rounds": rounds, "names": None})


def answer_missing(ask: Ask) -> Reply:
    """ "who hasn't updated?": names only in a direct message, to those who may read the
    updates; counts otherwise."""
    ids = _partnerships(ask)
    if isinstance(ids, Reply):
        return ids
    rounds = []
    for pid in ids:
        state = _round(ask, pid)
        status = _status(ask, pid, state)
        allowed = permissions.can_read_updates(
            ask.data, person_id=ask.person_id, partnership_id=pid
        )
        if state is not None and ask.message.channel is None and allowed:
            leads = [lead_data(state, lead) for lead in state.leads]
            status["silent_leads"] = [lead for lead in leads if lead["unanswered"]]
        rounds.append(status)
    data = {"rounds": rounds, "names": True, "in_channel": ask.message.channel is not None}
    return Reply(intent="checkin_missing", template=STATUS, data=data)


def answer_mine(ask: Ask) -> Reply:
    """ "what have I still to update?": the asker's items in each round they are asked in."""
    if ask.person_id is None:
        return Reply(
            intent="checkin_mine", template="guest", data={"asked": "be asked for updates"}
        )
    mine = []
    for pid in ask.mine or tuple(ask.data.partnerships):
        state = _round(ask, pid)
        if state is None or ask.person_id not in state.leads:
            continue
        items = [item_data(state, item) for item in state.leads[ask.person_id]]
        mine.append(
            {
                "meeting": meeting_data(state),
                "stage": state.stage(ask.message.at),
                "left": [item for item in items if not item["answered"]],
                "done": [item for item in items if item["answered"]],
            }
        )
    return Reply(intent="checkin_mine", template="checkin_mine", data={"rounds": mine})


def answer_report(ask: Ask) -> Reply:
    """ "draft the board report for Ashfield": for its coordinator and admins."""
    ids = _partnerships(ask)
    if isinstance(ids, Reply):
        return ids
    partnership = ask.data.partnership(ids[0])
    assert partnership is not None
    view = partnership_view(partnership)
    managers = permissions.managed_by(ask.data, person_id=ask.person_id or "")
    if ask.person_id is None or partnership.id not in managers:
        admins = [
            person.name
            for person in ask.data.people.values()
            if (partnership.id, "admin") in ask.data.roles_of(person.id)
        ]
        coordinator = ask.data.person(partnership.coordinator_id)
        data = {
            "partnership": view,
            "coordinator": coordinator.name if coordinator else None,
            "admins": admins,
        }
        return Reply(intent="draft_report", template="report_refused", data=data)
    data = {"partnership": view, "report": {"partnership_id": partnership.id}}
    return Reply(intent="draft_report", template="report_ready", data=data)
