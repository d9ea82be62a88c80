"""Block Kit from replies: limits Slack imposes, and the update form's fields."""

from bot.slack.blocks import SECTION_LIMIT, modal_errors, text_sections, update_fields


def test_long_text_is_split_into_sections_within_slacks_limit() -> None:
    text = "\n".join(f"line {n} " + "x" * 90 for n in range(100))
    sections = text_sections(text)
    assert len(sections) > 1
    assert all(len(s["text"]["text"]) <= SECTION_LIMIT for s in sections)
    assert "\n".join(s["text"]["text"] for s in sections) == text


def test_update_fields_read_from_the_submitted_view() -> None:
    view = {"state": {"values": {
        "priority": {"value": {"selected_option": {"value": "brook-asb"}}},
        "rag": {"value": {"selected_option": None}},
        "text": {"value": {"value": "Patrols up"}},
    }}}  # fmt: skip
    assert update_fields(view) == {"priority": "brook-asb", "rag": None, "text": "Patrols up"}


def test_errors_for_fields_the_form_lacks_are_shown_under_the_text() -> None:
    errors = {"priority": "Choose one.", "author": "Not allowed.", "text": "Empty."}
    assert modal_errors(errors) == {"priority": "Choose one.", "text": "Not allowed. Empty."}
