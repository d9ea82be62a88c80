"""An overview of a partnership, a priority or an organisation; and "what is X?", which
may be any of those or a glossary term."""

from datetime import timedelta
from typing import Any

from handlers import glossary, leads, permissions
from handlers.context import (
    BODY_WORDS,
    Ask,
    Scope,
    elsewhere,
    find,
    must_choose,
    no_topic,
    not_found,
    scope_of,
    which_one,
)
from handlers.deadlines import deadline_items, upcoming_for
from handlers.entities import (
    COMMON_IN_NAMES,
    CONTAINED,
    EXACT,
    STOPWORDS,
    WEAK,
    Found,
    NamedThing,
    content_words,
    each,
    normalise,
)
from handlers.types import Reply
from handlers.views import partnership_view, person_view, plan_view, update_view
from handlers.windows import Window
from schedules.calendar import zone
from schedules.occurrences import occurrences_between
from store import updates
from store.plans import current_plan

LOOKUP_KINDS = ("priority", "organisation", "person")
AHEAD_DAYS = 90
ROLE_WORDS = 6  # the longest run of words looked for in several people's roles


def answer(ask: Ask) -> Reply:
    """ "Tell me about X": a partnership, else a priority or organisation, else a term."""
    scope = scope_of(ask, ask.parsed.topic)
    if not content_words(scope.topic):
        if len(scope.ids) > 1:  # "tell me about Ashfield and the county"
            overviews = [partnership_overview(ask, pid, note=None).data for pid in scope.ids]
            return Reply(
                intent="overview", template="overview_partnerships", data={"overviews": overviews}
            )
        if scope.ids:
            return partnership_overview(ask, scope.ids[0], note=scope.note)
        return no_topic(ask, what="partnership or priority", example="tell me about the SNB")
    return _named(ask, what="partnership, priority or organisation")


def what_is(ask: Ask) -> Reply:
    """ "What is X?" or just "X": a glossary term first, then anything with that name."""
    if not content_words(ask.parsed.topic):
        return no_topic(ask, what="term or name", example="what does MARAC stand for?")
    # A partnership's name gets its overview, with the glossary's line when the name is
    # also a term there ("what is DALP?": the expansion and what it names).
    mentions = ask.index.find(ask.parsed.topic, kinds=["partnership"], whole=True)
    if mentions:
        return partnership_overview(ask, mentions[0].thing.id, note=None)
    found = glossary.lookup_each(ask)
    if found:
        return glossary.reply(ask, found)
    return _named(ask, what="term or name")


def answer_glossary(ask: Ask) -> Reply:
    # Terms, and words that are no term but a name ("what does MNDG stand for").
    answered = glossary.reply(ask, glossary.lookup_each(ask))
    if answered.data["terms"]:
        return answered
    return _named(ask, what="term")


def _named(ask: Ask, *, what: str) -> Reply:
    scope = scope_of(ask, ask.parsed.topic)
    # A plan by its title ("the reducing reoffending strategy"), when nothing else is so
    # named: its words are a partnership's or a priority's first.
    found = find(ask, scope, kinds=LOOKUP_KINDS) or _role(ask) or _plans(ask, scope)
    if not found and (terms := glossary.lookup_each(ask)):
        return glossary.reply(ask, terms)  # "tell me about the community safety partnership"
    if not found and (holders := _role_held_by_several(ask, scope)):
        return which_one(ask, words=holders[0].words, found=holders)
    if not found and (partly := _partnerships_in_part(ask, scope)):
        return which_one(ask, words=scope.topic, found=partly)
    if not found:
        words = scope.topic or ask.parsed.topic
        kinds = ["glossary", "partnership", *LOOKUP_KINDS]
        reply = not_found(ask, scope, words=words, kinds=kinds, what=what)
        if ask.parsed.intent == "bare":  # not a question we know: say so, not "no such name"
            return Reply(intent="unknown", template="not_understood", data=reply.data)
        return reply
    found += elsewhere(ask, scope, found, kinds=["priority"])
    found += _partnerships_also(ask, scope, found)
    found += _same_role_elsewhere(ask, scope, found)
    if len(found) > 1 or must_choose(found):
        return which_one(ask, words=scope.topic, found=found)
    thing = found[0].thing
    if thing.kind == "plan":
        return plan_overview(ask, thing)
    if thing.kind == "priority":
        return priority_overview(ask, thing.id)
    if thing.kind == "person":
        return person_overview(ask, thing.id)
    return organisation_overview(ask, thing.id)


