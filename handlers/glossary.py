"""What an acronym or term stands for."""

from handlers.context import Ask
from handlers.entities import Found
from handlers.types import Reply


def lookup(ask: Ask, words: str) -> list[Found]:
    return ask.index.find(words, kinds=["glossary"], whole=True)


def reply(found: list[Found]) -> Reply:
    terms = [{"term": f.thing.id, "meaning": f.thing.detail or ""} for f in found[:3]]
    return Reply(intent="glossary", template="glossary", data={"terms": terms})
