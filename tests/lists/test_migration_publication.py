"""Migration 1401: versions published before it took effect when published; data/ is the sample."""

from __future__ import annotations

from datetime import datetime

from alembic import command
from sqlalchemy import select, text

from lookup.lists import schema
from lookup.lists.db import engine_for
from lookup.lists.models import Version


def test_existing_versions_keep_answering_after_the_upgrade(tmp_path):
    url = f"sqlite:///{tmp_path / 'before.sqlite3'}"
    schema.upgrade(url, schema.BASELINE)
    with engine_for(url).begin() as conn:
        for number, source in ((1, "data/"), (2, "draft:3")):
            conn.execute(
                text(
                    "INSERT INTO versions (number, created_at, published_at, status, note,"
                    " author, source, counts, summary) VALUES (:n, '2026-01-01 00:00:00',"
                    " :at, 'published', '', 'a', :source, '{}', '{}')"
                ),
                {"n": number, "at": f"2026-01-0{number} 08:00:00", "source": source},
            )
    schema.upgrade(url)
    with engine_for(url).connect() as conn:
        rows = conn.execute(
            select(Version.number, Version.effective_at, Version.sample, Version.doc_number)
        ).all()
    assert rows == [
        (1, datetime(2026, 1, 1, 8), True, ""),
        (2, datetime(2026, 1, 2, 8), False, ""),
    ]
    with engine_for(url).begin() as conn:  # and back down again
        command.downgrade(schema._config(conn), schema.BASELINE)
    with engine_for(url).connect() as conn:
        columns = [r[1] for r in conn.execute(text("PRAGMA table_info(versions)"))]
        assert conn.execute(select(Version.number)).scalars().all() == [1, 2]
    assert "effective_at" not in columns
    assert "note" in columns
