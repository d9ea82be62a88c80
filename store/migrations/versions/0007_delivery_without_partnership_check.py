"""delivery: no foreign key to partnership, no index on partnership_id

Planning a year of 50,000 milestones inserts about 400,000 delivery rows; on PostgreSQL the
foreign key's check ran once per row (a lookup and a row lock on the partnership) and took
a quarter of the server's time, and the index on partnership_id served no query (the last
digest sent is found by its subject). Every delivery's partnership id is copied from a
partnership read in the same work, and partnerships are never deleted.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_delivery_partnership_id"
# SQLite's copy of the table has an unnamed foreign key: batch mode names it by this rule.
NAMING = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}
SQLITE_KEY, POSTGRESQL_KEY = "fk_delivery_partnership_id_partnership", "delivery_partnership_id_fkey"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("delivery", naming_convention=NAMING) as batch_op:
            batch_op.drop_constraint(SQLITE_KEY, type_="foreignkey")
            batch_op.drop_index(INDEX)
    else:
        op.drop_constraint(POSTGRESQL_KEY, "delivery", type_="foreignkey")
        op.drop_index(INDEX, table_name="delivery")


def downgrade() -> None:
    key = SQLITE_KEY if op.get_bind().dialect.name == "sqlite" else POSTGRESQL_KEY
    with op.batch_alter_table("delivery") as batch_op:
        batch_op.create_index(INDEX, ["partnership_id"], unique=False)
        batch_op.create_foreign_key(key, "partnership", ["partnership_id"], ["id"])
