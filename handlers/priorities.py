"""A partnership's priorities: by default those of its current plan; cross-cutting themes,
risk drivers and areas of focus when asked for."""

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from handlers.context import Ask, not_found, scope_of, which_partnership
from handlers.entities import COMMON_IN_NAMES, acronym, content_words, normalise
from handlers.priority_groups import PriorityGroup, named_groups
from handlers.types import Reply
from handlers.views import KIND_PLURALS, KIND_WORDS, partnership_view, plan_view, priority_view
from store.plans import current_plan, plan_items
from store.tables import Plan, Priority

# Which kinds of priority the words ask for; none of these means the priorities proper.
_KIND_WORDS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"\bcross[- ]?cutting|\bthemes?\b", re.I), ("cross_cutting",)),
    (re.compile(r"\b(?:risk )?drivers?\b", re.I), ("risk_driver",)),
    (
        re.compile(
            r"\b(?:areas? of focus|focus areas?|places?"
            r"|(?:extra|particular|special|additional|more|greater|increased|further) focus)\b",
            re.I,
        ),
        ("focus",),
    ),
    # "What is the county focusing on": its priorities, and the places it focuses on.
    (re.compile(r"\bfocus(?:es|ses|ed|sed|ing|sing)?\s+on\b", re.I), ("priority", "focus")),
    (re.compile(r"\b(?:everything|all|every)\b", re.I), tuple(KIND_WORDS)),
)
_EARLIER = re.compile(r"\b(?:previous|old|former|earlier|preceding|prior)\b", re.I)
_YEAR = re.compile(r"\b(20\d\d)(?:[/-]\d\d(?:\d\d)?)?\b")
_PRIORITIES = re.compile(r"\bpriorit(?:y|ies)\b", re.I)
_LEFTOVER_WORDS = (
    "priorities priority cross cutting themes theme risk drivers driver focus areas area "
    "everything all every aims focusing focussing concentrating working current plan"
)
_LEFTOVER = frozenset(_LEFTOVER_WORDS.split())


def kinds_asked(text: str) -> tuple[str, ...]:
    """Every kind the words ask for ("priorities and risk drivers" asks for two)."""
    asked = [kind for pattern, kinds in _KIND_WORDS if pattern.search(text) for kind in kinds]
    if not asked or _PRIORITIES.search(text):
        asked.insert(0, "priority")
    return tuple(dict.fromkeys(asked))


def answer(ask: Ask) -> Reply:
    named = named_groups(ask.data.priority_groups, ask.parsed.text)
    if named:
        return _of_groups(ask, named)
    scope = scope_of(ask, ask.parsed.topic)
    leftover = [w for w in content_words(scope.topic) if w not in _LEFTOVER]
    ids = scope.ids
    if leftover and not scope.named:
        words = " ".join(leftover)
        inside = _inside_one_name(ask, leftover) or _holding_plan(ask, leftover)
        if inside is None:
            return not_found(ask, scope, words=words, kinds=["partnership"], what="partnership")
        ids = (inside,)
        scope = replace(scope, note=None)  # the words said which: nothing was assumed
    if not ids:
        everyone = list(ask.data.partnerships.values())
        if len(everyone) != 1:
            options = [p.name for p in everyone[:8]]
            return which_partnership(ask, question="priorities", options=options)
        ids = (everyone[0].id,)
    kinds = kinds_asked(ask.parsed.text)
    groups = [_group(ask, pid, kinds) for pid in ids]
    return _priorities_reply(groups, kinds, note=scope.note)


def _priorities_reply(
    shown: list[dict[str, Any]], kinds: Sequence[str], *, note: str | None
) -> Reply:
    """The priorities reply, headed by the one kind shown ("priority") or "item"."""
    one, many = (
        (KIND_WORDS[kinds[0]], KIND_PLURALS[kinds[0]]) if len(kinds) == 1 else ("item", "items")
    )
    return Reply(
        intent="priorities",
        template="priorities",
        data={
            "partnerships": shown,
            "kinds": list(kinds),
            "heading": {"one": one, "many": many},
            "note": note,
        },
    )


def _inside_one_name(ask: Ask, leftover: list[str]) -> str | None:
    """The one partnership whose name holds the words, with the words like "board" said
    beside them, as a run: "the reoffending board" is the Reducing Reoffending Board;
    "the crime board" is none (the Crime and Drugs Partnership is no board)."""
    said = [w for w in normalise(ask.parsed.text).split() if w in leftover or w in COMMON_IN_NAMES]
    found = {f.thing for f in ask.index.containing(" ".join(said), kinds=["partnership"])}
    return next(iter(found)).id if len(found) == 1 else None


def _holding_plan(ask: Ask, leftover: list[str]) -> str | None:
    """The one partnership with a plan the words name ("the community safety agreement":
    the county's Nottinghamshire Community Safety Agreement)."""
    holders = {
        pid for pid in ask.data.partnerships if _plans_named(ask.data.plans_of(pid), leftover)
    }
    return holders.pop() if len(holders) == 1 else None


def _plans_named(plans: list[Plan], leftover: list[str]) -> list[Plan]:
    """The plans whose titles hold the words, two or more, as a run."""
    if len(leftover) < 2:
        return []
    run = f" {' '.join(leftover)} "
    return [p for p in plans if run in f" {normalise(p.title)} "]