def _partnerships_also(ask: Ask, scope: Scope, found: list[Found]) -> list[Found]:
    """Partnerships whose names hold the words that named something else: "Millgate" is
    a priority's alias and the first word of the Millgate Neighbourhood Delivery Group,
    so "tell me about Millgate" is asked back, not answered about one of them."""
    if scope.named or not found:
        return []
    return ask.index.find(scope.topic, kinds=["partnership"], whole=True)


def _partnerships_in_part(ask: Ask, scope: Scope) -> list[Found]:
    """The partnerships whose names have every word, when several have them and the
    words are more than every name has ("the Safer partnership": Safer Kelderby or Safer
    Mossdale): which one is asked, not "no such name"."""
    words = set(content_words(scope.topic))
    if scope.named or not words or words <= BODY_WORDS:
        return []
    having = [
        Found(thing, WEAK, scope.topic)
        for pid, own in ask.data.mentions.words_of_partnership.items()
        if words <= own and (thing := ask.index.get("partnership", pid)) is not None
    ]
    return having if len(having) > 1 else []


def _plans(ask: Ask, scope: Scope) -> list[Found]:
    """The plans the words name. Words every plan's title may have ("the community safety
    plan", "our plan") mean the current plan of the partnership asked about (or the
    asker's); from someone with no partnership and naming none, any partnership's: each
    one's current plan is a choice."""
    found = find(ask, scope, kinds=["plan"], topic=(ask.parsed.topics or (ask.parsed.topic,))[0])
    if not found or any(f.score > WEAK for f in found):
        return found
    places = scope.ids or tuple(ask.data.partnerships)
    current = [current_plan(ask.data.plans_of(pid), ask.today) for pid in places]
    score = EXACT if len(places) == 1 else WEAK  # one partnership's plan is named in full
    return [
        Found(thing, score, found[0].words)
        for plan in current
        if plan and (thing := ask.index.get("plan", plan.id)) is not None
    ]


def _same_role_elsewhere(ask: Ask, scope: Scope, found: list[Found]) -> list[Found]:
    """Other people whose role the words name too, when no partnership is named: "the
    chief executive" is the recovery network's and the council's ("Chief Executive of
    Mossdale Council"), so which one is asked, not guessed."""
    if scope.ids or not found or any(f.thing.kind != "person" for f in found):
        return []
    if set(found[0].words.split()) & STOPWORDS:  # said in full, small words and all
        others = [t for t in _holding(ask, found[0].words) if t not in {f.thing for f in found}]
        return [Found(t, CONTAINED, found[0].words) for t in others]
    rivals = ask.index.containing(found[0].words, kinds=["person"])
    return list({f.thing: f for f in rivals if f.thing not in {g.thing for g in found}}.values())


def _role_held_by_several(ask: Ask, scope: Scope) -> list[Found]:
    """People whose roles hold the longest run of the question's words that several
    roles hold ("the cabinet member for community safety": the Cabinet Member for Safer
    Communities and the Cabinet Member for Communities), when none is named in full: a
    question back with each, never an answer about one of them."""
    words = content_words(scope_of(ask, ask.parsed.text).topic)
    known = ask.data.mentions.name_words  # a run with another word is in no one's name
    for size in range(min(len(words), ROLE_WORDS), 1, -1):
        for start in range(len(words) - size + 1):
            if set(words[start : start + size]) <= COMMON_IN_NAMES:
                continue  # "community safety" says no role: every name has such words
            if not set(words[start : start + size]) <= known:
                continue
            run = " ".join(words[start : start + size])
            held = {f.thing: f for f in ask.index.containing(run, kinds=["person"])}
            if len(held) > 1:
                return list(held.values())
    return []


def _role(ask: Ask) -> list[Found]:
    """A role title in the question's own words, which may be words it asks with ("who is
    the cabinet member?")."""
    words = scope_of(ask, ask.parsed.text).topic
    return _role_in_full(ask, words) or ask.index.find(
        " ".join(content_words(words)), kinds=["person"], whole=True
    )


