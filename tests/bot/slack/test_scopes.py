"""The scopes `cspbot doctor` expects are the manifest's."""

from pathlib import Path

import yaml

from bot.slack.scopes import OPTIONAL_SCOPES, REQUIRED_SCOPES

MANIFEST = Path(__file__).resolve().parents[3] / "slack" / "manifest.yaml"


def test_the_expected_scopes_are_the_manifests() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text())
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == REQUIRED_SCOPES | OPTIONAL_SCOPES
