"""The scenario tests' fictional data file, with what a test adds to it, imported."""

from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from store.datafile import import_file
from store.db import Store
from tests.scenarios.conftest import FICTIONAL_PATH


def fictional_data() -> dict[str, Any]:
    """The fictional data file as a dictionary, for a test to add what it needs to."""
    data: dict[str, Any] = yaml.safe_load(FICTIONAL_PATH.read_text(encoding="utf-8"))
    return data


def import_changed(store: Store, tmp_path: Path, data: dict[str, Any], *, at: datetime) -> None:
    """Import the data, changed by a test, through a data file as a user would."""
    path = tmp_path / "changed.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    import_file(store, path, at=at)
