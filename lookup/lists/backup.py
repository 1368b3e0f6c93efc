"""Backup and restore of the whole store, portable between SQLite and PostgreSQL.

A backup is gzip'd JSON lines: a header (format, schema: every table with its columns), one
line per row (`{"t": table, "r": {column: value}}`), and a trailer with the number of rows and
a SHA-256 of the row lines, so that a truncated or altered file is refused before anything is
touched. A restore replaces every table in one transaction: all or nothing.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from datetime import date, datetime
from pathlib import Path

from flask import Flask
from sqlalchemy import Date, DateTime, Integer, delete, func, insert, select, text
from sqlalchemy.engine import Connection

from lookup.core.errors import LookupServiceError
from lookup.lists.db import engine_for
from lookup.lists.models import Base, utcnow
from lookup.lists.schema import create_schema

FORMAT = "pinghu-lookup-backup"
FORMAT_VERSION = 1
# Leases and rate counters describe running processes, not the store's content.
TRANSIENT = ("leases", "rate_counters")
BATCH = 1000


class BackupInvalid(LookupServiceError):
    code = "backup_invalid"
    status = 422


def _tables():
    return [t for t in Base.metadata.sorted_tables if t.name not in TRANSIENT]


def schema() -> dict[str, list[str]]:
    return {t.name: [c.name for c in t.columns] for t in _tables()}


def _encode(value):
    return value.isoformat() if isinstance(value, date) else value  # datetime is a date too


def backup(app: Flask, path: Path) -> dict[str, int]:
    """Write every table of the store to `path`; returns the number of rows per table."""
    create_schema(app)
    digest, counts = hashlib.sha256(), {}
    header = {"format": FORMAT, "version": FORMAT_VERSION, "created_at": utcnow().isoformat()}
    header["schema"] = schema()
    tmp = path.with_name(path.name + ".part")
    engine = engine_for(app.config["DATABASE_URL"])
    # One read transaction: on PostgreSQL a repeatable-read snapshot, so the tables agree.
    with engine.connect() as conn, gzip.open(tmp, "wt", encoding="utf-8") as out:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
        out.write(json.dumps(header, ensure_ascii=False) + "\n")
        for table in _tables():
            counts[table.name] = 0
            order = list(table.primary_key.columns) or list(table.columns)
            for row in conn.execute(select(table).order_by(*order)).mappings():
                line = json.dumps(
                    {"t": table.name, "r": {k: _encode(v) for k, v in row.items()}},
                    ensure_ascii=False,
                )
                digest.update(line.encode())
                out.write(line + "\n")
                counts[table.name] += 1
        trailer = {"end": True, "rows": sum(counts.values()), "sha256": digest.hexdigest()}
        out.write(json.dumps(trailer) + "\n")
    tmp.replace(path)
    return counts


def _bad(reason: str) -> BackupInvalid:
    return BackupInvalid(f"备份文件无效，未做任何更改：{reason}")


def read(path: Path) -> tuple[dict, dict[str, list[dict]]]:
    """Read and check a whole backup file; `BackupInvalid` (in Chinese) when anything is wrong."""
    tables = {t.name: t for t in _tables()}
    rows: dict[str, list[dict]] = {name: [] for name in tables}
    digest, header, trailer = hashlib.sha256(), None, None
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if trailer is not None:
                    raise _bad(f"第 {number} 行在文件结束标记之后")
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise _bad(f"第 {number} 行格式不正确")
                if header is None:
                    header = _check_header(record, tables)
                elif record.get("end") is True:
                    trailer = record
                else:
                    name, row = record.get("t"), record.get("r")
                    if name not in rows or not isinstance(row, dict):
                        raise _bad(f"第 {number} 行的表名或内容不正确")
                    if set(row) - set(tables[name].columns.keys()):
                        raise _bad(f"第 {number} 行有未知的列")
                    digest.update(line.rstrip("\n").encode())
                    rows[name].append(row)
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _bad(f"无法读取（{type(exc).__name__}），文件可能已损坏或不完整") from None
    if header is None:
        raise _bad("文件为空")
    if trailer is None:
        raise _bad("缺少文件结束标记，文件可能不完整")
    total = sum(len(r) for r in rows.values())
    if trailer.get("rows") != total or trailer.get("sha256") != digest.hexdigest():
        raise _bad("校验和不符，文件可能被改动或损坏")
    return header, rows


def _check_header(record: dict, tables: dict) -> dict:
    if record.get("format") != FORMAT:
        raise _bad("不是本系统的备份文件")
    if record.get("version") != FORMAT_VERSION:
        raise _bad(f"备份格式版本 {record.get('version')} 不受支持")
    saved = record.get("schema")
    if not isinstance(saved, dict) or set(saved) - set(tables):
        raise _bad("备份中的数据表与当前程序不一致")
    for name, columns in saved.items():
        if not isinstance(columns, list) or set(columns) - set(tables[name].columns.keys()):
            raise _bad(f"数据表 {name} 的列与当前程序不一致")
    return record


def _decode(table, row: dict) -> dict:
    out = {}
    for name, value in row.items():
        column = table.columns[name]
        if isinstance(column.type, DateTime | Date) and isinstance(value, str):
            parse = datetime if isinstance(column.type, DateTime) else date
            try:
                value = parse.fromisoformat(value)
            except ValueError:
                raise _bad(f"数据表 {table.name} 中的时间 {value!r} 格式不正确") from None
        out[name] = value
    return out


def _reset_sequences(conn: Connection) -> None:
    """PostgreSQL: the next generated id must follow the restored rows."""
    for table in _tables():
        for column in table.primary_key.columns:
            if isinstance(column.type, Integer) and column.autoincrement is True:
                top = conn.scalar(select(func.max(column)))
                conn.execute(
                    text("SELECT setval(pg_get_serial_sequence(:t, :c), :v, :called)"),
                    {"t": table.name, "c": column.name, "v": top or 1, "called": top is not None},
                )


def restore(app: Flask, path: Path) -> dict[str, int]:
    """Replace the store's content with the backup in one transaction; drop this node's indexes."""
    _header, rows = read(path)
    create_schema(app)
    engine = engine_for(app.config["DATABASE_URL"])
    try:
        with engine.begin() as conn:
            for table in reversed(_tables()):
                conn.execute(delete(table))
            for table in _tables():
                data = [_decode(table, r) for r in rows[table.name]]
                for start in range(0, len(data), BATCH):
                    conn.execute(insert(table), data[start : start + BATCH])
            if conn.dialect.name == "postgresql":
                _reset_sequences(conn)
    except BackupInvalid:
        raise
    except Exception as exc:  # constraint or type errors: the transaction rolled back
        raise _bad(f"写入数据库失败（{type(exc).__name__}）") from exc
    return {name: len(r) for name, r in rows.items()}