def _role_in_full(ask: Ask, words: str) -> list[Found]:
    """The people whose role or name has the words as said, small words and all ("the
    Cabinet Member for Communities"): not also those whose role merely has the same words
    of substance in order (the Cabinet Member for Safer Communities)."""
    tokens = normalise(words).split()
    for size in range(min(len(tokens), ROLE_WORDS), 2, -1):
        for start in range(len(tokens) - size + 1):
            run = tokens[start : start + size]
            # Only a small word inside makes the run say more than its words of substance.
            if {run[0], run[-1]} & STOPWORDS or not set(run[1:-1]) & STOPWORDS:
                continue
            if not set(run) - STOPWORDS <= ask.index.person_words:
                continue  # a word no one's name or role has: no scan of every person
            if held := _holding(ask, " ".join(run)):
                return [Found(thing, CONTAINED, " ".join(run)) for thing in held]
    return []


def _holding(ask: Ask, run: str) -> list[NamedThing]:
    """The people with a name or role that has the run of words as it is."""
    keys = ask.index.keys["person"]
    padded = f" {run} "
    held = (t for key, named in keys.items() if padded in f" {key} " for t in each(named))
    return list(dict.fromkeys(held))


def answer_lead(ask: Ask) -> Reply:
    """ "Who leads on X"; and "what does the Detective Inspector lead on", where the words
    name no priority but someone by their role: who they are and what they lead on, or,
    when several people hold the role, which of them is asked."""
    reply = leads.answer(ask)
    if reply.template != "not_found":
        return reply
    return _person_asked(ask) or reply


def _person_asked(ask: Ask) -> Reply | None:
    scope = scope_of(ask, ask.parsed.topic)
    words = set(content_words(scope.topic))
    if words <= COMMON_IN_NAMES or not words <= ask.index.person_words:
        return None  # "community safety" says no role: every name has such words
    found = find(ask, scope, kinds=["person"]) or _role(ask)
    if not found:
        holders = _role_held_by_several(ask, scope)
        return which_one(ask, words=holders[0].words, found=holders) if holders else None
    found += _same_role_elsewhere(ask, scope, found)
    if len(found) > 1 or must_choose(found):
        return which_one(ask, words=scope.topic, found=found)
    return person_overview(ask, found[0].thing.id)


def answer_named(ask: Ask) -> Reply:
    """What the topic names, whatever its kind."""
    return _named(ask, what="partnership, priority or organisation")


def partnership_overview(ask: Ask, partnership_id: str, *, note: str | None) -> Reply:
    partnership = ask.data.partnership(partnership_id)
    assert partnership is not None  # ids come from the name index of this store
    plan = current_plan(ask.data.plans_of(partnership_id), ask.today)
    priorities = [
        p.name
        for p in ask.data.priorities_of(partnership_id)
        if p.kind == "priority" and (plan is None or p.plan_id in (None, plan.id))
    ]
    bodies = ask.data.bodies_of(partnership_id)
    coordinator = ask.data.person(partnership.coordinator_id)
    parent = ask.data.partnership(partnership.parent_id)
    children = ask.data.children_of(partnership_id)
    window = Window(ask.today, ask.today + timedelta(days=AHEAD_DAYS), "")
    data: dict[str, Any] = {
        "partnership": partnership_view(partnership),
        "area": partnership.area,
        "aliases": list(partnership.aliases),
        "parent": partnership_view(parent) if parent else None,
        "children": [partnership_view(c) for c in children],
        "coordinator": person_view(coordinator),
        "plan": plan_view(plan) if plan else None,
        "priorities": priorities,
        "responsible_authorities": [
            o.name for role, o in bodies if role == "responsible_authority"
        ],
        "other_bodies": [o.name for role, o in bodies if role != "responsible_authority"],
        "upcoming": upcoming_for(
            ask.session,
            ask.data,
            partnership_ids=[partnership_id],
            today=ask.today,
            window=window,
            limit=3,
        ),
        "note": note,
        "terms": _terms_naming(ask, partnership_id),
    }
    return Reply(intent="overview", template="overview_partnership", data=data)


