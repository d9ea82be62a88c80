"""Odd things people (and attackers) type, generated reproducibly: the same list on every
run, so a failure names the text that caused it."""

import json
import random

FIXED = [
    "",
    " ",
    "-1",
    "--help",
    "-",
    "?",
    "help me",
    "who leads on",
    "who leads on ASB in " + "Ashfield " * 40,
    "what's due in the next 99999999999999999999 days?",
    "what's due before 31 February?",
    "what's due on 9999-12-31?",
    "what's due since 0001-01-01?",
    "update ASB amber: " + "é" * 3000,
    "update ASB purple: nothing",
    "update : :",
    "done",
    "done done done",
    "snooze",
    "snooze scrutiny for -3 weeks",
    "snooze scrutiny until the heat death of the universe",
    "<!channel> <!here> <@U123|x> <#C1|general> <https://evil.example|click>",
    "{{ 7*7 }} {% for x in y %} ${jndi:ldap://x} '; DROP TABLE person; --",
    "\x00\x01\x02\x7f",
    "\u202eevil\u202c \u200b\u200d\ufeff",
    "\ud7ff\ue000\uffff",
    "👩🏽‍💻🏴󠁧󠁢󠁥󠁮󠁧󠁿" * 20,
    "何が期限ですか",
    "ما هي الأولويات",
    "\n\n\nwho leads on knife crime?\n\n",
    "x" * 20_000,
    json.dumps({"text": "who leads on ASB?"}),
    "null",
    "NaN",
    "%s%s%s%n",
    "\\x00\\u0000",
]

_ALPHABETS = [
    "abcdefghijklmnopqrstuvwxyz ",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ",
    "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ ",
    "\t\n\r\x0b\x0c\x1b\x00",
    "éüßøåçñłőžčšğışå ",
    "абвгдежзийклмнопрстуфхцчшщъыьэюя ",
    "αβγδεζηθικλμνξοπρστυφχψω ",
    "あいうえおかきくけこ漢字 ",
    "\u0300\u0301\u0302\u0489\u200b\u200c\u200d\u2060\u202e",
    "🙂🔥💥🧨🏳️‍🌈",
]
_WORDS = [
    "who",
    "leads",
    "on",
    "what's",
    "due",
    "when",
    "is",
    "the",
    "next",
    "update",
    "amber",
    "red",
    "green",
    "done",
    "snooze",
    "for",
    "a",
    "week",
    "until",
    "Monday",
    "priorities",
    "ASB",
    "knife",
    "crime",
    "MARAC",
    "overdue",
    "my",
    "deadlines",
    "help",
    "scrutiny",
    "strategic",
    "assessment",
    "partnership",
    "board",
    "city",
    "county",
]


def generated(count: int, *, seed: int = 14) -> list[str]:
    """`count` texts: random characters from mixed alphabets, and shuffled bot words with
    junk between them."""
    chooser = random.Random(seed)
    texts: list[str] = []
    for index in range(count):
        if index % 2:
            alphabet = "".join(chooser.sample(_ALPHABETS, k=chooser.randint(1, 3)))
            size = chooser.choice([1, 3, 12, 80, 400])
            texts.append("".join(chooser.choice(alphabet) for _ in range(size)))
        else:
            words = chooser.choices(_WORDS, k=chooser.randint(1, 10))
            junk = chooser.choice(_ALPHABETS)
            texts.append(" ".join(w + chooser.choice(junk) * chooser.randint(0, 2) for w in words))
    return texts


def odd_texts(count: int = 40) -> list[str]:
    return FIXED + generated(count)


# Values a field of a platform payload might hold instead of the one it should.
ODD_VALUES: list[object] = [
    None,
    0,
    -1.5,
    True,
    "",
    [],
    {},
    ["D1"],
    {"id": "x"},
    "x" * 5000,
    "\x00",
]
