"""Office drafts: an import, a single-item edit or a rollback job waiting for review or running.

One shape for every draft, whoever made it (web or command line): `rows` (the list's new
content) and `report` = {source, rows_read, problems, errors, warnings, unknown_columns,
columns, sheet} (an edit or a rollback fills what applies). `review()` describes a draft for
the review page; publishing one is `lookup.office.workflow`'s job.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, defer

from lookup.core.errors import NotFound
from lookup.core.fields import FIELD_LABELS, ITEM_FIELDS, LISTS
from lookup.core.limits import MAX_DB_INT
from lookup.lists import store
from lookup.lists.importer import ImportResult
from lookup.lists.models import Draft
from lookup.office import publishing

SHOW = 200  # items per section shown on the review page; the counts are always complete
ROW_FIELDS = ("seq", *ITEM_FIELDS)


def save_import(session: Session, result: ImportResult, filename: str, author: str) -> Draft:
    """Keep what the importer read (valid rows and every problem) as a draft."""
    draft = _save(session, result.list_kind, [], filename, author, {"source": "upload"})
    fill_import(session, draft, result)
    return draft


def get(session: Session, draft_id: int, *, rows: bool = False) -> Draft:
    """A draft, without its rows unless asked (a 30,000-row list); NotFound when unknown."""
    options = [] if rows else [defer(Draft.rows)]
    draft = session.get(Draft, draft_id, options=options) if 0 < draft_id <= MAX_DB_INT else None
    if draft is None:
        raise NotFound("unknown_draft", f"没有编号为 {draft_id} 的草稿。")
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
        "source": (draft.report or {}).get("source", "upload"),
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
