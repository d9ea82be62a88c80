"""`cspbot ask` and `cspbot chat` as a person at a terminal would use them."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.terminal import chat, identity
from schedules.clock import FixedClock
from store.datafile import import_file
from store.db import Store
from tests.scenarios.conftest import AT, FICTIONAL_PATH

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path}/cspbot.db"
    store = Store.open(url)
    import_file(store, FICTIONAL_PATH, at=AT)
    store.dispose()
    return url


def test_ask_prints_the_reply(db: str) -> None:
    result = runner.invoke(app, ["ask", "who leads on shoplifting?", "--db", db])
    assert result.exit_code == 0, result.output
    assert (
        "Retail Crime Lead, Riverford (Westshire Constabulary) leads on Retail Crime"
        in result.output
    )


def test_ask_json_at_a_local_time(db: str) -> None:
    result = runner.invoke(
        app, ["ask", "what's due next week", "--at", "2026-11-21T10:00", "--json", "--db", db]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["intent"] == "deadlines"
    assert payload["data"]["window"]["start"] == "2026-11-23"
    assert "27 November 2026" in payload["text"]


def test_ask_as_a_person_posts_an_update(db: str) -> None:
    args = ["ask", "update shoplifting green: quieter week", "--as", "rv-retail-lead", "--db", db]
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and "Stored your update on Retail Crime" in result.output


def test_bad_as_and_at_are_clear_errors(db: str) -> None:
    unknown = runner.invoke(app, ["ask", "help", "--as", "rv-managr", "--db", db])
    assert unknown.exit_code == 1
    assert "no person 'rv-managr'" in unknown.output and "rv-manager" in unknown.output
    bad_time = runner.invoke(app, ["ask", "help", "--at", "tomorrow", "--db", db])
    assert bad_time.exit_code == 1 and "YYYY-MM-DDTHH:MM" in bad_time.output
    assert "Traceback" not in unknown.output + bad_time.output


def test_chat_greets_answers_and_quits(db: str) -> None:
    result = runner.invoke(
        app, ["chat", "--as", "rv-member", "--db", db], input="what are our priorities\n\nquit\n"
    )
    assert result.exit_code == 0, result.output
    assert "Hello, Partnership Member, Riverford" in result.output
    assert "Retail Crime" in result.output and "Goodbye." in result.output


def test_chat_ends_cleanly_at_end_of_input(db: str) -> None:
    result = runner.invoke(app, ["chat", "--db", db], input="help\n")
    assert result.exit_code == 0 and "Goodbye." in result.output
    assert "You are a guest" in result.output


def test_chat_ends_cleanly_on_ctrl_c(db: str) -> None:
    def interrupted(_prompt: str) -> str:
        raise KeyboardInterrupt

    said: list[str] = []
    store = Store.open(db)
    chat(
        store,
        sender=identity(store, None),
        clock=FixedClock(AT),
        read=interrupted,
        write=said.append,
    )
    store.dispose()
    assert said[-1] == "Goodbye."


def test_ask_json_shows_the_choices_of_a_question_back(db: str) -> None:
    result = runner.invoke(app, ["ask", "what are the priorities?", "--json", "--db", db])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["data"]["choices"] == [
        {
            "label": "Westshire Safer Board",
            "text": "what are the priorities for Westshire Safer Board?",
        },
        {
            "label": "Riverford Community Safety Partnership",
            "text": "what are the priorities for Riverford Community Safety Partnership?",
        },
    ]
    assert "1. Westshire Safer Board\n2. Riverford Community Safety Partnership" in payload["text"]


def _chat(db: str, *lines: str) -> list[str]:
    said: list[str] = []
    typed = iter(lines)
    store = Store.open(db)
    chat(
        store,
        sender=identity(store, None),
        clock=FixedClock(AT),
        read=lambda _prompt: next(typed),
        write=said.append,
    )
    store.dispose()
    return said[1:-1]  # without the greeting and the goodbye


def test_chat_answers_a_choice_by_its_number(db: str) -> None:
    question, wrong, picked, later = _chat(db, "priorities?", "3", "2", "quit")
    assert question.endswith(
        "2. Riverford Community Safety Partnership\n"
        + "Type a number to choose, or ask something else."
    )
    assert wrong == "There is no choice 3: type a number from 1 to 2, or ask again."
    assert picked == "(asking: priorities for Riverford Community Safety Partnership?)"
    assert later.startswith("Riverford Community Safety Partnership, 2 priorities")
    assert "Retail Crime" in later and "Road Safety" not in later


def test_a_number_with_no_choices_offered_is_a_new_message(db: str) -> None:
    _question, answer, number = _chat(db, "priorities?", "who leads on shoplifting?", "1", "quit")
    assert "Retail Crime" in answer and "Type a number" not in answer
    assert "(asking" not in number and "1" in number


@pytest.mark.parametrize(
    ("at", "message"),
    [
        ("9999-12-31T23:59", "--at: 9999-12-31T23:59 is out of range (years 1900 to 2999)"),
        ("0001-01-01T00:00", "--at: 0001-01-01T00:00 is out of range (years 1900 to 2999)"),
        (
            "2027-03-28T01:30",
            "--at: 2027-03-28T01:30 does not exist in Europe/London (the clocks go forward then)",
        ),
    ],
)
def test_an_at_out_of_range_is_a_clear_error(db: str, at: str, message: str) -> None:
    result = runner.invoke(app, ["ask", "what's due next week", "--at", at, "--db", db])
    assert result.exit_code == 1
    assert result.stderr == f"cspbot: {message}\n"


def test_a_message_that_starts_with_a_dash_is_the_message(db: str) -> None:
    dash = runner.invoke(app, ["ask", "-1", "--db", db])
    assert dash.exit_code == 0, dash.output
    assert dash.stdout.startswith('I\'m not sure what you mean by "-1".')
    words = runner.invoke(app, ["ask", "-", "who", "leads", "on", "shoplifting?", "--db", db])
    # The words after the dash are the question, and it is answered.
    assert words.exit_code == 0 and "leads on Retail Crime" in words.stdout
    after = runner.invoke(app, ["ask", "--db", db, "--", "--json"])
    assert after.exit_code == 0 and 'what you mean by "--json"' in after.stdout


@pytest.mark.parametrize("command", [["export"], ["ask", "help"]])
def test_a_full_disk_on_output_is_one_line_not_a_traceback(db: str, command: list[str]) -> None:
    cspbot = Path(sys.executable).parent / "cspbot"
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [str(cspbot), *command, "--db", db], stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert result.returncode == 1
    assert result.stderr == "cspbot: cannot write to standard output: No space left on device\n"
