"""The question suite: everyday phrasings of every intent, asked of the demo data and of
the tests' fictional data, checking what the answers say (and what they must not say)."""

from dataclasses import dataclass, field

import pytest

from store.db import Store
from tests.scenarios.conftest import ask


@dataclass(frozen=True)
class Q:
    text: str
    intent: str
    says: tuple[str, ...] = ()
    never: tuple[str, ...] = ()
    person: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.text!r} as {self.person or 'guest'}"


def check(store: Store, q: Q) -> None:
    answer = ask(store, q.text, person=q.person)
    assert answer.text.strip(), q
    assert answer.reply.intent == q.intent, (q, answer.reply.intent, answer.text)
    lowered = answer.text.lower()
    for words in q.says:
        assert words.lower() in lowered, (q, words, answer.text)
    for words in q.never:
        assert words.lower() not in lowered, (q, words, answer.text)


ASHFIELD_PRIORITIES = (
    "Tackling Anti-Social Behaviour",
    "Protecting Vulnerable People",
    "Tackling Neighbourhood Crime",
)
SNB_PRIORITIES = ("Domestic Abuse", "Fraud", "Prevent", "Serious Violence")
NCSP_PRIORITIES = ("Slavery and Exploitation", "Substance Use", "Anti-Social Behaviour")
SV_CHAIR = "Chair, Serious Violence Strategic Group"
NOTHING_OLD = ("CDP 2021/22",)  # the predecessor plan's priorities are history

