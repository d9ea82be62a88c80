"""What the bot can do, with examples to copy."""

from handlers.context import Ask
from handlers.parsing import MAX_TEXT
from handlers.types import Reply

EXAMPLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Priorities",
        (
            "what are Ashfield's priorities?",
            "county priorities",
            "what are the city's risk drivers?",
        ),
    ),
    ("Leads", ("who leads on ASB in the city?", "who's the lead for knife crime?")),
    (
        "Deadlines",
        (
            "what's due in the next 30 days?",
            "anything due this week?",
            "when is the next scrutiny meeting?",
            "what's overdue?",
            "what's due next month for Ashfield including its parent board?",
        ),
    ),
    ("Yours", ("my deadlines", "what am I leading on?")),
    ("Overviews", ("tell me about the SNB", "tell me about serious violence in the city")),
    ("Glossary", ("what does MARAC stand for?", "what's SVD?")),
    ("Progress updates", ("latest on serious violence", "update ASB amber: patrols up in Sutton")),
    ("Reminders", ("done strategic assessment", "snooze scrutiny for a week")),
)


def answer(ask: Ask) -> Reply:
    return Reply(
        intent="help",
        template="help",
        data={
            "guest": ask.person_id is None,
            "sections": [{"title": t, "examples": list(e)} for t, e in EXAMPLES],
        },
    )


def too_long(ask: Ask) -> Reply:
    return Reply(intent="too_long", template="too_long", data={"limit": MAX_TEXT})


def thanks(ask: Ask) -> Reply:
    return Reply(intent="thanks", template="thanks", data={})
