"""Office drafts: an import, a single-item edit or a rollback job waiting for review or running.

One shape for every draft, whoever made it (web or command line): `rows` (the list's new
content) and `report` = {source, rows_read, problems, errors, warnings, unknown_columns,
columns, sheet, sheets, detected_department, department} (an edit or a rollback fills what
applies; `department` set means the rows replace only that department's items). `review()`
describes a draft for the review page; publishing one is `lookup.office.workflow`'s job.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy.orm import Session, defer

from lookup.core.errors import NotFound
from lookup.core.fields import FIELD_LABELS, ITEM_FIELDS, LIST_SHORT, LISTS
from lookup.core.limits import MAX_DB_INT
from lookup.lists import store
from lookup.lists.importer import ImportResult
from lookup.lists.models import Draft
from lookup.office import publishing

SHOW = 200  # items per section shown on the review page; the counts are always complete
ROW_FIELDS = ("seq", *ITEM_FIELDS)


DETECT = "detect"  # scope of an upload: the department all its rows name, if only one


def save_import(
    session: Session, result: ImportResult, filename: str, author: str, scope: str | None = DETECT
) -> Draft:
    """Keep what the importer read (valid rows and every problem) as a draft."""
    draft = _save(session, result.list_kind, [], filename, author, {"source": "upload"})
    fill_import(session, draft, result, scope)
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
        base_version=store.latest_version(session),
        rows=[],
        report={"source": "upload", "errors": 0, "problems": [], "job": job},
        progress="正在读取文件",
    )
    session.add(draft)
    session.commit()
    return draft


def fill_import(
    session: Session, draft: Draft, result: ImportResult, scope: str | None = DETECT
) -> None:
    """Store the importer's rows and report in the draft and open it for review.

    `scope`: a department whose items only the rows replace, None for the whole list, or
    DETECT: the department when every row names the same one and the list has others."""
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
    detected = detect_department(session, result.list_kind, result.rows)
    report = {
        "source": (draft.report or {}).get("source", "upload"),
        "rows_read": result.rows_read,
        "problems": problems,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "unknown_columns": list(result.unknown_columns),
        "columns": dict(result.columns),
        "sheet": result.sheet,
        "sheets": list(result.sheets),
        "detected_department": detected,
        "department": detected if scope == DETECT else (scope or None),
    }
    draft.rows, draft.report, draft.status, draft.progress = result.rows, report, "open", ""
    draft.base_version = store.latest_version(session)
    session.commit()


def detect_department(session: Session, list_kind: str, rows: list[dict]) -> str | None:
    """The one 索要单位 every row names, when the published list also has other departments'
    items (so the file looks like one department's update, not a whole list)."""
    named = {r.get("requiring_department") or "" for r in rows}
    if len(named) != 1 or "" in named:
        return None
    (department,) = named
    base = store.latest_version(session)
    items = store.items_of(base, list_kind, session) if base else []
    others = {i["requiring_department"] for i in items} - {department}
    return department if others else None


def set_department(session: Session, draft: Draft, department: str | None) -> None:
    """Change what an open draft replaces: one department's items, or (None) the whole list."""
    draft.report = {**(draft.report or {}), "department": department or None}
    session.commit()


def save_edit(
    session: Session, list_kind: str, item_id: str | None, values: dict, author: str
) -> Draft:
    """A draft of the whole current list with one item changed (or one added)."""
    base = store.latest_version(session)
    rows = [_row(item) for item in store.items_of(base, list_kind, session)]
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
        base_version=store.latest_version(session),
        rows=rows,
        report=report,
    )
    session.add(draft)
    session.commit()
    return draft


def review(session: Session, draft: Draft, share: float = 1.0) -> dict:
    """What the review page shows: the report, the counts of warnings that matter, and for a
    clean draft the diff against the newest version, the department it is limited to and
    whether its removals (more than `share` of the list) need a confirmation naming them."""
    report = draft.report or {}
    latest = store.latest_version(session)
    department = report.get("department")
    data = {
        "report": report,
        "errors": report.get("errors", 0),
        "current_version": latest,
        "latest": store.version_info(latest, session) if latest else None,
        "stale": draft.base_version != latest,
        "rows": len(draft.rows or []),
        "diff": None,
        "department": department,
        "departments": _departments(session, draft.list, latest),
        "counts": Counter(p.get("code") for p in report.get("problems") or ()),
        "outside": [],
        "confirm_removals": None,
    }
    if draft.list in LISTS and not data["errors"] and draft.status in ("open", "publishing"):
        rows = draft.rows or []
        if department:
            data["outside"] = publishing.outside_department(rows, department)
        planned = publishing.plan(session, draft.list, rows, department=department)
        diff = planned["diff"]
        data["summary"] = planned["summary"]
        data["confirm_removals"] = removals_to_confirm(planned, share)
        data["diff"] = {
            "added": diff["added"][:SHOW],
            "removed": diff["removed"][:SHOW],
            "changed": [_changed(c) for c in diff["changed"][:SHOW]],
        }
    return data


def removals_to_confirm(planned: dict, share: float) -> int | None:
    """The number of removals a publisher must confirm, None when they are few enough."""
    removed = planned["summary"]["removed"]
    return removed if removed and removed > share * planned["base_count"] else None


def _departments(session: Session, list_kind: str, version: int) -> list[str]:
    if list_kind not in LISTS or not version:
        return []
    return sorted(
        {
            i["requiring_department"]
            for i in store.items_of(version, list_kind, session)
            if i["requiring_department"]
        }
    )


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


def save_rollback(session: Session, number: int, lists: tuple[str, ...], author: str) -> Draft:
    """A draft row that tracks a rollback job (no rows of its own)."""
    which = "" if set(lists) == set(LISTS) else "、".join(LIST_SHORT[k] for k in lists)
    report = {
        "source": "rollback",
        "target": number,
        "lists": list(lists),
        "errors": 0,
        "problems": [],
    }
    return _save(session, "rollback", [], f"回滚{which}到版本 {number}", author, report)
