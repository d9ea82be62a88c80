"""Answer latency of the conversation core: 20 kinds of question, in process (parse,
match names, query, handle, render as text), on the demo data and on a generated large
dataset (500 partnerships, 10,000 priorities, 50,000 milestones, 200,000 updates).

    .venv/bin/python -m bench.answers                 # both datasets, SQLite files
    .venv/bin/python -m bench.answers --rounds 50     # fewer rounds per kind
    .venv/bin/python -m bench.answers --large-db postgresql://postgres@127.0.0.1:5432/bench

Goal (issue 10): p99 at most 2 ms on the demo and 10 ms on the large set, flat as data grows.
"""

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.render import compile_templates, render
from handlers.pipeline import respond
from handlers.snapshot import snapshot
from handlers.types import Identity, Message
from store.bulk import insert_rows
from store.datafile import DEMO_PATH, import_file
from store.db import Store
from store.tables import (
    GlossaryTerm,
    Milestone,
    Organisation,
    Partnership,
    PartnershipRole,
    Person,
    Plan,
    Priority,
    ProgressUpdate,
)

AT = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Sample:
    """Names and people to ask about, drawn from one partnership of a dataset."""

    partnership: str  # a name people use for it
    priority: str
    alias: str
    misspelt: str
    term: str
    member: str
    lead: str
    lead_priority: str
    owner: str
    funding: str


Question = tuple[str, Callable[[Sample], str], Callable[[Sample], str | None]]


def as_guest(_sample: Sample) -> str | None:
    return None


def as_member(sample: Sample) -> str | None:
    return sample.member


QUESTIONS: list[Question] = [
    ("priorities", lambda s: f"what are {s.partnership}'s priorities?", as_guest),
    ("cross-cutting", lambda s: f"{s.partnership} cross-cutting themes", as_guest),
    ("lead in partnership", lambda s: f"who leads on {s.priority} in {s.partnership}?", as_guest),
    ("lead by alias", lambda s: f"who's the lead for {s.alias}", as_member),
    ("lead misspelt", lambda s: f"who leads on {s.misspelt}", as_member),
    ("unknown lead", lambda s: "who leads on underwater basket weaving", as_member),
    ("due in 30 days", lambda s: "what's due in the next 30 days?", as_member),
    ("due this week", lambda s: f"anything due this week for {s.partnership}?", as_guest),
    (
        "due with parent",
        lambda s: f"what's due next month for {s.partnership} including its parent board?",
        as_guest,
    ),
    ("next scrutiny", lambda s: "when is the next scrutiny meeting?", as_member),
    ("funding end", lambda s: f"when does the {s.funding} end?", as_member),
    ("overdue", lambda s: "overdue?", as_member),
    ("my deadlines", lambda s: "my deadlines", lambda s: s.owner),
    ("my priorities", lambda s: "what am I leading on?", lambda s: s.lead),
    ("partnership overview", lambda s: f"tell me about {s.partnership}", as_guest),
    ("priority overview", lambda s: f"tell me about {s.priority} in {s.partnership}", as_member),
    ("glossary", lambda s: f"what does {s.term} stand for?", as_guest),
    ("latest updates", lambda s: f"latest on {s.priority} in {s.partnership}", as_member),
    ("post update", lambda s: f"update {s.lead_priority} amber: bench run", lambda s: s.lead),
    ("help", lambda s: "help", as_guest),
]


Timings = dict[str, list[tuple[float, float]]]  # kind -> (wall ms, CPU ms) per answer


def measure(store: Store, samples: list[Sample], rounds: int) -> Timings:
    """Wall-clock and CPU time of each answer: on a busy machine the wall-clock tail is
    mostly waiting for a processor, which the CPU time leaves out."""
    rng = random.Random(7)
    timings: Timings = {kind: [] for kind, _q, _p in QUESTIONS}
    for _ in range(rounds):
        for kind, question, person in QUESTIONS:
            sample = rng.choice(samples)
            who = person(sample)
            message = Message(
                text=question(sample),
                sender=Identity(platform="cli", user_id=who or "", person_id=who),
                at=AT,
            )
            start, cpu = time.perf_counter(), time.thread_time()
            reply = respond(store, message)
            render(reply)
            wall_ms = (time.perf_counter() - start) * 1000
            timings[kind].append((wall_ms, (time.thread_time() - cpu) * 1000))
            if reply.intent == "error":
                raise SystemExit(f"{kind}: {message.text!r} failed: {reply.data}")
    return timings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(title: str, timings: Timings) -> None:
    every = [t for values in timings.values() for t in values]
    print(f"\n{title}: {len(every)} answers")
    print(f"  {'question':24} {'p50 ms':>8} {'p99 ms':>8} {'CPU p50':>8} {'CPU p99':>8}")
    for kind, values in [*timings.items(), ("ALL", every)]:
        wall, cpu = [v[0] for v in values], [v[1] for v in values]
        print(
            f"  {kind:24} {statistics.median(wall):8.2f} {percentile(wall, 0.99):8.2f}"
            f" {statistics.median(cpu):8.2f} {percentile(cpu, 0.99):8.2f}"
        )


