"""The probe suite reuses the Slack and Teams rigs: the fake Slack Web API with the real
app, and the fake Bot Connector with the real app."""

from tests.bot.slack.conftest import fake_slack, rig
from tests.bot.teams.conftest import clock, connector, data

__all__ = ["clock", "connector", "data", "fake_slack", "rig"]
