"""Adaptive Cards from the Teams templates: valid JSON, the right buttons, and user text
that cannot become markup or a mention."""

from datetime import date
from typing import Any

from bot.teams.cards import card_for, escape, text_card
from handlers.types import Reply


def text_blocks(card: dict[str, Any]) -> list[str]:
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "TextBlock":
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return found


def test_markdown_and_mentions_are_made_literal() -> None:
    assert escape("[click](https://evil.example)") == r"\[click\](https://evil.example)"
    assert escape("<at>Everyone</at>") == r"\<at\>Everyone\</at\>"
    assert escape("**bold** _it_ `code` ~x~") == r"\*\*bold\*\* \_it\_ \`code\` \~x\~"
    assert escape("# heading\n- item\n1. first") == "\\# heading\n\\- item\n1\\. first"
    assert escape("plain words, 31 March 2027.") == "plain words, 31 March 2027."


def reminder(**changes: Any) -> Reply:
    data: dict[str, Any] = {
        "milestone_id": "tcsp-assessment",
        "occurrence": "2026-11-30",
        "occurrence_text": "30 November 2026",
        "due_time": None,
        "title": "Strategic Assessment [draft](https://evil.example)",
        "kind": "strategic_assessment",
        "partnership_id": "tcsp",
        "partnership": "Testshire CSP",
        "owner_id": "coordinator",
        "owner": "Community Safety Coordinator",
        "days_before": 7,
        "due": "in 7 days",
        "basis": None,
        "notes": "<at>General</at> please look",
        "delivery_id": 1,
        "to_channel": True,
        "late": False,
        "offsets": [7],
    }
    data.update(changes)
    return Reply(intent="notify", template="reminder", data=data)


def test_a_reminder_card_has_done_and_snooze_buttons_carrying_the_occurrence() -> None:
    card = card_for(reminder())
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    actions = card["actions"]
    assert [(a["type"], a["title"], a["verb"]) for a in actions] == [
        ("Action.Execute", "Done", "done"),
        ("Action.Execute", "Snooze 1 day", "snooze_day"),
        ("Action.Execute", "Snooze 1 week", "snooze_week"),
    ]
    assert all(
        a["data"] == {"milestone_id": "tcsp-assessment", "occurrence": "2026-11-30"}
        for a in actions
    )
    shown = text_blocks(card)
    assert r"Strategic Assessment \[draft\](https://evil.example)" in shown
    assert r"\<at\>General\</at\> please look" in shown
    facts = {fact["title"]: fact["value"] for fact in card["body"][2]["facts"]}
    assert facts["Due"] == "30 November 2026 (in 7 days)"


def test_an_escalation_names_the_owner_and_has_the_same_buttons() -> None:
    escalation = reminder(coordinator_id="coordinator", coordinator="Coordinator")
    card = card_for(Reply("notify", "escalation", {**escalation.data, "working_days_before": 3}))
    assert text_blocks(card)[0] == (
        "Still open: Community Safety Coordinator has not marked this done"
    )
    assert [action["verb"] for action in card["actions"]] == ["done", "snooze_day", "snooze_week"]


def test_a_reply_without_a_teams_template_is_its_text_in_a_card() -> None:
    done = Reply(
        intent="occurrence_refused",
        template="occurrence_refused",
        data={
            "reason": "not_allowed",
            "milestone_id": "m",
            "title": "Plan <b>refresh</b>",
            "occurrence": date(2026, 11, 30).isoformat(),
            "occurrence_text": "30 November 2026",
        },
    )
    card = card_for(done)
    assert card["type"] == "AdaptiveCard"
    assert any(r"\<b\>refresh\</b\>" in text for text in text_blocks(card))


def test_the_update_form_offers_only_the_given_priorities_and_shows_errors() -> None:
    reply = Reply(
        "post_update",
        "update_form",
        {"errors": {"text": "Write what has happened: the update text is empty."}},
    )
    priorities = [{"id": "tcsp-asb", "name": "Anti_social <b>", "partnership": "Testshire"}]
    values = {"priority_id": "tcsp-asb", "rag": "amber", "text": "half *typed*"}
    card = card_for(reply, values=values, priorities=priorities)
    inputs = {node["id"]: node for node in card["body"] if "id" in node}
    (choice,) = inputs["priority_id"]["choices"]
    assert choice == {"title": "Anti_social <b> (Testshire)", "value": "tcsp-asb"}
    assert inputs["text"]["value"] == "half *typed*"
    assert inputs["rag"]["value"] == "amber"
    assert "Write what has happened: the update text is empty." in text_blocks(card)
    assert card["actions"][0]["verb"] == "post_update"


def test_text_cards_keep_lines_apart() -> None:
    card = text_card("first line\nsecond *line*", title="Heading")
    assert text_blocks(card) == ["Heading", "first line", r"second \*line\*"]