DEMO = [
    # --- priorities of a partnership ---------------------------------------------------
    Q("what are Ashfield's priorities?", "priorities", ASHFIELD_PRIORITIES),
    Q("What are Ashfield\u2019s priorities", "priorities", ASHFIELD_PRIORITIES),
    Q("ashfield priorities", "priorities", ASHFIELD_PRIORITIES),
    Q("Ashfeild priorities", "priorities", ASHFIELD_PRIORITIES),
    Q("priorities for Ashfield CSP", "priorities", ASHFIELD_PRIORITIES),
    Q(
        "list the priorities of the Ashfield Community Safety Partnership",
        "priorities",
        ASHFIELD_PRIORITIES,
    ),
    Q("county priorities", "priorities", SNB_PRIORITIES, ("Ashfield",)),
    Q("what are the SNB's priorities?", "priorities", SNB_PRIORITIES),
    Q("snb priorities", "priorities", SNB_PRIORITIES),
    Q("What are the priorities of the Safer Nottinghamshire Board?", "priorities", SNB_PRIORITIES),
    Q("what is the city focusing on?", "priorities", NCSP_PRIORITIES, NOTHING_OLD),
    Q("what's the city focussing on", "priorities", NCSP_PRIORITIES, NOTHING_OLD),
    Q("NCSP priorities", "priorities", NCSP_PRIORITIES, NOTHING_OLD),
    Q("Nottingham priorities", "priorities", NCSP_PRIORITIES),
    Q("what are the city's priorities", "priorities", NCSP_PRIORITIES),
    Q(
        "what are the city's risk drivers?",
        "priorities",
        ("Community Tensions", "Housing and Homelessness"),
        ("Substance Use:",),
    ),
    Q("risk drivers for the NCSP", "priorities", ("Vulnerable Adults",)),
    Q(
        "SNB cross-cutting themes",
        "priorities",
        ("Reducing Reoffending", "Violence Against Women and Girls"),
    ),
    Q("what are the county's cross cutting themes", "priorities", ("Feelings of Safety",)),
    Q("what are our priorities?", "priorities", ASHFIELD_PRIORITIES, person="ashfield-cs-officer"),
    Q("our priorities", "priorities", NCSP_PRIORITIES, person="ncsp-analyst"),
    Q("what are the priorities?", "priorities", ("Which partnership",)),
    Q("what are Mansfield's priorities?", "priorities", ("don't know", "Mansfield")),
    Q("priorities of the SNB", "priorities", ("ended on 31 March 2025",)),
    # --- leads ---------------------------------------------------------------------------
    Q(
        "who leads on ASB in the city?",
        "lead",
        ("Anti-Social Behaviour", "Nottingham"),
        ("Ashfield",),
    ),
    Q("who leads on ASB in Ashfield?", "lead", ("Community Safety Manager, Ashfield",)),
    # A guest names no partnership and knife crime is a priority of several: which one?
    Q(
        "who's the lead for knife crime",
        "lead",
        ("Which one?", "Serious Violence (Nottingham Community Safety Partnership)"),
    ),
    Q("who is the lead for knife crime in the city", "lead", (SV_CHAIR,), ("SNB Priority",)),
    Q(
        "who leads on serious violence for the county",
        "lead",
        ("SNB Priority Lead, Serious Violence", "Violence Reduction Partnership"),
    ),
    Q("who leads on fraud", "lead", ("SNB Priority Lead, Fraud", "Fraud Partnership")),
    Q("who leads on fruad", "lead", ("SNB Priority Lead, Fraud",)),
    Q("who is responsible for prevent in the city", "lead", ("Prevent Coordinator",)),
    Q("who leads on modern slavery in the city", "lead", ("Manager, Slavery and Exploitation",)),
    Q("who's leading on DSVA", "lead", ("Chair, DSVA Strategy Group",)),
    Q("lead for substance use", "lead", ("Which one?", "Substance Misuse (Safer Nottinghamshire")),
    Q(
        "lead for substance use in the city",
        "lead",
        ("Chair, Substance Use Strategic Partnership",),
    ),
    Q("who runs reducing reoffending", "lead", ("Chair, Nottinghamshire Reducing Reoffending",)),
    Q("which body leads on VAWG", "lead", ("Violence Against Women and Girls",)),
    Q("who leads on domestic abuse in ashfeild", "lead", ("Community Safety Manager, Ashfield",)),
    Q("who leads on neighbourhood crime", "lead", ("Neighbourhood Policing Inspector",)),
    Q("burglary lead", "lead", ("Neighbourhood Policing Inspector",)),
    Q("who leads on youth violence", "lead", ("don't know", "youth violence", "did you mean")),
    Q("who leads on underwater basket weaving", "lead", ("don't know",), (SV_CHAIR,)),
    Q("who leads on", "lead", ("Which priority",)),
    Q("who leads the county?", "lead", ("Programme Manager, Safer Nottinghamshire Board",)),
    Q("who should I talk to about fly-tipping", "lead", ("Fly-tipping",)),
    Q("who leads on ASB", "lead", ("Nottingham", "Safer Nottinghamshire", "Ashfield")),
    # --- deadlines in a window -----------------------------------------------------------
    Q(
        "what's due in the next 30 days?",
        "deadlines",
        ("21 December 2026", "Strategic Assessment", "NCSP Board meeting"),
    ),
    Q("whats due in the next 30 days", "deadlines", ("27 November 2026",)),
    Q("anything due this week?", "deadlines", ("Nothing", "this week")),
    Q("anything due next week", "deadlines", ("NCSP Board meeting", "27 November 2026")),
    Q(
        "what's due next month?",
        "deadlines",
        ("1 December 2026", "31 December 2026", "Strategic Assessment"),
    ),
    Q(
        "what's coming up in the next 90 days",
        "deadlines",
        ("Safer Nottinghamshire Board meeting",),
    ),
    Q("deadlines before April", "deadlines", ("before 1 April 2027", "31 March 2027")),
    Q(
        "what's due before April in the city",
        "deadlines",
        ("Crime and disorder scrutiny",),
        ("Place Select Committee",),
    ),
    Q("what's due this quarter", "deadlines", ("31 December 2026",)),
    Q(
        "upcoming deadlines for the SNB",
        "deadlines",
        ("Police and Crime Needs Assessment",),
        ("NCSP Board",),
    ),
    Q(
        "what's due next month for Ashfield including its parent board?",
        "deadlines",
        ("Ashfield", "Police and Crime Needs Assessment"),
    ),
    Q(
        "what's due next month for ashfield",
        "deadlines",
        ("Strategic Assessment",),
        ("Police and Crime Needs Assessment",),
    ),
    Q("what's due in march", "deadlines", ("March 2027",)),
    Q(
        "board meetings next month",
        "deadlines",
        ("CSP Strategic Board",),
        ("Strategic Assessment",),
    ),
    Q(
        "what's due for us in the next 30 days",
        "deadlines",
        ("Strategic Assessment",),
        ("NCSP Board",),
        person="ashfield-cs-manager",
    ),
    Q("what's due tomorrow", "deadlines", ("Nothing",)),
    Q("any milestones in the next 2 weeks", "deadlines", ("1 December 2026",)),
    Q("deadlines this year", "deadlines", ("Strategic Assessment",)),
    # --- deadlines for a thing -----------------------------------------------------------
    Q("when is the next scrutiny meeting?", "deadline_of", ("26 February 2027",)),
    Q("when's the next scrutiny", "deadline_of", ("scrutiny",)),
    Q(
        "when is the next scrutiny meeting for the county",
        "deadline_of",
        ("18 March 2027", "Place Select Committee"),
    ),
    Q(
        "when does the VRP funding end?",
        "deadline_of",
        ("31 March 2025", "Violence Reduction Partnership"),
    ),
    Q("when is the strategic assessment due?", "deadline_of", ("1 December 2026",)),
    Q("when is the next strategic assessment in ashfield", "deadline_of", ("4 December 2026",)),
    Q("when is the next NCSP board meeting", "deadline_of", ("27 November 2026", "10:00")),
    Q("when is the next board meeting for the SNB", "deadline_of", ("28 January 2027",)),
    Q("when does the white ribbon accreditation expire", "deadline_of", ("31 December 2025",)),
    Q("date of the next prevent benchmarking", "deadline_of", ("19 March 2027",)),
    Q("when is the next scrutny meeting", "deadline_of", ("scrutiny",)),
    Q("when is the next trampoline contest", "deadline_of", ("don't know",)),
    # --- overdue -------------------------------------------------------------------------
    Q("overdue?", "overdue", ("Overdue", "not marked done")),
    Q("what's overdue", "overdue", ("12 November 2026",)),
    Q("anything overdue for the city", "overdue", ("NCSP Board meeting",), ("Place Select",)),
    Q("what have we missed", "overdue", ("Overdue",), person="ncsp-head"),
    # --- the asker's own -----------------------------------------------------------------
    Q(
        "my deadlines",
        "my_deadlines",
        ("Strategic Assessment", "1 December 2026"),
        person="ncsp-analyst",
    ),
    Q("what's due for me", "my_deadlines", ("Your deadlines",), person="ncsp-analyst"),
    Q("my deadlines", "my_deadlines", ("don't know who you are",)),
    Q(
        "what am I leading on?",
        "my_priorities",
        ("Serious Violence", "Amber"),
        person="ncsp-sv-chair",
    ),
    Q("what do I lead", "my_priorities", ("Fraud",), person="snb-fraud-lead"),
    Q("my priorities", "my_priorities", ("not recorded as the lead",), person="ncsp-analyst"),
    Q("what am I leading on", "my_priorities", ("don't know who you are",)),
    # --- overviews -----------------------------------------------------------------------
    Q(
        "tell me about the SNB",
        "overview",
        ("Safer Nottinghamshire Board", "Ashfield", "Programme Manager"),
    ),
    Q(
        "tell me about the city",
        "overview",
        ("Nottingham Community Safety Partnership", "Responsible authorities"),
    ),
    Q("tell me about Ashfield", "overview", ("reports to Safer Nottinghamshire Board",)),
    Q("overview of the county", "overview", ("Safer Nottinghamshire Board",)),
    Q("tell me about serious violence in the city", "overview", (SV_CHAIR, "priority")),
    Q("tell me about fraud", "overview", ("Fraud", "Safer Nottinghamshire Board")),
    Q("tell me about the police", "overview", ("Nottinghamshire Police", "Responsible authority")),
    Q("knife crime in the city", "overview", ("Serious Violence", SV_CHAIR)),
    Q("tell me about serious violence in the city", "overview", ("amber",), person="ncsp-sv-chair"),
    Q("tell me about serious violence in the city", "overview", ("for the partnership's members",)),
    Q("what does the SNB do", "overview", ("Safer Nottinghamshire Board", "Coordinator")),
    Q("what is the SNB?", "overview", ("Safer Nottinghamshire Board", "Priorities")),
    Q(
        "who are the responsible authorities in ashfield",
        "overview",
        ("Responsible authorities", "Ashfield District Council"),
    ),
    Q("who coordinates the city", "lead", ("Head of Community Safety",)),
    Q("thanks", "thanks", ("welcome",)),
    # --- glossary ------------------------------------------------------------------------
    Q("what does MARAC stand for?", "glossary", ("Multi-Agency Risk Assessment Conference",)),
    Q("what's SVD?", "glossary", ("Serious Violence Duty",)),
    Q("what is a DHR", "glossary", ("Domestic Homicide Review",)),
    Q("define CSP", "glossary", ("Community Safety Partnership",)),
    Q("what does VAWG mean", "glossary", ("Violence Against Women and Girls",)),
    Q("MARAC", "glossary", ("Multi-Agency Risk Assessment Conference",)),
    Q("what does maracc stand for", "glossary", ("Multi-Agency Risk Assessment Conference",)),
    Q("meaning of ICB", "glossary", ("Integrated Care Board",)),
    Q("what does ZXQW stand for", "glossary", ("don't know",)),
    # --- progress updates ----------------------------------------------------------------
    Q("latest on serious violence", "updates", ("for the partnership's members",), ("(Demo)",)),
    Q(
        "latest on serious violence in the city",
        "updates",
        ("(Demo) Serious Violence",),
        person="ncsp-head",
    ),
    Q("any updates on substance use", "updates", ("outcomes framework",), person="ncsp-analyst"),
    Q(
        "how is ASB going in Ashfield",
        "updates",
        ("Quarterly ASB figures",),
        person="ashfield-cs-officer",
    ),
    Q(
        "latest updates for Ashfield",
        "updates",
        ("Burglary prevention",),
        person="snb-programme-manager",
    ),
    Q("latest on the city", "updates", ("you are not one of them",), person="ashfield-cs-officer"),
    Q("latest updates", "updates", ("Complex Case Panel",), person="ashfield-cs-manager"),
    Q("progress on dsva", "updates", ("safe accommodation",), person="ncsp-dsva-chair"),
    # --- help and the unknown ------------------------------------------------------------
    Q("help", "help", ("who leads on",)),
    Q("hello", "help", ("Priorities",)),
    Q("what can you do?", "help", ("what does MARAC stand for",)),
    Q("", "help", ("Deadlines",)),
    Q("asdfghjkl qwerty", "unknown", ("not sure what you mean", "help")),
]

