"""Backup and restore of the store (SQLite here; PostgreSQL in test_postgres.py)."""

from __future__ import annotations

import gzip
import json

import pytest
from sqlalchemy import select

from lookup.lists import backup, store
from lookup.lists.db import engine_for
from lookup.lists.models import utcnow
from lookup.office import publishing, reports


def snapshot(app) -> dict[str, list[dict]]:
    """Every row of every backed-up table, in primary-key order."""
    out = {}
    with engine_for(app.config["DATABASE_URL"]).connect() as conn:
        for table in backup._tables():
            order = list(table.primary_key.columns)
            out[table.name] = [
                dict(r) for r in conn.execute(select(table).order_by(*order)).mappings()
            ]
    return out


def change_things(app) -> None:
    reports.create(
        {"certificate": "居住证明", "office": "甲单位", "happened_on": utcnow().date().isoformat()}
    )
    publishing.republish(app, 1, author="test")


def test_backup_change_restore_gives_the_backup_back(app, tmp_path):
    reports.create({"certificate": "亲属关系证明", "office": "乙单位", "happened_on": "2024-05-01"})
    before = snapshot(app)
    path = tmp_path / "store.jsonl.gz"
    counts = backup.backup(app, path)
    assert counts["versions"] == 1
    assert counts["reports"] == 1
    change_things(app)
    assert snapshot(app) != before
    assert backup.restore(app, path) == counts
    assert snapshot(app) == before
    # The next report gets a fresh id after the restored ones.
    assert reports.create({**reports.get(1), "item_id": ""})["id"] == 2


def test_restore_into_an_empty_store(app, empty_app, tmp_path):
    path = tmp_path / "store.jsonl.gz"
    backup.backup(app, path)
    expected = snapshot(app)
    with empty_app.app_context():
        backup.restore(empty_app, path)
        assert snapshot(empty_app) == expected
        assert store.current_version() == 1
        client = empty_app.test_client()
        health = client.get("/healthz").get_json()
        assert health["version"] == 1
        assert client.get("/api/v1/search?q=亲属关系证明").get_json()["total"] > 0


def _rewrite(path, target, edit) -> None:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    with gzip.open(target, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(edit(lines)) + "\n")


def _altered_row(lines):
    n = next(i for i, line in enumerate(lines) if json.loads(line).get("t") == "items")
    record = json.loads(lines[n])
    record["r"]["name"] = "被改过的名称"
    return [*lines[:n], json.dumps(record, ensure_ascii=False), *lines[n + 1 :]]


def _wrong_format(lines):
    return [json.dumps({"format": "other"}), *lines[1:]]


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda src, dst: dst.write_bytes(src.read_bytes()[: len(src.read_bytes()) // 2]),
        lambda src, dst: dst.write_bytes(b"not a backup at all"),
        lambda src, dst: dst.write_bytes(gzip.compress(b"{not json\n")),
        lambda src, dst: dst.write_bytes(b""),
        lambda src, dst: _rewrite(src, dst, lambda lines: lines[:-1]),
        lambda src, dst: _rewrite(src, dst, _altered_row),
        lambda src, dst: _rewrite(src, dst, _wrong_format),
    ],
    ids=["truncated", "not-gzip", "not-json", "empty", "no-trailer", "altered", "wrong-format"],
)
def test_a_corrupt_backup_is_refused_and_changes_nothing(app, tmp_path, corrupt):
    good, bad = tmp_path / "good.jsonl.gz", tmp_path / "bad.jsonl.gz"
    backup.backup(app, good)
    change_things(app)
    before = snapshot(app)
    corrupt(good, bad)
    with pytest.raises(backup.BackupInvalid) as refused:
        backup.restore(app, bad)
    assert refused.value.message.startswith("备份文件无效，未做任何更改")
    assert snapshot(app) == before


def without_audit(tables: dict) -> dict:
    return {name: rows for name, rows in tables.items() if name != "audit_log"}


def test_cli_backup_and_restore(app, runner, tmp_path):
    path = tmp_path / "cli.jsonl.gz"
    before = snapshot(app)  # the backup's own audit entry is written after the file
    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    assert "已备份到" in result.output
    change_things(app)
    result = runner.invoke(args=["restore", str(path), "--yes"])
    assert result.exit_code == 0, result.output
    assert "已从" in result.output
    after = snapshot(app)
    assert without_audit(after) == without_audit(before)
    # The restored audit log, and after it the restore itself, by the OS user.
    assert after["audit_log"][: len(before["audit_log"])] == before["audit_log"]
    assert [e["action"] for e in after["audit_log"][len(before["audit_log"]) :]] == ["restore"]
    before = after
    (tmp_path / "bad.gz").write_bytes(b"\x1f\x8b broken")
    result = runner.invoke(args=["restore", str(tmp_path / "bad.gz"), "--yes"])
    assert result.exit_code == 1
    assert "备份文件无效" in result.output
    assert snapshot(app) == before
