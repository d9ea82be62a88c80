"""The deployment files agree with the code: every setting is in .env.example, and the
compose file has what running it as a service needs."""

import re
from pathlib import Path

import yaml

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_env_example_lists_every_setting() -> None:
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    settings = {field.alias for field in Settings.model_fields.values()}
    assert settings <= listed, f"missing from .env.example: {sorted(settings - listed)}"


def test_compose_runs_cspbot_on_a_healthy_postgresql_with_two_replicas() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert services["postgres"]["image"].startswith("postgres:")
    assert "pgdata" in compose["volumes"]
    replicas = [s for s in services.values() if s.get("image") == "cspbot:latest"]
    assert len(replicas) == 2
    assert [s.get("profiles") for s in replicas].count(["replicas"]) == 1
    for service in services.values():
        assert service["healthcheck"]["test"] and service["restart"] == "unless-stopped"
    for service in replicas:
        assert service["depends_on"] == {"postgres": {"condition": "service_healthy"}}
        assert service["env_file"] == ".env"
