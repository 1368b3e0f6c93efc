"""Alembic's environment: migrations run on the connection `lookup.lists.schema` hands over."""

from __future__ import annotations

from alembic import context

from lookup.lists.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things in place: batch mode copies the table instead.
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
