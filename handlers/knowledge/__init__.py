"""What the bot knows about words, kept as data beside the code: example phrasings of
each intent (intents.yaml), a thesaurus for "when" questions (thesaurus.yaml), and filler,
descriptions of partnerships and other ordinary words (words.yaml). Read once."""

from functools import cache
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent


@cache
def _load(name: str) -> Any:
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))


def examples() -> dict[str, list[str]]:
    """Intent -> example phrasings with {placeholders}."""
    loaded: dict[str, list[str]] = _load("intents.yaml")
    return loaded


def thesaurus() -> list[list[str]]:
    """Groups of words and phrases used alike."""
    loaded: list[list[str]] = _load("thesaurus.yaml")
    return loaded


def words(section: str) -> Any:
    """A section of words.yaml: filler, thanks, descriptions, past, more."""
    return _load("words.yaml")[section]
