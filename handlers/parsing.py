"""What a message asks for: declarative patterns, one list per intent, tried in order.

Parsing only names the intent and cuts out the words that matter (the topic, a RAG
status, an update's text); which thing the topic names is for entities.py, and what to
answer is for the handlers.
"""

import re
from dataclasses import dataclass

RAGS = ("red", "amber", "green")
MAX_TEXT = 2000  # longer messages are not parsed (a question or update is never that long)


@dataclass(frozen=True)
class Parsed:
    intent: str
    topic: str = ""  # the words naming what is asked about
    text: str = ""  # the whole message, tidied
    rag: str | None = None
    body: str = ""  # a progress update's text, or a snooze's "for a week"


def _p(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


# Fragments the patterns share. `_T` is the topic: the words naming what is asked about.
_T = r"(?P<topic>.+?)"
_WHO = r"(?:who(?:'s|\u2019s| is| are)?|whos)"
_S = r"(?:'s|\u2019s|s')?"  # a possessive: "Ashfield's"
_IN = r"(?:of|for|in|at|on)"
_KINDS = r"(?:priorities|priority areas|aims|focus areas|cross[- ]cutting themes|risk drivers|drivers of risk|strategic drivers)"  # noqa: E501
_WHAT_ARE = r"(?:what|which) (?:are|is|r)"
_LATEST = r"(?:what(?:'s| is) )?(?:the )?(?:very )?latest (?:news |progress |updates? )?"
_UPDATES = r"(?:any |recent |the |latest |show |show me |list |read )*(?:progress )?(?:updates?|news|progress)(?: updates?)?"  # noqa: E501
_OVERDUE = r"(?:overdue|late|missed|past due|behind)"
_LEADS = r"(?:leads|leading|runs|running|owns|chairs|heads|coordinates|manages)"
_ENDS = r"(?:end|finish|close|start|begin|happen|run out|expire|take place|meet|fall|come up|stop)"
_BODIES = (
    r"(?:responsible authorities|members|partners|bodies|organisations|organizations|agencies)"
)

# (intent, patterns) in the order they are tried. Each pattern matches the tidied text
# (no trailing punctuation, single spaces); `topic` is the named group to resolve. An
# intent may appear twice when some of its phrasings must win over a later intent's.
_CHECK_IN = r"(?:check[- ]?ins?|update round|check[- ]?in round)"
_NOT = (
    r"(?:hasn't|hasn\u2019t|hasnt|has not|haven't|haven\u2019t|have not|is yet to"
    r"|still (?:has|needs) to)"
)
_FOR = rf"(?: (?:in|for|at|on) {_T})?"
# Check-in rounds and the board report (handlers/checkin_questions.py).
CHECKIN_INTENTS: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = (
    ("checkin_missing", _p(
        rf"^who {_NOT} (?:updated|answered|replied|responded|posted)(?: yet)?{_FOR}(?: yet)?$",
    )),
    ("checkin_open", _p(
        rf"^is (?:the |our )?{_CHECK_IN} (?:open|running|on)(?: yet| now)?{_FOR}$",
    )),
    ("checkin_mine", _p(
        r"^what (?:have|do) i (?:still |yet |left )?(?:got |have |need )?to update"
        r"(?: still| yet)?$",
        r"^what(?:'s| is) (?:left|outstanding|still) (?:for me )?to update$",
    )),
    ("draft_report", _p(
        rf"^(?:please )?(?:draft|write|prepare|produce|generate|make)(?: me| us)? (?:the |a |our )?"
        rf"(?:(?:board|scrutiny|progress|committee|draft) )*report{_FOR}$",
    )),
)  # fmt: skip

INTENTS: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = (
    *CHECKIN_INTENTS,
    (
        "help",
        _p(
            r"^(?:help|\?+|commands|menu|start|usage|options)(?: me| please)?$",
            r"^(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening))(?: there| bot| cspbot)?$",
            r"^what (?:can|do) (?:you|i) (?:do|ask|say)(?: you)?(?: here)?$",
            r"^how (?:do i|does this|does it|to) (?:use|work|ask)(?: (?:this|it|you))?$",
            r"^what (?:are )?(?:your )?(?:commands|options)$",
            r"^(?:show )?(?:help|examples)(?: please)?$",
        ),
    ),
    (
        "thanks",
        _p(r"^(?:thanks|thank you|cheers|ta|great|ok|okay|brilliant)(?: very much| a lot)?$"),
    ),
    (
        "my_priorities",
        _p(
            r"^what (?:am i|do i|i am|i'm) (?:leading|lead|responsible for leading)(?: on)?$",
            r"^(?:which|what) priorit(?:y|ies) (?:am i|do i) (?:lead|leading)(?: on)?$",
            r"^(?:show |list )?(?:my|the ones i) (?:priorities|leads|lead priorities)$",
            r"^what do i lead$",
        ),
    ),
    (
        "my_deadlines",
        _p(
            r"\bmy (?:deadlines?|milestones?|dates|tasks|actions)\b",
            r"^what(?:'s| is)? (?:due|coming up) for me\b",
            r"^what (?:do|have) i (?:got |have )?(?:due|coming up|to do|on)\b",
            r"^what am i (?:responsible for|due to|on the hook for)\b",
            r"^what do i own$",
            r"^(?:anything|what's|whats) due for me\b",
        ),
    ),
    (
        "updates",
        _p(
            rf"^{_LATEST}(?:on|for|about|from|with|in) {_T}$",
            rf"^{_UPDATES} (?:on|for|about|from|in) {_T}$",
            rf"^how(?:'s| is| are) {_T} (?:going|doing|getting on|progressing)(?: {_IN} .+)?$",
            rf"^(?:what(?:'s| is) )?(?:the )?(?:status|rag|rag status|progress) {_IN} {_T}$",
            rf"^{_T} (?:updates?|progress|rag status|news)$",
            rf"^what(?:'s| is| has been) happening (?:on|with) {_T}$",
            r"^(?P<topic>)(?:latest|any|recent)? ?(?:updates?|news|progress)$",
        ),
    ),
    (
        "overdue",
        _p(
            rf"^(?:what(?:'s| is| are)? |anything |is anything |are any |any )?"
            rf"(?:deadlines? |milestones? |things )?{_OVERDUE}(?: {_IN} {_T})?$",
            rf"^(?:what|which)(?: deadlines?| milestones?)? (?:have|has|did) we miss(?:ed)?"
            rf"(?: {_IN} {_T})?$",
            rf"^(?:show |list )?overdue (?:items|deadlines|milestones|things)?(?: ?{_IN} {_T})?$",
            rf"^{_T} overdue$",
        ),
    ),
    (
        "overview",
        _p(
            rf"^(?:who|what|which) (?:are|is) (?:the )?{_BODIES}(?: {_IN} {_T})?$",
            rf"^what does {_T} do$",
        ),
    ),
    (
        "lead",
        _p(
            rf"^{_WHO} (?:the )?(?:lead|leads|leading|in charge|responsible|owner|the owner)"
            rf"(?: {_IN})? {_T}$",
            rf"^{_WHO} {_LEADS}(?: up)?(?: (?:on|for|the))? {_T}$",
            rf"^(?:which|what) (?:body|group|board|organisation|organization|team) "
            rf"(?:leads|is leading|runs|owns)(?: (?:on|for))? {_T}$",
            rf"^(?:the )?(?:lead|leads|lead body|owner|contact)(?: person)? (?:on|for|of) {_T}$",
            rf"^{_T} (?:lead|leads|lead body|owner)$",
            rf"^who should i (?:talk|speak) to about {_T}$",
            rf"^who (?:do i|should i|can i) (?:ask|contact) about {_T}$",
        ),
    ),
    (
        "glossary",
        _p(
            rf"^what (?:does|do) {_T} (?:stand for|mean|refer to)$",
            rf"^what (?:is|are) {_T} (?:short|an abbreviation|an acronym) for$",
            rf"^(?:define|definition of|meaning of|expand|spell out|acronym|glossary) {_T}$",
            rf"^what(?:'s| is) (?:the )?(?:meaning|definition) of {_T}$",
            rf"^{_T} (?:stands for|meaning|means)$",
            rf"^what(?:'s| is) meant by {_T}$",
        ),
    ),
    (
        "priorities",
        _p(
            rf"^{_WHAT_ARE} {_T}{_S} (?:{_KINDS}|focus)$",
            rf"^{_WHAT_ARE} (?:the )?{_KINDS}(?: {_IN} {_T})?$",
            rf"^(?:list |show |show me |give me |tell me )?(?:the |all )?{_KINDS}(?: {_IN} {_T})?$",
            rf"^{_T}{_S} (?:{_KINDS}|focus)$",
            rf"^what(?:'s| is| are) {_T} (?:focusing|focussing|concentrating|working) on$",
            rf"^what does {_T} (?:focus|concentrate|work) on$",
        ),
    ),
    (
        "deadline_of",
        _p(
            rf"^when(?:'s| is| are| was) (?:the |our )?(?:next |upcoming |coming )?{_T}"
            rf"(?: due| meeting| happening)?$",
            rf"^when (?:does|do|will|did) (?:the )?{_T} {_ENDS}$",
            rf"^when (?:do|does|must|should) (?:we|i|they|the \w+) (?:have to |need to )?"
            rf"(?:submit|send|publish|do|deliver|complete|finish|hold|produce) "
            rf"(?:the |our )?{_T}(?: by)?$",
            rf"^(?:what(?:'s| is) the )?(?:date|deadline|due date) (?:of|for) (?:the |our )?"
            rf"(?:next )?{_T}$",
            rf"^(?:the )?next {_T}$",
        ),
    ),
    (
        "deadlines",
        _p(
            r"\b(?:due|deadlines?|milestones?|coming up|upcoming|happening|schedule|calendar"
            r"|key dates|dates|meetings)\b",
            r"\b(?:this|next|coming) (?:week|fortnight|month|quarter|year)\b",
            r"\b(?:in|within) the next \d+ (?:days?|weeks?|months?)\b",
        ),
    ),
    (
        "overview",
        _p(
            rf"^(?:tell me|talk to me|remind me) about {_T}$",
            rf"^(?:give me |show me )?(?:an |the )?(?:overview|summary|rundown|profile|details) "
            rf"(?:of|on|for) {_T}$",
            rf"^(?:info|information|details) (?:on|about) {_T}$",
            rf"^who (?:is|are) (?:in|on|part of|the members of|members of) {_T}$",
            rf"^(?:describe|about|explain|summarise|summarize) {_T}$",
        ),
    ),
    ("what_is", _p(rf"^(?:what|who)(?:'s|\u2019s| is| are|s) {_T}$")),
    ("bare", _p(rf"^{_T}$")),  # just a name ("knife crime"), or something not understood
)

_DASH = r"[-\u2013\u2014]+"
_UPDATE_HEAD = _p(
    rf"^(?:progress |rag )?update(?: on| for| to)? (?P<head>.+?)\s*(?::|\s{_DASH}\s)\s*"
    r"(?P<body>.+)$",
    rf"^(?P<head>.+?)\s+(?:progress |rag )?update\s*(?::|{_DASH})\s*(?P<body>.+)$",
)
# "latest update on X - city" is a question, not an update.
_QUESTION_START = re.compile(
    r"^(?:latest|any|what|whats|what's|show|recent|how|is|are|the)\b", re.I
)
_RAG_END = re.compile(r"^(?P<rest>.*?)[\s,:(\[-]*\b(?P<rag>red|amber|green)\b[\s)\]]*$", re.I)
# A RAG word opens the text only when a separator follows: "red tape cut" is no status.
_RAG_START = re.compile(
    r"^\s*\(?(?P<rag>red|amber|green)\)?\s*(?::|[-\u2013\u2014,]+)\s*(?P<rest>.*)$", re.I
)

_DONE = _p(
    rf"^(?:mark |set )?{_T} (?:as )?(?:done|complete|completed|finished|submitted)$",
    rf"^(?:done|completed?|finished|submitted)[:\s-]+(?:the |our )?{_T}$",
    rf"^(?:we(?:'ve| have)?|i(?:'ve| have)?) (?:done|completed|finished|submitted) "
    rf"(?:the |our )?{_T}$",
)
_SNOOZE = _p(
    rf"^(?:snooze|postpone|defer|remind me about|remind me of) (?:the |our )?{_T}\s+"
    r"(?P<body>(?:for|until|till|til|to|by|on|next) .+)$",
    rf"^(?:snooze|postpone|defer) (?:the |our )?{_T}$",
)


def tidy(text: str) -> str:
    """One line, single spaces, no control characters, no trailing punctuation."""
    text = "".join(c if c.isprintable() else " " for c in text)
    text = " ".join(text.split())
    return text.strip(" ?!.")


def parse(text: str) -> Parsed:
    tidied = tidy(text)
    if not tidied:
        return Parsed("help", text=tidied)
    if len(tidied) > MAX_TEXT:
        return Parsed("too_long", text=tidied[:80])
    return _parse_update(tidied) or _parse_occurrence_action(tidied) or _parse_question(tidied)


def _parse_update(text: str) -> Parsed | None:
    if _QUESTION_START.match(text):
        return None
    for pattern in _UPDATE_HEAD:
        match = pattern.match(text)
        if match:
            head, body = match.group("head").strip(), match.group("body").strip()
            rag = None
            end = _RAG_END.match(head)
            if end:
                head, rag = end.group("rest").strip(" -,:"), end.group("rag").lower()
            else:
                start = _RAG_START.match(body)
                if start and start.group("rest"):
                    rag, body = start.group("rag").lower(), start.group("rest").strip()
            return Parsed("post_update", topic=head, text=text, rag=rag, body=body)
    return None


def _parse_occurrence_action(text: str) -> Parsed | None:
    for pattern in _SNOOZE:
        match = pattern.match(text)
        if match:
            body = match.groupdict().get("body") or ""
            return Parsed("snooze", topic=match.group("topic"), text=text, body=body)
    for pattern in _DONE:
        match = pattern.match(text)
        if match:
            return Parsed("done", topic=match.group("topic"), text=text)
    return None


def _parse_question(text: str) -> Parsed:
    for intent, patterns in INTENTS:
        for pattern in patterns:
            match = pattern.search(text)
            if match:
                topic = match.groupdict().get("topic") or ""
                return Parsed(intent, topic=topic.strip(), text=text)
    return Parsed("bare", topic=text, text=text)
