"""Choices are listed, numbered, under any plain-text reply that offers them."""

from bot.render import render
from handlers.types import CHOICES, Choice, Reply


def test_any_reply_with_choices_lists_them_numbered_and_one_without_does_not() -> None:
    offered = [Choice("Road Safety (Westshire)", "who leads on Road Safety in Westshire")]
    plain = Reply(intent="thanks", template="thanks")
    asking = Reply(
        intent="thanks", template="thanks", data={CHOICES: [c.as_data() for c in offered]}
    )
    assert render(asking) == f"{render(plain)}\n1. Road Safety (Westshire)"
    assert "1." not in render(plain)