# Posting is checked on its own stores (below): these are refusals that store nothing.
DEMO_REFUSED_POSTS = [
    Q("update knife crime amber: extra patrols", "post_update", ("don't know who you are",)),
    Q(
        "update ASB green: fewer calls",
        "post_update",
        ("can't store that", "lead"),
        person="ncsp-sv-chair",
    ),
    Q(
        "update fraud red: call centre scam",
        "post_update",
        ("can't store that",),
        person="ashfield-cs-officer",
    ),
    Q("update zorbing amber: something", "post_update", ("don't know",), person="ncsp-head"),
]

FICTIONAL = [
    Q(
        "what are riverford's priorities",
        "priorities",
        ("Retail Crime", "Youth Violence"),
        ("Road Safety",),
    ),
    Q("borough priorities", "priorities", ("Retail Crime",)),
    Q("priorities of the shire", "priorities", ("Road Safety",), ("Retail Crime",)),
    Q("westshire priorities", "priorities", ("Road Safety",)),
    Q("WSB cross-cutting themes", "priorities", ("Rural Crime",)),
    Q("risk drivers for RCSP", "priorities", ("Fly-grazing", "1 risk driver")),
    Q("what are our priorities", "priorities", ("Retail Crime",), person="rv-member"),
    Q("what are Riverfrod's priorities", "priorities", ("Retail Crime",)),
    Q("what are Lakeside's priorities", "priorities", ("don't know",)),
    Q("what are the priorities", "priorities", ("Which partnership",)),
    Q(
        "who leads on shoplifting",
        "lead",
        ("Retail Crime Lead, Riverford", "Westshire Constabulary"),
    ),
    Q("who leads on shop theft", "lead", ("Retail Crime Lead",)),
    Q("who's the lead for knife crime", "lead", ("Youth Violence Lead",)),
    Q("who leads on youth violence", "lead", ("Youth Violence Lead",)),
    Q("who leads on yuoth violence", "lead", ("Youth Violence Lead",)),
    Q(
        "who leads on road safety",
        "lead",
        ("Road Safety Lead, Westshire", "Westshire Road Safety Partnership"),
    ),
    Q("who leads on speeding in the shire", "lead", ("Road Safety Lead",)),
    Q("who leads on rural crime", "lead", ("no lead recorded",)),
    Q("who leads on serious violence", "lead", ("don't know",), ("Youth Violence Lead leads",)),
    Q("who leads the borough", "lead", ("Community Safety Manager, Riverford",)),
    Q("who leads on ASB", "lead", ("don't know",)),
    Q(
        "what's due in the next 30 days",
        "deadlines",
        ("Youth violence return", "27 November 2026", "Road casualty return"),
    ),
    Q("anything due this week", "deadlines", ("Nothing",)),
    Q("what's due next week", "deadlines", ("Youth violence return",)),
    Q("what's due next month", "deadlines", ("5 December 2026", "10 December 2026")),
    Q(
        "what's due next month for the borough",
        "deadlines",
        ("Strategic Assessment",),
        ("Road casualty",),
    ),
    Q(
        "what's due next month for the borough including its parent board",
        "deadlines",
        ("Strategic Assessment", "Road casualty"),
    ),
    Q("what's due before April", "deadlines", ("Crime and disorder scrutiny", "3 March 2027")),
    Q(
        "deadlines in the next 90 days for westshire",
        "deadlines",
        ("Westshire Safer Board meeting",),
        ("Riverford Overview",),
    ),
    Q("what's due this quarter", "deadlines", ("31 December 2026", "Strategic Assessment")),
    Q("when does the safer streets funding end", "deadline_of", ("31 March 2027",)),
    Q("when is the next scrutiny meeting", "deadline_of", ("3 March 2027", "18:30")),
    Q("when is the next strategic assessment", "deadline_of", ("5 December 2026",)),
    Q("when is the next board meeting", "deadline_of", ("14 January 2027",)),
    Q("when is the road casualty return due", "deadline_of", ("10 December 2026",)),
    Q("when is the YV return due", "deadline_of", ("27 November 2026",)),
    Q("when is the next trampoline contest", "deadline_of", ("don't know",)),
    Q("what's overdue", "overdue", ("Strategic Assessment", "5 December 2025")),
    Q(
        "overdue for the shire",
        "overdue",
        ("Westshire Safer Board meeting", "14 November 2026"),
        ("Strategic Assessment",),
    ),
    Q("my deadlines", "my_deadlines", ("Strategic Assessment",), person="rv-officer"),
    Q("my deadlines", "my_deadlines", ("Youth violence return",), person="rv-youth-lead"),
    Q("what am I leading on", "my_priorities", ("Retail Crime", "Amber"), person="rv-retail-lead"),
    Q("what do I lead", "my_priorities", ("Road Safety", "no updates yet"), person="ws-roads-lead"),
    Q(
        "tell me about riverford",
        "overview",
        ("Riverford Community Safety Partnership", "Westshire Safer Board", "Retail Crime"),
    ),
    Q("tell me about the shire", "overview", ("Partnerships under it",)),
    Q("tell me about retail crime", "overview", ("shop theft", "Riverford Business Crime Group")),
    Q("tell me about the constabulary", "overview", ("Westshire Constabulary",)),
    Q("shoplifting", "overview", ("Retail Crime",)),
    Q("what does PSPO stand for", "glossary", ("Public Spaces Protection Order",)),
    Q("what's RSP", "glossary", ("Road Safety Partnership",)),
    Q("what does MARAC stand for", "glossary", ("Multi-Agency Risk Assessment",)),
    Q("what does SVD stand for", "glossary", ("don't know",)),
    Q("latest on retail crime", "updates", ("for the partnership's members",), ("patrols",)),
    Q("latest on retail crime", "updates", ("Town centre patrols",), person="rv-member"),
    Q("latest on retail crime", "updates", ("Town centre patrols",), person="ws-coordinator"),
    Q("latest on retail crime", "updates", ("not one of them",), person="ws-roads-lead"),
    Q("latest on retail crime", "updates", ("not one of them",), person="outsider"),
    Q("latest on youth violence", "updates", ("No progress updates yet",), person="rv-manager"),
    Q("help", "help", ("what does MARAC stand for",)),
    Q(
        "update shoplifting red: stores hit",
        "post_update",
        ("can't store that",),
        person="outsider",
    ),
    Q(
        "update shoplifting red: stores hit",
        "post_update",
        ("can't store that",),
        person="ws-roads-lead",
    ),
    Q(
        "update road safety amber: stores hit",
        "post_update",
        ("can't store that",),
        person="rv-manager",
    ),
]


@pytest.mark.parametrize("q", DEMO + DEMO_REFUSED_POSTS, ids=str)
def test_demo_questions(demo: Store, q: Q) -> None:
    check(demo, q)


@pytest.mark.parametrize("q", FICTIONAL, ids=str)
def test_fictional_questions(fictional: Store, q: Q) -> None:
    check(fictional, q)


def test_the_suite_is_large_and_covers_every_intent() -> None:
    questions = DEMO + DEMO_REFUSED_POSTS + FICTIONAL
    assert len(questions) >= 150
    intents = {q.intent for q in questions}
    assert intents >= {
        "priorities",
        "lead",
        "deadlines",
        "deadline_of",
        "overdue",
        "my_deadlines",
        "my_priorities",
        "overview",
        "glossary",
        "updates",
        "post_update",
        "help",
    }
