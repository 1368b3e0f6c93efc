"""Office drafts: save an import or a single-item edit, describe a draft for review, publish it."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from sqlalchemy.orm import Session

from . import publishing, store
from .db import session_factory
from .fields import FIELD_LABELS, ITEM_FIELDS, LISTS
from .importer import ImportResult
from .models import Draft

SHOW = 200  # items per section shown on the review page; the counts are always complete
ROW_FIELDS = ("seq", *ITEM_FIELDS)


def publish(
    app: Flask,
    draft_id: int,
    *,
    note: str,
    author: str,
    progress: Callable[[str], None] | None = None,
) -> int:
    """Publish a draft's rows as the new content of its list (CLI and office pages alike)."""
    with session_factory(app)() as session:
        draft = session.get(Draft, draft_id)
        rows, list_kind, filename = draft.rows, draft.list, draft.filename
    return publishing.publish(
        app,
        {list_kind: rows},
        note=note or f"导入 {filename}",
        author=author,
        source=f"draft:{draft_id}",
        progress=progress,
    )


def save_import(session: Session, result: ImportResult, filename: str, author: str) -> Draft:
    """Keep what the importer read (valid rows and every problem) as a draft."""
    draft = _save(session, result.list_kind, [], filename, author, {"source": "upload"})
    fill_import(session, draft, result)
    return draft


def start_upload(session: Session, list_kind: str, filename: str, author: str, job: dict) -> Draft:
    """A draft for an upload still being read in the background (status `reading`)."""
    draft = Draft(
        list=list_kind,
        status="reading",
        created_by=author,
        filename=filename,
        base_version=store.current_version(session),
        rows=[],
        report={"source": "upload", "errors": 0, "problems": [], "job": job},
        progress="正在读取文件",
    )
    session.add(draft)
    session.commit()
    return draft


def fill_import(session: Session, draft: Draft, result: ImportResult) -> None:
    """Store the importer's rows and report in the draft and open it for review."""
    problems = [
        {
            "row": p.row,
            "column": p.column,
            "level": p.level,
            "code": p.code,
            "location": p.location(),
            "message": p.message,
        }
        for p in result.problems
    ]
    report = {
        "source": "upload",
        "rows_read": result.rows_read,
        "problems": problems,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "unknown_columns": list(result.unknown_columns),
        "columns": dict(result.columns),
        "sheet": result.sheet,
    }
    draft.rows, draft.report, draft.status, draft.progress = result.rows, report, "open", ""
    draft.base_version = store.current_version(session)
    session.commit()


def save_edit(
    session: Session, list_kind: str, item_id: str | None, values: dict, author: str
) -> Draft:
    """A draft of the whole current list with one item changed (or one added)."""
    rows = [_row(item) for item in store.items_of(list_kind=list_kind, session=session)]
    if item_id is None:
        rows.append({f: values.get(f, "") for f in ROW_FIELDS})
        label = f"新增：{values['name']}"
    else:
        for row in rows:
            if row["id"] == item_id:
                row.update({f: values.get(f, "") for f in ROW_FIELDS})
        label = f"修改：{values['name']}"
    report = {"source": "edit", "item_id": item_id, "rows_read": 1, "problems": [], "errors": 0}
    return _save(session, list_kind, rows, label[:300], author, report)


def _row(item: dict) -> dict:
    row = {f: item.get(f, "") for f in ROW_FIELDS}
    row.update(id=item["id"], since_version=item["since_version"])
    return row


def _save(session, list_kind, rows, filename, author, report) -> Draft:
    draft = Draft(
        list=list_kind,
        created_by=author,
        filename=filename,
        base_version=store.current_version(session),
        rows=rows,
        report=report,
    )
    session.add(draft)
    session.commit()
    return draft


def review(session: Session, draft: Draft) -> dict:
    """What the review page shows: the report and, for a clean draft, the diff against now."""
    report = draft.report or {}
    current = store.current_version(session)
    data = {
        "report": report,
        "errors": report.get("errors", 0),
        "current_version": current,
        "stale": draft.base_version != current,
        "rows": len(draft.rows or []),
        "diff": None,
    }
    if draft.list in LISTS and not data["errors"] and draft.status in ("open", "publishing"):
        planned = publishing.plan(session, draft.list, draft.rows or [])
        diff = planned["diff"]
        data["summary"] = planned["summary"]
        data["diff"] = {
            "added": diff["added"][:SHOW],
            "removed": diff["removed"][:SHOW],
            "changed": [_changed(c) for c in diff["changed"][:SHOW]],
        }
    return data


def _changed(change: dict) -> dict:
    return {
        "id": change["id"],
        "name": change["after"].get("name") or change["before"].get("name"),
        "matter": change["before"].get("matter") or "",
        "fields": [
            {
                "label": FIELD_LABELS[f],
                "before": change["before"].get(f) or "",
                "after": change["after"].get(f) or "",
            }
            for f in change["fields"]
        ],
    }


def save_rollback(session: Session, number: int, author: str) -> Draft:
    """A draft row that tracks a rollback job (both lists, so no rows of its own)."""
    report = {"source": "rollback", "target": number, "errors": 0, "problems": []}
    return _save(session, "rollback", [], f"回滚到版本 {number}", author, report)
