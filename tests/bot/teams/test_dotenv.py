"""Importing the Teams SDK must not read a `.env` from the working directory."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PROBE = """
import json, os
import bot.teams.sdk
from bot.settings import Settings
print(json.dumps({
    "client_id": os.environ.get("CLIENT_ID"),
    "database_url": Settings().database_url,
    "dotenv_switch": os.environ.get("PYTHON_DOTENV_DISABLED"),
}))
"""


def test_a_dotenv_in_the_working_directory_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "CLIENT_ID=from-dotenv\nCSPBOT_DATABASE_URL=sqlite:///from-dotenv.db\n"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CLIENT_ID", "CSPBOT_DATABASE_URL", "PYTHON_DOTENV_DISABLED")
    }
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {"client_id": None, "database_url": "sqlite:///cspbot.db", "dotenv_switch": None}
