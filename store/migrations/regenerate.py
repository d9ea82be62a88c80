"""Rewrite the first migration from the models (before the first release only).

Run with `python -m store.migrations.regenerate` after changing a table.
"""

from alembic import command

from store.db import MIGRATIONS, alembic_config, make_engine


def main() -> None:
    for old in (MIGRATIONS / "versions").glob("0001_*.py"):
        old.unlink()
    engine = make_engine("sqlite://")
    command.revision(
        alembic_config(engine), message="first schema", autogenerate=True, rev_id="0001"
    )


if __name__ == "__main__":
    main()
