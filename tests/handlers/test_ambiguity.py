"""Never the wrong entity: when the words could name things of several partnerships and
nothing says which, the bot asks with a choice for each instead of guessing."""

from datetime import UTC, datetime

from bot.render import render
from handlers.pipeline import respond
from handlers.types import Identity, Message
from store.datafile import DEMO_PATH, import_file
from store.db import Store
from tests.scenarios.conftest import FICTIONAL_PATH

AT = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
GUEST = Identity(platform="slack", user_id="U1")
ANALYST = Identity(platform="slack", user_id="U2", person_id="ncsp-analyst")


def _ask(store: Store, text: str, sender: Identity = GUEST) -> tuple[str, list[str]]:
    reply = respond(store, Message(text=text, sender=sender, at=AT))
    return reply.template, [c["label"] for c in reply.data.get("choices", [])]


def test_a_guest_asking_about_a_priority_of_several_partnerships_is_asked_which(
    store: Store,
) -> None:
    import_file(store, DEMO_PATH, at=AT)
    template, labels = _ask(store, "who leads on serious violence")
    assert template == "which_one"
    assert "Serious Violence (Nottingham Community Safety Partnership)" in labels
    assert "Serious Violence (Safer Nottinghamshire Board)" in labels


def test_a_member_is_answered_for_their_own_partnership(store: Store) -> None:
    import_file(store, DEMO_PATH, at=AT)
    assert _ask(store, "who leads on serious violence", ANALYST)[0] == "lead"


def test_naming_the_partnership_answers(store: Store) -> None:
    import_file(store, DEMO_PATH, at=AT)
    assert _ask(store, "who leads on serious violence in the county")[0] == "lead"


def test_a_word_naming_a_priority_and_in_a_partnerships_name_is_asked_back(
    store: Store,
) -> None:
    # "Prevent": the city's priority for the analyst, and the county's Prevent Board.
    import_file(store, DEMO_PATH, at=AT)
    template, labels = _ask(store, "tell me about prevent", ANALYST)
    assert template == "which_one"
    assert any("Nottinghamshire Prevent Board" in label for label in labels)
    assert any("Preventing Radicalisation" in label for label in labels)
    assert _ask(store, "tell me about the prevent board", ANALYST)[0] == "overview_partnership"


def test_a_guests_word_in_names_of_several_partnerships_things_is_asked_back(
    store: Store,
) -> None:
    # "reoffending": the county's Reducing Reoffending (its alias), and a city focus
    # whose name holds the word.
    import_file(store, DEMO_PATH, at=AT)
    template, labels = _ask(store, "who leads on reoffending")
    assert template == "which_one"
    assert any(label.startswith("Reducing Reoffending") for label in labels)
    assert any("Performance management of reoffending" in label for label in labels)


def test_a_name_that_is_no_glossary_term_is_said_to_be_a_name(store: Store) -> None:
    import_file(store, FICTIONAL_PATH, at=AT)
    reply = respond(store, Message(text="what does WSB stand for", sender=GUEST, at=AT))
    assert "WSB is the name used here for Westshire Safer Board (a partnership)" in render(reply)
    both = respond(store, Message(text="what do MARAC and WSB stand for", sender=GUEST, at=AT))
    assert "MARAC: Multi" in render(both) and "WSB is the name used here" in render(both)


def test_a_thing_the_named_partnership_lacks_is_said_so_with_where_it_is(store: Store) -> None:
    # Hate crime is the city's priority, not the county's: no answer about the city's,
    # but it is the first name suggested.
    import_file(store, DEMO_PATH, at=AT)
    reply = respond(
        store, Message(text="what is the county doing about hate crime", sender=GUEST, at=AT)
    )
    assert reply.template == "not_found"
    assert "Did you mean Hate Crime (Nottingham Community Safety Partnership)" in render(reply)
