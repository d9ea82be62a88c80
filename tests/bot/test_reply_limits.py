"""However much the data holds, a reply fits every surface: the terminal's text, Slack's
50 blocks of at most 3,000 characters, a Teams card under 28 KB. Long lists end with how
many more there are."""

import json
from datetime import UTC, datetime

from bot.render import REPLY_CHARS, REPLY_LINES, list_words, render
from bot.slack.blocks import BLOCK_LIMIT, SECTION_LIMIT, message_payload, within_block_limit
from bot.teams.cards import card_for
from handlers.pipeline import respond
from handlers.types import Identity, Message
from store.db import Store
from tests.schedules.support import day, seed

AT = datetime(2027, 1, 4, 10, tzinfo=UTC)  # a Monday
TEAMS_CARD_BYTES = 28_000


def test_a_long_answer_is_trimmed_on_every_surface(store: Store) -> None:
    milestones = [
        {"id": f"m{n}", "title": f"Return number {n} " + "with a long title " * 120,
         "due_date": day("2027-01-06")}
        for n in range(600)
    ]  # fmt: skip
    seed(store, *milestones)
    sender = Identity(platform="terminal", user_id="", person_id="coord")
    reply = respond(store, Message(text="what's due this week?", sender=sender, at=AT))
    assert reply.template == "deadlines"
    text = render(reply)
    lines = text.splitlines()
    assert len(text) <= REPLY_CHARS and len(lines) <= REPLY_LINES
    assert lines[-1].startswith("… and ") and lines[-1].endswith(" more lines")
    # The deadlines answer lists 25 and counts the rest; the rendering keeps what fits.
    assert "Return number 0 " in text and "...and 575 more: ask about a shorter" not in text
    slack = message_payload(reply)
    assert len(slack["blocks"]) <= BLOCK_LIMIT
    assert all(len(b["text"]["text"]) <= SECTION_LIMIT for b in slack["blocks"])
    assert len(json.dumps(card_for(reply)).encode()) < TEAMS_CARD_BYTES


def test_slack_blocks_beyond_fifty_end_with_how_many_more() -> None:
    blocks = [{"type": "divider"} for _ in range(120)]
    kept = within_block_limit(blocks)
    assert len(kept) == BLOCK_LIMIT
    assert kept[-1]["elements"][0]["text"] == "… and 71 more"


def test_a_list_of_names_in_a_sentence_is_capped() -> None:
    assert list_words(["a", "b", "c"]) == "a, b and c"
    names = [f"n{i}" for i in range(50_000)]
    assert list_words(names).endswith(", n18 and 49,981 more")
