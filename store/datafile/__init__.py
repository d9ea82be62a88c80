"""The partnership data file (see the spec): safe YAML reading, whole-file validation,
import in one audited transaction, and export.

    summary = import_file(store, "data.yaml", at=clock.now())   # DataFileInvalid if bad
    text = export_text(store)
"""

from pathlib import Path

from store.datafile.dump import export_text
from store.datafile.errors import DataError, DataFileInvalid, DeletionsRefused
from store.datafile.load import ImportSummary, check_text, import_file, import_text
from store.datafile.validate import KnownIds

DEMO_PATH = Path(__file__).resolve().parent.parent / "demo.yaml"

__all__ = [
    "DEMO_PATH",
    "DataError",
    "DataFileInvalid",
    "DeletionsRefused",
    "ImportSummary",
    "KnownIds",
    "check_text",
    "export_text",
    "import_file",
    "import_text",
]
