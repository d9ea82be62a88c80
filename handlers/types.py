"""The neutral types every surface speaks: what came in, who sent it, and what goes out.

Chat adapters in `bot/` translate platform payloads to and from these; nothing here knows
Slack or Teams.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class Identity:
    """Who sent a message. `person_id` is the data file's person, or None for a guest."""

    platform: str  # slack | teams | terminal | cli
    user_id: str  # the platform's own user id ("" on the terminal)
    person_id: str | None = None
    display_name: str | None = None


@dataclass(frozen=True)
class Message:
    text: str
    sender: Identity
    at: datetime  # aware
    channel: str | None = None  # the platform's channel id, when sent in a channel
    partnership_id: str | None = None  # the partnership whose channel this is, if any

    @property
    def platform(self) -> str:
        return self.sender.platform


@dataclass(frozen=True)
class Reply:
    """What to say: a template name and the data it needs, rendered per surface by bot/."""

    intent: str
    template: str
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def choices(self) -> list["Choice"]:
        """The choices offered when the reply asks the person to choose (else empty)."""
        return [Choice(**choice) for choice in self.data.get(CHOICES, [])]

    @property
    def unanswered(self) -> bool:
        """True when the bot could not answer: not understood, an unknown name, or a
        question back. Such messages are kept for `cspbot unanswered`. An answer that
        offers choices besides ("when is the board meeting?": every board's, and a
        choice of each) is an answer."""
        if self.template == SEVERAL:
            return any(part.unanswered for part in self.parts)
        return self.template in UNANSWERED_TEMPLATES

    @property
    def parts(self) -> list["Reply"]:
        """The replies to each question of a message that asked several (else none)."""
        return [Reply(**part) for part in self.data.get("parts", [])]


# `Reply.data[CHOICES]` is a list of `Choice.as_data()`; `cspbot ask --json` shows it.
CHOICES = "choices"
# The template of a reply to a message asking several questions: `data["parts"]` holds
# each one's reply (intent, template, data), shown one after the other.
SEVERAL = "several"


def several(replies: list[Reply]) -> Reply:
    """One reply to a message that asked several questions: each answered in turn, with
    any choices the answers offer."""
    offered = [choice for reply in replies for choice in reply.data.get(CHOICES, [])]
    parts = [{"intent": r.intent, "template": r.template, "data": r.data} for r in replies]
    data: dict[str, Any] = {"parts": parts}
    if offered:
        data[CHOICES] = offered
    return Reply(intent=replies[0].intent, template=SEVERAL, data=data)


# Templates that say the bot could not answer the question as asked.
UNANSWERED_TEMPLATES = frozenset(
    {"not_understood", "not_found", "which_one", "which_partnership", "no_topic"}
)


@dataclass(frozen=True)
class Choice:
    """One answer to a question back. `label` is shown (a button, a numbered line);
    `text` is the message answered when it is chosen, as if the person had typed it."""

    label: str
    text: str

    def as_data(self) -> dict[str, str]:
        return {"label": self.label, "text": self.text}


@dataclass(frozen=True)
class Outbound:
    """A reply the bot sends unprompted (a reminder, an escalation, a digest).

    Exactly one of `person_id` (a direct message) and `partnership_id` (that partnership's
    channel) is set.
    """

    delivery_id: int
    reply: Reply
    person_id: str | None = None
    partnership_id: str | None = None


class DeliveryError(Exception):
    """A send that did not happen. `retry_after` (seconds) comes from the platform's rate
    limit; `permanent` means trying again cannot help (no such channel, no reference)."""

    def __init__(self, reason: str, *, retry_after: float | None = None, permanent: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.permanent = permanent


class Notifier(Protocol):
    """Outbound delivery, implemented by each chat adapter (and the console)."""

    async def deliver(self, outbound: Outbound) -> None:
        """Send it, or raise DeliveryError."""
        ...