def _terms_naming(ask: Ask, partnership_id: str) -> list[dict[str, str | None]]:
    """Glossary terms the question named the partnership by ("what is DALP?"): the
    expansion and what it names, together."""
    name = normalise(ask.name_of("partnership", partnership_id))
    return [
        {"term": term.id, "meaning": term.detail}
        for mention in ask.parsed.mentions
        if any(t.id == partnership_id for t in mention.of("partnership"))
        for term in mention.of("glossary")
        if normalise(term.detail or "") != name  # no news: "SNB: Safer Nottinghamshire Board"
    ]


def priority_overview(ask: Ask, priority_id: str) -> Reply:
    data = leads.lead_of(ask, priority_id)
    partnership_id = data["partnership"]["id"]
    with ask.read() as session:
        may_read = permissions.can_read_updates(
            ask.data, person_id=ask.person_id, partnership_id=partnership_id
        )
        latest = updates.latest_for_priority(session, priority_id=priority_id, limit=1)
    partnership = ask.data.partnership(partnership_id)
    author = ask.data.person(latest[0].author_id) if latest else None
    tz = zone(partnership.timezone if partnership else None)
    data["latest_update"] = (
        update_view(
            latest[0], priority_name=data["name"], author=author.name if author else None, zone=tz
        )
        if latest and may_read
        else None
    )
    # False, or why they are hidden: a guest is told the bot does not know who they are.
    hidden = bool(latest) and not may_read
    data["updates_hidden"] = ("guest" if ask.person_id is None else "outsider") if hidden else False
    data["upcoming"] = upcoming_for(
        ask.session,
        ask.data,
        partnership_ids=[partnership_id],
        today=ask.today,
        window=Window(ask.today, ask.today + timedelta(days=365), ""),
        limit=3,
        priority_id=priority_id,
    )
    return Reply(intent="overview", template="overview_priority", data=data)


def plan_overview(ask: Ask, plan: NamedThing) -> Reply:
    """A plan: whose it is, the years it runs and what it sets out to do."""
    partnership_id = plan.partnership_id or ""
    held = next(p for p in ask.data.plans_of(partnership_id) if p.id == plan.id)
    priorities = [p for p in ask.data.priorities_of(partnership_id) if p.plan_id == plan.id]
    data = {
        "plan": plan_view(held),
        "partnership": partnership_view(ask.data.partnerships[partnership_id]),
        "priorities": [p.name for p in priorities if p.kind == "priority"],
        "others": [p.name for p in priorities if p.kind != "priority"],
    }
    return Reply(intent="overview", template="overview_plan", data=data)


def organisation_overview(ask: Ask, organisation_id: str) -> Reply:
    organisation = ask.data.organisations[organisation_id]
    memberships = ask.data.memberships_of(organisation_id)
    data = {
        "name": organisation.name,
        "kind": organisation.kind.replace("_", " "),
        "aliases": list(organisation.aliases),
        "partnerships": [
            {"partnership": partnership_view(p), "role": role.replace("_", " ")}
            for role, p in memberships
        ],
    }
    return Reply(intent="overview", template="overview_organisation", data=data)


def person_overview(ask: Ask, person_id: str) -> Reply:
    """Who someone is (a role title, usually): their organisation, their places in the
    partnerships, what they lead on and their next deadlines."""
    person = ask.data.people[person_id]
    organisation = ask.data.organisation_name(person.organisation_id)
    strongest: dict[str, str] = {}  # each partnership once, by the person's main role
    for role in ("coordinator", "admin", "member"):
        for pid, held in ask.data.roles_of(person_id):
            if held == role:
                strongest.setdefault(pid, role)
    places = [
        {"partnership": partnership_view(ask.data.partnerships[pid]), "role": role}
        for pid, role in strongest.items()
    ]
    leads = [
        {"name": p.name, "partnership": ask.name_of("partnership", p.partnership_id)}
        for p in ask.data.priorities_led_by(person_id)
    ]
    owned = ask.data.milestones_owned_by(person_id)
    window = Window(ask.today, ask.today + timedelta(days=AHEAD_DAYS), "")
    pairs = [
        (m, day)
        for m in owned
        for day in occurrences_between(m, start=window.start, end=window.end)
    ]
    data = {
        "person": person_view(person, organisation),
        "places": places,
        "leads": leads,
        "upcoming": deadline_items(ask, pairs, limit=3),
    }
    return Reply(intent="overview", template="overview_person", data=data)
