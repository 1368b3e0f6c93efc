"""Upgrading keeps the data: a store made at the first migration, filled, upgraded to head.

The rows are made from the tables as the first migration created them (reflected, not from
today's models), so the test needs no change when a revision adds a column or a table: every
row and every value written at the baseline must read back the same after the upgrade. A
revision that drops or rewrites data on purpose must say so here. Runs on SQLite, and on
PostgreSQL when `LOOKUP_TEST_POSTGRES` names a server (CI).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from databases import postgres_database
from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Integer,
    MetaData,
    String,
    Text,
    select,
)

from lookup.lists import schema
from lookup.lists.db import engine_for

ROWS = 3


def _value(table, column, n: int):
    """A value for row `n` that fits the column's type and tells rows and columns apart."""
    kind = column.type
    if isinstance(kind, Boolean):
        return n % 2 == 0
    if isinstance(kind, Integer):
        return n + 1
    if isinstance(kind, DateTime):
        return datetime(2026, 1, 2, 3, 4, 5) + timedelta(days=n, seconds=len(column.name))
    if isinstance(kind, JSON):
        return {"行": n, "列": column.name, "值": ["证明", n * 1.5, None, True]}
    if isinstance(kind, String | Text):
        text = f"{n}-{table.name}.{column.name}-证明事项"
        length = getattr(kind, "length", None)
        return text[:length] if length else text + "：取消后办理方式为告知承诺。" * 3
    raise AssertionError(f"no test value for {table.name}.{column.name} ({kind!r})")


def _fill(url: str) -> tuple[dict[str, list[str]], dict[str, list[tuple]]]:
    """ROWS rows in every table of the store as it is now (foreign keys point at real rows);
    returns every table's columns and what reads back."""
    engine = engine_for(url)
    meta = MetaData()
    meta.reflect(engine)
    tables = [t for t in meta.sorted_tables if t.name != "alembic_version"]
    with engine.begin() as conn:
        for table in tables:
            for n in range(ROWS):
                row = {}
                for column in table.columns:
                    foreign = next(iter(column.foreign_keys), None)
                    owner = foreign.column if foreign is not None else column
                    row[column.name] = _value(owner.table, owner, n)
                conn.execute(table.insert().values(row))
    columns = {t.name: [c.name for c in t.columns] for t in tables}
    return columns, _read(url, columns)


def _read(url: str, columns: dict[str, list[str]]) -> dict[str, list[tuple]]:
    """The given columns of the given tables, every row, in primary-key order."""
    engine = engine_for(url)
    meta = MetaData()
    meta.reflect(engine)
    found = {}
    with engine.connect() as conn:
        for name, names in columns.items():
            assert name in meta.tables, f"table {name} was dropped by the upgrade"
            table = meta.tables[name]
            missing = set(names) - set(table.columns.keys())
            assert not missing, f"{name} lost columns {sorted(missing)} in the upgrade"
            order = [table.columns[c.name] for c in table.primary_key.columns] or [
                table.columns[n] for n in names
            ]
            query = select(*(table.columns[n] for n in names)).order_by(*order)
            found[name] = [tuple(row) for row in conn.execute(query)]
    return found


def _upgrade_keeps_everything(url: str) -> None:
    assert schema.upgrade(url, schema.BASELINE) == (None, schema.BASELINE)
    columns, before = _fill(url)
    assert {"versions", "items", "users", "drafts", "reports"} <= set(before)
    assert all(len(rows) == ROWS for rows in before.values())
    assert schema.upgrade(url) == (schema.BASELINE, schema.head())
    assert _read(url, columns) == before
    assert schema.current(url) == schema.head()


def test_upgrade_from_the_first_migration_keeps_every_row_on_sqlite(tmp_path):
    _upgrade_keeps_everything(f"sqlite:///{tmp_path / 'first.sqlite3'}")


def test_every_revision_upgrades_one_step_at_a_time(tmp_path):
    """Each revision on its own, from the baseline to head, with the data in place."""
    from alembic.script import ScriptDirectory

    url = f"sqlite:///{tmp_path / 'steps.sqlite3'}"
    script = ScriptDirectory(str(schema.MIGRATIONS))
    revisions = [r.revision for r in reversed(list(script.walk_revisions()))]
    assert revisions[0] == schema.BASELINE
    assert revisions[-1] == schema.head()
    schema.upgrade(url, schema.BASELINE)
    columns, before = _fill(url)
    for revision in revisions[1:]:
        schema.upgrade(url, revision)
        assert schema.current(url) == revision
        assert _read(url, columns) == before, f"data changed at revision {revision}"


@pytest.fixture
def postgres_url():
    """A fresh database on the server `LOOKUP_TEST_POSTGRES` names, dropped afterwards."""
    with postgres_database("lookup_migrate") as url:
        yield url


@pytest.mark.postgres
def test_upgrade_from_the_first_migration_keeps_every_row_on_postgresql(postgres_url):
    _upgrade_keeps_everything(postgres_url)
