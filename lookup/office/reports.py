"""Residents' reports of being asked for a certificate: cases with a public number.

A report becomes a case when it is stored: a case number (`20261129-4831`: the day and four
random digits, so numbers cannot be walked through) and a six-digit check code, of which only
a hash is kept; the resident needs both to see the case at /report/status. Its due date is
`REPORT_DUE_WORKING_DAYS` working days after receipt. The office moves it on with
`report_cases`. Every function returns plain data. Bad input raises `ReportInvalid` (422, the
message names the field in Chinese); the API, the public form and the office pages share it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import Counter
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lookup.core import clock
from lookup.core.errors import BadRequest, Conflict, NotFound
from lookup.lists import store
from lookup.lists.db import get_session
from lookup.lists.models import Report
from lookup.office import audit
from lookup.office.report_privacy import erase_expired_contacts, masked_contact
from lookup.office.report_rules import (
    CLOSED,
    MAX_REPLY,
    OPEN,
    STATE_LABELS,
    STATES,
    ReportInvalid,
    setting,
    validate,
)
from lookup.office.workdays import Calendar

FILTERS = (*STATES, "open", "overdue")
FILTER_LABELS = {**STATE_LABELS, "open": "未办结", "overdue": "已逾期"}
MAX_PER_PAGE = 200
CODE_DIGITS = 6

__all__ = [
    "CLOSED",
    "FILTERS",
    "MAX_REPLY",
    "OPEN",
    "STATES",
    "STATE_LABELS",
    "BadRequest",
    "NotFound",
    "ReportInvalid",
    "check",
    "code_hash",
    "counts_by_department",
    "counts_by_item",
    "create",
    "due_date",
    "erase_expired",
    "get",
    "list_reports",
    "summary",
]


def today() -> date:
    return clock.today()


def due_date(received: date) -> date:
    """The due date of a case received on `received` (Pinghu's working days)."""
    calendar = Calendar.from_settings(setting("REPORT_HOLIDAYS"), setting("REPORT_WORKDAYS"))
    return calendar.add(received, int(setting("REPORT_DUE_WORKING_DAYS")))


def code_hash(case_number: str, code: str) -> str:
    return hashlib.sha256(f"{case_number}:{code}".encode()).hexdigest()


def code_matches(row: Report | None, code: str) -> bool:
    """Whether `code` opens the case (constant time; a missing case costs the same)."""
    number, stored = (row.case_number, row.check_hash) if row is not None else ("", "0" * 64)
    matched = hmac.compare_digest(code_hash(number, code), stored or "0" * 64)
    return row is not None and bool(row.check_hash) and matched


def is_overdue(row: Report, on: date | None = None) -> bool:
    return row.status in OPEN and row.due_on is not None and (on or today()) > row.due_on


def as_dict(row: Report, on: date | None = None) -> dict:
    """Everything the office sees of a case."""
    on = on or today()
    closed_on = (
        clock.as_utc(row.closed_at).astimezone(clock.BEIJING).date() if row.closed_at else None
    )
    return {
        "id": row.id,
        "case_number": row.case_number,
        "created_at": clock.iso_utc(row.created_at),
        "item_id": row.item_id or "",
        "certificate": row.certificate,
        "office": row.office,
        "happened_on": row.happened_on,
        "description": row.description,
        "contact": row.contact,
        "contact_masked": masked_contact(row.contact),
        "contact_erased_at": clock.iso_utc(row.contact_erased_at),
        "status": row.status,
        "status_label": STATE_LABELS.get(row.status, row.status),
        "department": row.department,
        "reply": row.reply,
        "due_on": row.due_on.isoformat() if row.due_on else "",
        "overdue": is_overdue(row, on),
        "days_left": (row.due_on - on).days if row.due_on and row.status in OPEN else None,
        "closed_at": clock.iso_utc(row.closed_at),
        "in_time": bool(closed_on and row.due_on and closed_on <= row.due_on),
    }


def _find_item(item_id: str) -> dict | None:
    return store.get_item(item_id) or store.last_seen(item_id)


def check(data: dict) -> dict:
    """The cleaned report, or `ReportInvalid` naming the first wrong field."""
    return validate(data, today=today(), find_item=_find_item)


def _new_number(day: date) -> str:
    session = get_session()
    for _ in range(20):
        number = f"{day:%Y%m%d}-{secrets.randbelow(10_000):04d}"
        if session.scalar(select(Report.id).where(Report.case_number == number)) is None:
            return number
    return f"{day:%Y%m%d}-{secrets.randbelow(1_000_000):06d}"  # a very busy day


def create(data: dict) -> dict:
    """Validate and store one report as a new case.

    Returns `{"id", "status", "case_number", "check_code", "due_on"}`: the check code is
    shown to the resident once and never again (only its hash is stored).
    """
    clean = check(data)
    session = get_session()
    day = today()
    for _ in range(3):  # two nodes drawing the same number at once: draw again
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        number = _new_number(day)
        row = Report(
            **clean,
            status="new",
            case_number=number,
            check_hash=code_hash(number, code),
            due_on=due_date(day),
        )
        session.add(row)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            continue
        erase_expired()
        return {
            "id": row.id,
            "status": row.status,
            "case_number": number,
            "check_code": code,
            "due_on": row.due_on.isoformat(),
        }
    raise Conflict("暂时无法生成反映编号，请稍后重新提交")


def erase_expired(now: datetime | None = None, actor: audit.Actor = audit.SYSTEM) -> int:
    """Erase the contacts kept past their retention; audited (by default as the system's own)."""
    days = int(setting("REPORT_CONTACT_RETENTION_DAYS"))
    erased = erase_expired_contacts(days, now)
    if erased:
        detail = f"删除 {erased} 条反映的联系方式（办结已满 {days} 天）"
        audit.record("report_contacts_erased", detail, actor=actor)
    return erased


def get(report_id: int) -> dict | None:
    """One case, or None."""
    row = get_session().get(Report, report_id)
    return as_dict(row) if row is not None else None


def _where(query, status: str | None):
    if status == "open":
        return query.where(Report.status.in_(OPEN))
    if status == "overdue":
        return query.where(Report.status.in_(OPEN), Report.due_on < today())
    return query.where(Report.status == status) if status else query


def summary() -> dict:
    """Cases per state, all, open, overdue and due today: `{"new": 3, …, "overdue": 1}`."""
    session = get_session()
    counts = dict.fromkeys((*STATES, "all", "open", "overdue", "due_today"), 0)
    for name, n in session.execute(select(Report.status, func.count()).group_by(Report.status)):
        if name in counts:
            counts[name] = int(n)
    counts["open"] = sum(counts[s] for s in OPEN)
    counts["all"] = sum(counts[s] for s in STATES)
    is_open = Report.status.in_(OPEN)
    counts["overdue"] = int(
        session.scalar(select(func.count()).where(is_open, Report.due_on < today())) or 0
    )
    counts["due_today"] = int(
        session.scalar(select(func.count()).where(is_open, Report.due_on == today())) or 0
    )
    return counts


def list_reports(status: str | None = None, page: int = 1, per_page: int = 50) -> dict:
    """Cases newest first: `{"reports", "total", "page", "per_page", "counts"}`.

    `status` is a state, "open" or "overdue" (open and past its due date).
    """
    if status and status not in FILTERS:
        raise BadRequest("invalid_status", "处理状态只能是：" + "、".join(FILTER_LABELS.values()))
    page, per_page = max(1, int(page)), min(max(1, int(per_page)), MAX_PER_PAGE)
    session = get_session()
    query = _where(select(Report), status)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(Report.id.desc()).offset((page - 1) * per_page).limit(per_page)
    )
    on = today()
    return {
        "reports": [as_dict(r, on) for r in rows],
        "total": int(total),
        "page": page,
        "per_page": per_page,
        "counts": summary(),
    }


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