def _of_groups(ask: Ask, groups: list[PriorityGroup]) -> Reply:
    """The priorities of a group the words name ("South Notts SV"), whatever their kind:
    the group is what was asked for."""
    shown = []
    for group in groups:
        partnership = ask.data.partnership(group.partnership_id)
        assert partnership is not None  # groups come from this snapshot's priorities
        shown.append(
            {
                "partnership": partnership_view(partnership),
                "within": group.name,
                "plan": None,
                "priorities": [
                    priority_view(p, partnership, _lead(ask, p)) for p in group.priorities
                ],
                "others": [],
            }
        )
    kinds = tuple(dict.fromkeys(p.kind for g in groups for p in g.priorities))
    return _priorities_reply(shown, kinds, note=None)


def plan_asked(ask: Ask, plans: list[Plan]) -> Plan | None:
    """The plan the words ask about: the previous one ("the old priorities"), the one
    running in a year they name ("for 2021/22", "the 2021-24 plan"), or the only one
    whose title has the name they call the partnership by ("CDP": the Crime and Drugs
    Partnership Plan) or the words it is called by ("the community safety agreement");
    else the current one."""
    current = current_plan(plans, ask.today)
    leftover = [w for w in content_words(ask.parsed.topic) if w not in _LEFTOVER]
    if len(named := _plans_named(plans, leftover)) == 1:
        return named[0]  # "the community safety agreement"
    if _EARLIER.search(ask.parsed.text) and current is not None:
        return _before(ask, plans, current) or current
    years = [int(y) for y in _YEAR.findall(ask.parsed.text)]
    running = [p for p in plans if years and _runs_in(p, years[0])]
    # Of the plans running that year, one with priorities recorded, the latest first: a
    # strategy superseded before its end ("2023-2026") lists none of its own.
    having = (
        {p.plan_id for p in ask.data.priorities_of(running[0].partnership_id)} if running else set()
    )
    if running:
        return max(running, key=lambda p: (p.id in having, p.starts or date.min))
    return _titled(ask, plans) or current


def _before(ask: Ask, plans: list[Plan], current: Plan) -> Plan | None:
    """The last plan before the current one that has priorities recorded."""
    having = {
        p.plan_id for pid in {p.partnership_id for p in plans} for p in ask.data.priorities_of(pid)
    }
    starts = current.starts or date.min
    earlier = [p for p in plans if (p.starts or date.min) < starts and p.id in having]
    return max(earlier, key=lambda p: p.starts or date.min, default=None)


def _titled(ask: Ask, plans: list[Plan]) -> Plan | None:
    """The only plan whose title has the name the words call the partnership by."""
    for mention in ask.parsed.partnership_mentions():
        for thing in mention.of("partnership"):
            for name in thing.names:
                if mention.words not in (normalise(name), acronym(name)):
                    continue
                titled = [p for p in plans if f" {normalise(name)} " in f" {normalise(p.title)} "]
                if len(titled) == 1 and len(plans) > 1:
                    return titled[0]
    return None


def _runs_in(plan: Plan, year: int) -> bool:
    """Whether the plan runs in the year (or the financial year starting in it)."""
    starts, ends = plan.starts or date.min, plan.ends or date.max
    return starts <= date(year, 12, 31) and ends >= date(year, 4, 1)


def _group(ask: Ask, partnership_id: str, kinds: tuple[str, ...]) -> dict[str, Any]:
    partnership = ask.data.partnership(partnership_id)
    assert partnership is not None  # ids come from the name index of this store
    plans = ask.data.plans_of(partnership_id)
    plan = plan_asked(ask, plans)
    priorities = plan_items(ask.data.priorities_of(partnership_id), plan)
    shown = [p for p in priorities if p.kind in kinds]
    others = _others(priorities, kinds)
    return {
        "partnership": partnership_view(partnership),
        "within": None,
        "plan": plan_view(plan) if plan else None,
        "plan_current": plan is not None and _running(plan, ask.today),
        "plan_asked": plan is not None and plan != current_plan(plans, ask.today),
        "priorities": [priority_view(p, partnership, _lead(ask, p)) for p in shown],
        "others": others,
    }


def _words(kind: str, count: int) -> str:
    words = KIND_WORDS if count == 1 else KIND_PLURALS
    return words.get(kind, kind.replace("_", " "))


def _running(plan: Plan, today: date) -> bool:
    return (plan.starts or date.min) <= today <= (plan.ends or date.max)


def _lead(ask: Ask, priority: Priority) -> dict[str, Any] | None:
    person = ask.data.person(priority.lead_id)
    return {"id": person.id, "name": person.name} if person else None


def _others(priorities: list[Priority], kinds: tuple[str, ...]) -> list[dict[str, Any]]:
    """The other kinds there are, with how many, so the reply can say how to ask."""
    counts: dict[str, int] = {}
    for p in priorities:
        if p.kind not in kinds:
            counts[p.kind] = counts.get(p.kind, 0) + 1
    return [
        {"kind": kind, "count": count, "words": _words(kind, count)}
        for kind, count in counts.items()
    ]
