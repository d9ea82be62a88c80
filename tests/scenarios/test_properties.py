"""Whatever anyone types, the bot answers with some text and never raises; its data is
always JSON, as `cspbot ask --json` and the chat surfaces need."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.db import Store
from tests.scenarios.conftest import ask

PEOPLE = st.sampled_from([None, "ncsp-sv-chair", "ashfield-cs-manager", "snb-programme-manager"])
VOCABULARY = (
    "who leads on what's due when is the next update amber red green : - done snooze "
    "for a week until Monday latest tell me about priorities city county Ashfield "
    "SNB ASB knife crime MARAC overdue my deadlines help scrutiny before April in "
    "the next 90 days this quarter what does stand for including parent board"
)
WORDS = st.sampled_from(VOCABULARY.split())
MARKUP = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "*bold* _it_ `code`",
        "<@U123> <#C456|general>",
        "{{ x }}",
        "{% raw %}",
        "&amp;&lt;",
        "[link](http://example.com)",
        "\x00\x07\x1b[31m",
        "\u202e\u200b",
    ]
)
SCRIPTS = st.sampled_from(["何が期限ですか", "ما هي الأولويات", "Кто отвечает", "🙂🔥", "ñandú"])
TEXTS = st.one_of(
    st.text(max_size=200),
    st.lists(WORDS, max_size=14).map(" ".join),
    st.lists(st.one_of(WORDS, MARKUP, SCRIPTS), max_size=10).map(" ".join),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50),
)
FAST = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FAST
@given(text=TEXTS, person=PEOPLE)
def test_any_text_gets_a_text_reply(demo: Store, text: str, person: str | None) -> None:
    answer = ask(demo, text, person=person)
    assert answer.text.strip()
    assert answer.reply.intent != "error", (text, answer.text)
    json.dumps(answer.reply.data)


def test_ten_kilobytes_are_refused_politely_and_nothing_is_stored(demo: Store) -> None:
    for text in [
        "x" * 10_240,
        "who leads on " + "ASB " * 2500,
        "update ASB amber: " + "y" * 10_000,
    ]:
        answer = ask(demo, text, person="ncsp-head")
        assert answer.reply.intent == "too_long" and "too long" in answer.text


def test_control_characters_alone_get_help(demo: Store) -> None:
    for text in ["\x00" * 100, "\n\t\r" * 50, "\x07\x1b"]:
        answer = ask(demo, text)
        assert answer.reply.intent == "help" and answer.text.strip()
