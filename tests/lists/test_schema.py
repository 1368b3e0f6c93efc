"""Migrations: the models and the migrated schema agree; any earlier database upgrades in place."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text

from lookup.lists import schema
from lookup.lists.db import engine_for
from lookup.lists.models import Base, Version


def test_the_migrated_schema_is_what_the_models_describe(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    assert schema.upgrade(url) == (None, schema.head())
    with engine_for(url).connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert differences == []


def test_upgrading_twice_changes_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'twice.sqlite3'}"
    schema.upgrade(url)
    assert schema.upgrade(url) == (schema.head(), schema.head())


def test_a_database_made_before_migrations_keeps_its_data(tmp_path):
    """The first release created its tables with create_all and had no alembic_version: its
    tables are the baseline's (not today's models', which later revisions extend)."""
    url = f"sqlite:///{tmp_path / 'legacy.sqlite3'}"
    schema.upgrade(url, schema.BASELINE)
    engine = engine_for(url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
        conn.execute(
            text(
                "INSERT INTO versions (number, created_at, status, note, author, source, counts,"
                " summary) VALUES (1, '2026-01-01 00:00:00', 'published', '旧库', 'a', 's',"
                " '{}', '{}')"
            )
        )
    assert schema.current(url) is None
    before, after = schema.upgrade(url)
    assert (before, after) == (schema.BASELINE, schema.head())
    with engine.connect() as conn:
        assert conn.execute(select(Version.note)).scalar() == "旧库"
        assert inspect(conn).has_table("alembic_version")
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == after


def test_lookup_db_upgrade(runner):
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "已是最新结构" in result.output
