"""Residents' reports of being asked for a certificate, and the office's inbox of them.

Every function returns plain data. Bad input raises `ReportInvalid` (422, the message names
the field in Chinese); the API, the public form and the office pages share this validation.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, select

from lookup.core.errors import BadRequest, NotFound
from lookup.lists import store
from lookup.lists.db import get_session
from lookup.lists.models import AuditEntry, Report
from lookup.office.report_rules import ReportInvalid, validate

STATUSES = ("new", "in_progress", "answered")
STATUS_LABELS = {"new": "待处理", "in_progress": "处理中", "answered": "已答复"}
MAX_REPLY = 2000
MAX_PER_PAGE = 200
CHINA = timezone(timedelta(hours=8))  # Pinghu's calendar decides what "the future" is

__all__ = [
    "STATUSES",
    "STATUS_LABELS",
    "ReportInvalid",
    "check",
    "counts_by_department",
    "counts_by_item",
    "create",
    "get",
    "list_reports",
    "set_status",
]


def today() -> date:
    return datetime.now(CHINA).date()


def as_dict(row: Report) -> dict:
    return {
        "id": row.id,
        "created_at": row.created_at.isoformat(timespec="seconds") + "Z",
        "item_id": row.item_id or "",
        "certificate": row.certificate,
        "office": row.office,
        "happened_on": row.happened_on,
        "description": row.description,
        "contact": row.contact,
        "status": row.status,
        "status_label": STATUS_LABELS.get(row.status, row.status),
        "reply": row.reply,
    }


def _find_item(item_id: str) -> dict | None:
    return store.get_item(item_id) or store.last_seen(item_id)


def check(data: dict) -> dict:
    """The cleaned report, or `ReportInvalid` naming the first wrong field."""
    return validate(data, today=today(), find_item=_find_item)


def create(data: dict) -> dict:
    """Validate and store one report; returns `{"id", "status": "new"}`."""
    clean = check(data)
    session = get_session()
    row = Report(**clean, status="new")
    session.add(row)
    session.commit()
    return {"id": row.id, "status": row.status}


def get(report_id: int) -> dict | None:
    """One report, or None."""
    row = get_session().get(Report, report_id)
    return as_dict(row) if row is not None else None


def list_reports(status: str | None = None, page: int = 1, per_page: int = 50) -> dict:
    """Reports newest first: `{"reports", "total", "page", "per_page", "counts"}`."""
    if status and status not in STATUSES:
        raise BadRequest("invalid_status", "处理状态只能是：待处理、处理中、已答复")
    page, per_page = max(1, int(page)), min(max(1, int(per_page)), MAX_PER_PAGE)
    session = get_session()
    query = select(Report)
    if status:
        query = query.where(Report.status == status)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(Report.id.desc()).offset((page - 1) * per_page).limit(per_page)
    )
    counts = dict.fromkeys(STATUSES, 0)
    for name, n in session.execute(select(Report.status, func.count()).group_by(Report.status)):
        counts[name] = int(n)
    return {
        "reports": [as_dict(r) for r in rows],
        "total": int(total),
        "page": page,
        "per_page": per_page,
        "counts": counts,
    }


def set_status(report_id: int, status: str, reply: str, user: str) -> dict:
    """Move a report to `status` with the office's reply; the change is audited."""
    if status not in STATUSES:
        raise ReportInvalid("status", "处理状态只能是：待处理、处理中、已答复")
    reply = (reply or "").strip()
    if len(reply) > MAX_REPLY:
        raise ReportInvalid("reply", f"答复内容过长，请控制在 {MAX_REPLY} 字以内")
    if status == "answered" and not reply:
        raise ReportInvalid("reply", "标记为“已答复”时请填写答复内容")
    session = get_session()
    row = session.get(Report, report_id)
    if row is None:
        raise NotFound("unknown_report", f"找不到编号为 {report_id} 的反映")
    before = row.status
    row.status, row.reply = status, reply
    session.add(
        AuditEntry(user=user or "", action="report_status", detail=f"{report_id}:{before}→{status}")
    )
    session.commit()
    return as_dict(row)


def counts_by_item() -> list[dict]:
    """Reports per certificate: `{"item_id", "name", "count"}`, most first."""
    session = get_session()
    rows = session.execute(
        select(Report.item_id, Report.certificate, func.count()).group_by(
            Report.item_id, Report.certificate
        )
    )
    counts: Counter[tuple[str, str]] = Counter()
    names: dict[tuple[str, str], str] = {}
    for item_id, certificate, n in rows:
        key = (item_id, "") if item_id else ("", certificate)
        counts[key] += int(n)
        if key not in names:
            item = _find_item(item_id) if item_id else None
            names[key] = item["name"] if item else certificate
    out = [{"item_id": k[0], "name": names[k], "count": n} for k, n in counts.items()]
    return sorted(out, key=lambda r: (-r["count"], r["name"]))


def counts_by_department() -> list[dict]:
    """Reports per office named by residents and the item's requiring department, most first."""
    session = get_session()
    rows = session.execute(
        select(Report.office, Report.item_id, func.count()).group_by(Report.office, Report.item_id)
    )
    counts: Counter[tuple[str, str]] = Counter()
    departments: dict[str, str] = {}
    for office, item_id, n in rows:
        if item_id and item_id not in departments:
            item = _find_item(item_id)
            departments[item_id] = (item or {}).get("requiring_department", "")
        counts[(office, departments.get(item_id, "") if item_id else "")] += int(n)
    out = [{"office": o, "department": d, "count": n} for (o, d), n in counts.items()]
    return sorted(out, key=lambda r: (-r["count"], r["office"], r["department"]))
