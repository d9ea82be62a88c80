"""What a message asks for, understood in steps (as Rasa's NLU pipelines do):

1. commands with a shape of their own (posting an update, done, snooze) by pattern;
2. otherwise the words are spelt as meant, a window of time is found (windows.py), and
   every name the message mentions (mentions.py);
3. the intent is the nearest example phrasing's (intents.py), judged on the words that
   are left with the mentions as placeholders;
4. the topic, the words the handler resolves, is what the mentions and unknown words
   say beside the partnerships.

Which thing a topic names is for entities.py, and what to answer is for the handlers.
"""

import re
from dataclasses import replace

from handlers.mentions import MentionIndex
from handlers.understanding import MAX_TEXT, Parsed, mentions_in, understand

RAGS = ("red", "amber", "green")
__all__ = ["MAX_TEXT", "RAGS", "Parsed", "parse", "tidy"]


def _p(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


_T = r"(?P<topic>.+?)"  # the words naming what an update, done or snooze is about

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
# A question, not a command: "when has the PSPO consultation been done?"
_ASKING = re.compile(
    r"^(?:when|whens|what|whats|what's|has|have|had|did|was|were|is|are|who|which|why|how)\b",
    re.I,
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


def parse(text: str, names: MentionIndex) -> Parsed:
    tidied = tidy(text)
    if not tidied:
        return Parsed("help", text=tidied)
    if len(tidied) > MAX_TEXT:
        return Parsed("too_long", text=tidied[:80])
    command = _parse_update(tidied) or _parse_occurrence_action(tidied)
    if command is not None:
        return replace(command, mentions=tuple(mentions_in(tidied, names)))
    return understand(tidied, names)


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
    if _ASKING.match(text):  # "when has the consultation been done?" asks; it marks nothing
        return None
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
