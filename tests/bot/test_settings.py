"""A malformed setting in the environment ends any command with its name, not a traceback."""

import pytest
from typer.testing import CliRunner

from bot.cli import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("CSPBOT_SWEEP_SECONDS", "abc", "valid number"),
        ("CSPBOT_ESCALATION_DAYS", "-1", "greater than or equal to 0"),
    ],
)
def test_a_malformed_setting_is_named(
    variable: str, value: str, says: str, sqlite_url: str
) -> None:
    result = runner.invoke(app, ["serve", "--db", sqlite_url], env={variable: value})
    assert result.exit_code == 1
    assert f"{variable}: " in result.output and says in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