def demo_samples() -> list[Sample]:
    return [
        Sample(
            "Ashfield",
            "anti-social behaviour",
            "ASB",
            "anti-social behavour",
            "MARAC",
            "ashfield-cs-officer",
            "ashfield-cs-manager",
            "ASB",
            "ashfield-cs-officer",
            "white ribbon accreditation",
        ),
        Sample(
            "the city",
            "serious violence",
            "knife crime",
            "serious violense",
            "SVD",
            "ncsp-analyst",
            "ncsp-sv-chair",
            "knife crime",
            "ncsp-analyst",
            "Preventing Violent Extremism Team funding",
        ),
        Sample(
            "the county",
            "fraud",
            "scams",
            "fruad",
            "VRP",
            "snb-performance-officer",
            "snb-fraud-lead",
            "fraud",
            "snb-performance-officer",
            "VRP funding",
        ),
    ]


# --- the generated large dataset -----------------------------------------------------

THEMES = [
    ("Serious Violence", ["SV", "knife crime"]),
    ("Anti-Social Behaviour", ["ASB"]),
    ("Domestic Abuse", ["DA", "domestic violence"]),
    ("Hate Crime", ["hate incidents"]),
    ("Substance Misuse", ["drugs", "alcohol"]),
    ("Modern Slavery", ["slavery"]),
    ("Prevent", ["radicalisation"]),
    ("Fraud", ["scams"]),
    ("Reducing Reoffending", ["IOM"]),
    ("Neighbourhood Crime", ["burglary"]),
    ("Road Safety", ["speeding"]),
    ("Fly-tipping", ["fly tipping"]),
    ("Retail Crime", ["shoplifting"]),
    ("Rural Crime", ["farm theft"]),
    ("Youth Violence", ["youth crime"]),
    ("Violence Against Women and Girls", ["VAWG"]),
    ("Cyber Crime", ["online fraud"]),
    ("Exploitation of Children", ["CCE"]),
    ("Vulnerable Adults", ["vulnerability"]),
    ("Community Cohesion", ["tensions"]),
    ("Night-time Economy", ["NTE"]),
    ("Arson", ["deliberate fires"]),
    ("Homelessness", ["rough sleeping"]),
    ("Mental Health", ["crisis care"]),
    ("Feelings of Safety", ["public confidence"]),
]
KINDS = ["priority"] * 14 + ["cross_cutting"] * 3 + ["risk_driver"] * 3
SYLLABLES = [
    "ash",
    "brook",
    "wick",
    "ford",
    "ton",
    "ley",
    "ham",
    "bury",
    "mere",
    "stow",
    "wold",
    "den",
    "field",
    "worth",
    "by",
    "well",
    "combe",
    "gate",
    "holt",
    "marsh",
]


