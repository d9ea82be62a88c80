"""`cspbot doctor` against the loopback fakes of Slack and of Entra ID's token endpoint:
a healthy deployment passes; a wrong token, a missing channel membership, a refused
secret and unreachable people each fail with their own line."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from bot.cli import app
from bot.slack.scopes import REQUIRED_SCOPES
from store.datafile import import_file
from store.db import Store
from tests.bot.slack.conftest import DATA, NOW
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.teams.fakes import CLIENT_ID, TENANT_ID, FakeConnector
from tests.support.server import serve

runner = CliRunner()
EVERY_SCOPE = [*REQUIRED_SCOPES, "users:read.email", "channels:read", "groups:read"]


@pytest.fixture
def slack() -> Iterator[tuple[FakeSlack, str]]:
    fake = FakeSlack(scopes=EVERY_SCOPE, channels={"CTEST0001": True})
    with serve(fake.app()) as base:
        yield fake, f"{base}/api/"


@pytest.fixture
def entra() -> Iterator[FakeConnector]:
    fake = FakeConnector()
    with serve(fake.app) as base:
        fake.base_url = base
        yield fake


@pytest.fixture
def data(database_url: str) -> str:
    """The Slack tests' partnership, everyone and every milestone reachable in Slack."""
    store = Store.open(database_url)
    import_file(store, DATA, at=NOW)
    with store.transaction() as session:  # the ASB lead is known only by email there
        session.connection().execute(
            text("UPDATE person SET slack_id = 'UTEST0002' WHERE id = 'brook-asb-lead'")
        )
    store.dispose()
    return database_url


def doctor(
    monkeypatch: pytest.MonkeyPatch, db: str, slack: str, entra: FakeConnector, **env: str
) -> tuple[int, list[str]]:
    settings = {
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": "a-secret",
        "SLACK_API_URL": slack,
        "TEAMS_CLIENT_ID": CLIENT_ID,
        "TEAMS_TENANT_ID": TENANT_ID,
        "TEAMS_CLIENT_SECRET": "the-right-secret",
        "TEAMS_LOGIN_URL": entra.login_url,
    }
    for name, value in (settings | env).items():
        monkeypatch.setenv(name, value)
    result = runner.invoke(app, ["doctor", "--db", db])
    return result.exit_code, result.output.splitlines()


def failures(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("✗")]


def test_a_healthy_deployment_passes_every_check(
    monkeypatch: pytest.MonkeyPatch, data: str, slack: tuple[FakeSlack, str], entra: FakeConnector
) -> None:
    code, lines = doctor(monkeypatch, data, slack[1], entra)
    assert failures(lines) == [] and code == 0, lines
    assert lines[-1] == "all checks passed"
    checks = [line for line in lines if line.startswith("✓")]
    assert any(line.startswith("✓ migrations: the schema is at the latest") for line in checks)
    assert any("Slack channel CTEST0001 of brook: the bot is a member" in line for line in checks)
    assert any(line.startswith("✓ Teams: a token for") for line in checks)
    assert [call.method for call in slack[0].calls] == ["auth.test", "conversations.info"]


def test_a_wrong_token_and_a_missing_membership_fail(
    monkeypatch: pytest.MonkeyPatch, data: str, slack: tuple[FakeSlack, str], entra: FakeConnector
) -> None:
    slack[0].refuse("auth.test", error="invalid_auth")
    code, lines = doctor(monkeypatch, data, slack[1], entra)
    assert code == 1
    [wrong] = failures(lines)
    assert wrong.startswith("✗ Slack token: auth.test refused it (invalid_auth): set SLACK_BOT")
    slack[0].channels["CTEST0001"] = False
    code, lines = doctor(monkeypatch, data, slack[1], entra)
    assert code == 1
    assert failures(lines) == [
        "✗ Slack channel CTEST0001 of brook: the bot is not a member, so its reminders fail: "
        "type /invite @cspbot in #ctest0001"
    ]


def test_missing_scopes_and_a_refused_teams_secret_fail(
    monkeypatch: pytest.MonkeyPatch, data: str, slack: tuple[FakeSlack, str], entra: FakeConnector
) -> None:
    slack[0].scopes = ["chat:write", "channels:read"]
    code, lines = doctor(monkeypatch, data, slack[1], entra, TEAMS_CLIENT_SECRET="expired")
    assert code == 1
    scopes, teams = failures(lines)
    assert scopes.startswith("✗ Slack scopes: the token lacks app_mentions:read, commands,")
    assert teams.startswith("✗ Teams: the token request was refused (invalid_client: AADSTS7000215")


def test_people_channels_and_owners_that_cannot_be_reached_fail(
    monkeypatch: pytest.MonkeyPatch, data: str, slack: tuple[FakeSlack, str], entra: FakeConnector
) -> None:
    store = Store.open(data, migrate=False)
    with store.transaction() as session:
        session.connection().execute(
            text("UPDATE person SET slack_id = NULL WHERE id = 'brook-coordinator'")
        )
        session.connection().execute(text("UPDATE partnership SET slack_channel = NULL"))
    store.dispose()
    code, lines = doctor(monkeypatch, data, slack[1], entra)
    assert code == 1
    assert failures(lines) == [
        "✗ 1 people have no Slack or Teams identity (brook-coordinator): their reminders go "
        "to the console: add slack: or teams: to them in the data file",
        "✗ 1 partnerships have no channel (brook): their channel reminders and digests go to "
        "the console: add channels: {slack: ..., teams: ...} in the data file",
        "✗ 1 milestones have an owner who cannot be reached (brook-assessment): give the "
        "owner (or the coordinator, when no owner is set) a Slack or Teams identity",
    ]


def test_a_database_behind_the_code_fails(
    monkeypatch: pytest.MonkeyPatch, data: str, slack: tuple[FakeSlack, str], entra: FakeConnector
) -> None:
    store = Store.open(data, migrate=False)
    with store.transaction() as session:
        session.connection().execute(text("UPDATE alembic_version SET version_num = 'old'"))
    store.dispose()
    code, lines = doctor(monkeypatch, data, slack[1], entra)
    assert code == 1
    [behind] = failures(lines)
    assert behind.startswith("✗ migrations: the schema is at old, this cspbot needs ")
    assert behind.endswith("run `cspbot db upgrade`")


def test_an_unreachable_database_fails(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, slack: tuple[FakeSlack, str],
    entra: FakeConnector,
) -> None:  # fmt: skip
    code, lines = doctor(monkeypatch, "postgresql://nobody@127.0.0.1:1/none", slack[1], entra)
    assert code == 1
    assert failures(lines)[0].startswith("✗ database: cannot open it (")
