"""What an acronym or term stands for, and what else the same word names ("CDP": the
Crime and Drugs Partnership, and the partnership of that name in the data)."""

from handlers.context import Ask
from handlers.entities import Found, normalise
from handlers.mentions import upper_words
from handlers.types import Reply
from handlers.views import KIND_WORDS

SHOWN = 3


def lookup(ask: Ask, words: str) -> list[Found]:
    return ask.index.find(words, kinds=["glossary"], whole=True)


def lookup_each(ask: Ask) -> list[Found]:
    """The glossary terms of every thing asked about ("MARAC and IDVA")."""
    found: list[Found] = []
    for words in ask.parsed.topics or (ask.parsed.topic,):
        found += [f for f in lookup(ask, words)[:SHOWN] if f not in found]
    return found


def reply(ask: Ask, found: list[Found]) -> Reply:
    terms = [
        {"term": f.thing.id, "meaning": f.thing.detail or "", "names": _names(ask, f.thing.id)}
        for f in found
    ]
    # "What do FEDG and MNDG stand for": a word that is no term but a name says so.
    covered = {normalise(f.words) for f in found} | {normalise(f.thing.id) for f in found}
    typed = upper_words(ask.message.text)
    for words in ask.parsed.topics or (ask.parsed.topic,):
        names = _names(ask, words) if words not in covered else []
        if names:
            term = words.upper() if words in typed else words
            terms.append({"term": term, "meaning": "", "names": names})
    return Reply(intent="glossary", template="glossary", data={"terms": terms})


def _names(ask: Ask, term: str) -> list[dict[str, str | None]]:
    """The other things the term is a name of, with what kind of thing each is."""
    key = normalise(term)
    things = ask.data.mentions.keys.get(key, []) + ask.data.mentions.acronyms.get(key, [])
    named = []
    for thing in dict.fromkeys(t for t in things if t.kind != "glossary"):
        kind = (
            KIND_WORDS.get(thing.subkind or "", thing.kind)
            if thing.kind == "priority"
            else thing.kind
        )
        partnership = (
            ask.name_of("partnership", thing.partnership_id) if thing.partnership_id else None
        )
        named.append({"name": thing.names[0], "kind": kind, "partnership": partnership})
    return named