def town(n: int) -> str:
    first, second, third = n % 20, (n // 20) % 20, (n // 400) % 20
    name = SYLLABLES[first] + SYLLABLES[second] + (SYLLABLES[third] if n >= 400 else "")
    return name.capitalize()


def generate(store: Store, *, partnerships: int = 500) -> list[Sample]:
    """Write the large dataset with bulk inserts; the samples to ask about."""
    people: list[dict[str, Any]] = []
    parts: list[dict[str, Any]] = []
    roles: list[dict[str, Any]] = []
    plans: list[dict[str, Any]] = []
    priorities: list[dict[str, Any]] = []
    milestones: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    samples: list[Sample] = []
    rng = random.Random(11)
    for n in range(partnerships):
        pid, name = f"p{n:04d}", town(n)
        board = n % 10 == 0
        coordinator = f"{pid}-coordinator"
        people.append({"id": coordinator, "name": f"Coordinator, {name}", "position": len(people)})
        parts.append(
            {
                "id": pid,
                "name": f"{name} {'Safer Board' if board else 'Community Safety Partnership'}",
                "aliases": [name, f"{name} CSP"],
                "area": name,
                "coordinator_id": coordinator,
                "parent_id": None if board else f"p{n - n % 10:04d}",
                "position": n,
            }
        )
        roles.append(
            {"partnership_id": pid, "person_id": coordinator, "role": "member", "position": 0}
        )
        plans.append(
            {
                "id": f"{pid}-plan",
                "partnership_id": pid,
                "title": f"{name} Community Safety Plan 2025-2028",
                "starts": date(2025, 4, 1),
                "ends": date(2028, 3, 31),
                "position": 0,
            }
        )
        themes = rng.sample(THEMES, 20)
        for i, (theme, aliases) in enumerate(themes):
            prid, lead = f"{pid}-pr{i:02d}", f"{pid}-lead{i:02d}"
            people.append({"id": lead, "name": f"{theme} Lead, {name}", "position": len(people)})
            roles.append(
                {"partnership_id": pid, "person_id": lead, "role": "member", "position": i + 1}
            )
            priorities.append(
                {
                    "id": prid,
                    "partnership_id": pid,
                    "name": theme,
                    "aliases": aliases,
                    "kind": KINDS[i],
                    "plan_id": f"{pid}-plan",
                    "lead_id": lead,
                    "position": i,
                }
            )
            for u in range(10):
                updates.append(
                    {
                        "partnership_id": pid,
                        "priority_id": prid,
                        "author_id": lead,
                        "posted": AT - timedelta(days=7 * u + i),
                        "rag": ("red", "amber", "green")[u % 3],
                        "text": f"Update {u} on {theme} in {name}.",
                        "source": "import",
                    }
                )
        milestones += _milestones(pid, name, coordinator, [p["id"] for p in priorities[-20:]], rng)
        samples.append(
            Sample(
                partnership=name,
                priority=themes[0][0],
                alias=themes[0][1][0],
                misspelt=themes[0][0][:-2] + themes[0][0][-1] + themes[0][0][-2],
                term=f"T{n % 200:03d}",
                member=f"{pid}-lead05",
                lead=f"{pid}-lead00",
                lead_priority=themes[0][0],
                owner=coordinator,
                funding=f"{name} Safer Streets funding",
            )
        )
    # Twice as many updates per priority as written above: 200,000 in all.
    updates += [u | {"posted": u["posted"] - timedelta(days=200)} for u in updates]
    with store.transaction() as session:
        insert_rows(session, Organisation, [{"id": "org", "name": "A Council", "aliases": []}])
        insert_rows(session, Person, people)
        insert_rows(session, Partnership, [p for p in parts if p["parent_id"] is None])
        insert_rows(session, Partnership, [p for p in parts if p["parent_id"] is not None])
        insert_rows(session, PartnershipRole, roles)
        insert_rows(session, Plan, plans)
        insert_rows(session, Priority, priorities)
        insert_rows(session, Milestone, milestones)
        insert_rows(session, ProgressUpdate, updates)
        insert_rows(
            session,
            GlossaryTerm,
            [
                {"term": f"T{n:03d}", "meaning": f"Term number {n}", "position": n}
                for n in range(200)
            ],
        )
    return samples


def _milestones(
    pid: str, name: str, owner: str, priority_ids: list[str], rng: random.Random
) -> list[dict[str, Any]]:
    """100 per partnership: 10 repeating (assessments, boards, scrutiny, returns) and 90
    one-offs from 2024 to 2028."""
    repeating = [
        ("Strategic Assessment", "strategic_assessment", "FREQ=YEARLY"),
        ("Board meeting", "board_meeting", "FREQ=MONTHLY;INTERVAL=2"),
        ("Crime and disorder scrutiny", "scrutiny", "FREQ=YEARLY"),
        ("Annual refresh of priorities", "plan_refresh", "FREQ=YEARLY"),
        ("Prevent benchmarking return", "statutory_return", "FREQ=YEARLY"),
        ("Domestic abuse annual return", "statutory_return", "FREQ=YEARLY"),
        ("Quarterly performance report", "other", "FREQ=MONTHLY;INTERVAL=3"),
        ("Serious violence plan review", "review", "FREQ=YEARLY"),
        ("Community consultation", "consultation", "FREQ=YEARLY"),
        ("Needs assessment", "needs_assessment", "FREQ=YEARLY;INTERVAL=3"),
    ]
    rows = [
        {
            "id": f"{pid}-m{i:03d}",
            "partnership_id": pid,
            "title": title,
            "kind": kind,
            "due_date": date(2024, 1 + i, 10 + i),
            "repeat": repeat,
            "owner_id": owner,
            "position": i,
        }
        for i, (title, kind, repeat) in enumerate(repeating)
    ]
    rows.append(
        {
            "id": f"{pid}-m010",
            "partnership_id": pid,
            "title": f"{name} Safer Streets funding ends",
            "kind": "funding_end",
            "due_date": date(2027, 3, 31),
            "owner_id": owner,
            "position": 10,
        }
    )
    for i in range(11, 100):
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(5 * 365))
        rows.append(
            {
                "id": f"{pid}-m{i:03d}",
                "partnership_id": pid,
                "title": f"Action plan milestone {i} ({name})",
                "kind": "other",
                "due_date": day,
                "priority_id": rng.choice(priority_ids),
                "owner_id": owner,
                "position": i,
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=100, help="rounds of the 20 questions")
    parser.add_argument("--large-db", help="database URL for the large set (default: SQLite)")
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        demo = Store.open(f"sqlite:///{Path(folder)}/demo.db")
        import_file(demo, DEMO_PATH, at=AT)
        snapshot(demo)  # built once per data version; not part of an answer
        compile_templates("text")  # as `cspbot serve` does when it starts
        report("demo data (SQLite)", measure(demo, demo_samples(), args.rounds))
        demo.dispose()
        if args.skip_large:
            return
        large = Store.open(args.large_db or f"sqlite:///{Path(folder)}/large.db")
        start = time.perf_counter()
        samples = generate(large)
        print(f"\ngenerated the large dataset in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        snapshot(large)
        print(
            f"built its snapshot and name index in {time.perf_counter() - start:.2f} s "
            "(once per data version)"
        )
        report(f"large dataset ({large.dialect})", measure(large, samples, args.rounds))
        large.dispose()


if __name__ == "__main__":
    main()
