"""The terminal surface: one message from the command line, or a conversation."""

from collections.abc import Callable
from datetime import datetime

from rapidfuzz import process

from bot.render import render
from bot.reports.files import ReportFiles, wants_report, with_attachment
from handlers.pipeline import respond
from handlers.types import Choice, Identity, Message, Reply
from schedules.calendar import SUPPORTED_YEARS, zone
from schedules.clock import Clock
from store import directory
from store.datafile.validate import skipped_time, to_utc
from store.db import Store
from store.people import person_by_id

PLATFORM = "terminal"
CHOOSE_HINT = "Type a number to choose, or ask something else."
QUIT_WORDS = frozenset({"quit", "exit", "bye", "goodbye", "q", ":q"})
EXAMPLES = (
    "what are Ashfield's priorities?",
    "who leads on ASB in the city?",
    "what's due in the next 30 days?",
    "what does MARAC stand for?",
)


class UnknownPerson(ValueError):
    """--as names nobody in the data file; the text says who was meant."""


class BadTime(ValueError):
    """--at is not a local date and time."""


def parse_local_time(text: str) -> datetime:
    """ "2026-11-21T09:30" in Europe/London, as an aware UTC datetime."""
    try:
        local = datetime.strptime(text.strip(), "%Y-%m-%dT%H:%M")
    except ValueError:
        raise BadTime(
            f"--at: not a local date and time: {text!r} (expected YYYY-MM-DDTHH:MM, "
            "Europe/London time)"
        ) from None
    first, last = SUPPORTED_YEARS
    if not first <= local.year <= last:
        raise BadTime(f"--at: {text.strip()} is out of range (years {first} to {last})")
    instant = to_utc(local, zone(None))
    if instant is None:
        raise BadTime(f"--at: {skipped_time(local, zone(None))}")
    return instant


def identity(store: Store, person_id: str | None) -> Identity:
    """The sender: that person, or a guest; an unknown id is an error with suggestions."""
    if person_id is None:
        return Identity(platform=PLATFORM, user_id="")
    with store.session() as session:
        person = person_by_id(session, person_id=person_id)
        if person is None:
            ids = directory.person_ids(session)
    if person is None:
        near = [match for match, _score, _ in process.extract(person_id, ids, limit=3)]
        hint = f" (did you mean {', '.join(repr(n) for n in near)}?)" if near else ""
        raise UnknownPerson(f"--as: no person {person_id!r} in the data{hint}")
    return Identity(
        platform=PLATFORM, user_id=person.id, person_id=person.id, display_name=person.name
    )


def ask(
    store: Store,
    text: str,
    *,
    sender: Identity,
    at: datetime,
    reports: ReportFiles | None = None,
) -> Reply:
    """The reply; a draft report it offers is written to a file whose path it gives."""
    reply = respond(store, Message(text=text, sender=sender, at=at))
    ref = wants_report(reply)
    if ref is not None and reports is not None:
        return with_attachment(reply, reports.write(ref))
    return reply


def greeting(sender: Identity) -> str:
    who = f", {sender.display_name}" if sender.display_name else ""
    guest = "" if sender.person_id else " You are a guest: use --as PERSON_ID to ask as someone."
    examples = "\n".join(f'  "{e}"' for e in EXAMPLES)
    return (
        f"Hello{who}. I'm cspbot: ask me about the community safety partnerships' "
        f"priorities, leads, deadlines and progress.{guest}\nFor example:\n{examples}\n"
        'Type "help" for more, "quit" (or Ctrl-D) to leave.'
    )


def chat(
    store: Store,
    *,
    sender: Identity,
    clock: Clock,
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
    reports: ReportFiles | None = None,
) -> None:
    """Read questions until quit, Ctrl-D or Ctrl-C; answer each one. A number answers
    the last reply's numbered choices, as if the choice's words had been typed."""
    write(greeting(sender))
    choices: list[Choice] = []
    try:
        while (line := read("you> ").strip()).lower() not in QUIT_WORDS:
            if not line:
                continue
            picked = _picked(line, choices)
            if isinstance(picked, str):
                write(picked)
                continue
            if picked is not None:
                write(f"(asking: {picked.text})")
                line = picked.text
            reply = ask(store, line, sender=sender, at=clock.now(), reports=reports)
            choices = reply.choices
            write(render(reply) + (f"\n{CHOOSE_HINT}" if choices else ""))
    except (EOFError, KeyboardInterrupt):  # Ctrl-D, or Ctrl-C even mid-answer
        write("")
    write("Goodbye.")


def _picked(line: str, choices: list[Choice]) -> Choice | str | None:
    """The choice a number picks; a sentence when it picks none; None for other text
    (a new message, numbers included when nothing was offered)."""
    if not choices or not (line.isascii() and line.isdigit()):
        return None
    number = int(line)
    if 1 <= number <= len(choices):
        return choices[number - 1]
    return f"There is no choice {number}: type a number from 1 to {len(choices)}, or ask again."
