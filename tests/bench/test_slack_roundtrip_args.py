"""The Slack benchmark's command line: nothing or a part of nothing is a clear choice or a
clear error, never a crash after minutes of setting up."""

import argparse

import pytest

from bench.slack_roundtrip import BARE, CORE, OURS, count, report, rounds


def test_counts_are_whole_numbers_of_at_least_the_least() -> None:
    assert count("0") == 0
    assert count("250", least=1) == 250
    for wrong, least in (("-3", 0), ("0", 1), ("twelve", 0), ("2.5", 0)):
        with pytest.raises(argparse.ArgumentTypeError):
            count(wrong, least=least)


def test_rounds_add_up_to_the_requests_asked_for() -> None:
    assert rounds(0) == []
    assert rounds(40) == [40]
    assert rounds(250) == [100, 100, 50]
    assert sum(rounds(1000)) == 1000


def test_a_part_left_out_is_left_out_of_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    # --alone 0 or --requests 0: that concurrency's lists are empty or absent.
    results = {
        (CORE, 1): [],
        (BARE, 1): [],
        (OURS, 1): [],
        (BARE, 32): [4.0, 5.0],
        (OURS, 32): [5.0, 6.0],
    }
    assert report(results) == {32: pytest.approx(6.0 / 5.0)}
    printed = capsys.readouterr().out
    assert "concurrency 32" in printed and "concurrency 1:" not in printed
