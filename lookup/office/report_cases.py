"""The office moves a case on: forward it to the department concerned, answer it, or decline it.

新收到 → 已转办 (to a department of the published lists; again to another one if needed) →
已答复 (the reply the resident reads) or 不予受理 (with the reason the resident reads). A
closed case does not change any more. Every step is kept in the case's history
(`report_events`) and in the audit log.
"""

from __future__ import annotations

from sqlalchemy import select, update

from lookup.core import clock
from lookup.core.errors import Conflict, NotFound
from lookup.lists import store
from lookup.lists.db import get_session
from lookup.lists.models import Report, ReportEvent
from lookup.office import audit
from lookup.office.audit import Actor
from lookup.office.report_rules import CLOSED, OPEN, STATE_LABELS, ReportInvalid, office_text
from lookup.office.reports import as_dict

EVENT_LABELS = {"forwarded": "转办", "answered": "答复", "rejected": "不予受理"}


def departments() -> list[str]:
    """The requiring departments of the published lists, most items first."""
    counts: dict[str, int] = {}
    for item in store.items_of():
        name = (item.get("requiring_department") or "").strip()
        if name:
            counts[name] = counts.get(name, 0) + 1
    return sorted(counts, key=lambda name: (-counts[name], name))


def _open_case(report_id: int) -> Report:
    row = get_session().get(Report, report_id)
    if row is None:
        raise NotFound("unknown_report", f"找不到编号为 {report_id} 的反映")
    if row.status not in OPEN:
        raise Conflict(
            f"反映 {row.case_number} 已{STATE_LABELS.get(row.status, '办结')}，不能再更改",
            "case_closed",
        )
    return row


def _move(row: Report, status: str, *, actor: Actor, note: str = "", **values) -> dict:
    """Change the case's state unless another clerk changed it first (then Conflict)."""
    session = get_session()
    now = clock.utcnow()
    if status in CLOSED:
        values["closed_at"] = now
    result = session.execute(
        update(Report)
        .where(Report.id == row.id, Report.status == row.status)
        .values(status=status, **values)
    )
    if result.rowcount != 1:
        session.rollback()
        raise Conflict("这条反映刚被其他人处理过，请刷新页面后再看", "case_changed")
    session.add(
        ReportEvent(
            report_id=row.id,
            at=now,
            actor=actor.name[:100],
            action=status,
            department=values.get("department", row.department),
            text=values.get("reply", note),
        )
    )
    session.commit()
    session.refresh(row)
    return as_dict(row)


def forward(report_id: int, department: str, note: str, *, actor: Actor) -> dict:
    """新收到/已转办 → 已转办 to `department` (one of the lists' requiring departments)."""
    row = _open_case(report_id)
    department = (department or "").strip()
    if department not in departments():
        raise ReportInvalid("department", "请从清单中的索要单位里选择转办部门")
    note = office_text("note", note, required=False)
    case = _move(row, "forwarded", actor=actor, department=department, note=note)
    detail = f"反映 {case['case_number']} 转办至{department}" + (f"：{note}" if note else "")
    audit.record("report_forward", detail, actor=actor)
    return case


def answer(report_id: int, reply: str, *, actor: Actor) -> dict:
    """→ 已答复, with the reply the resident will read."""
    row = _open_case(report_id)
    reply = office_text("reply", reply, required=True)
    case = _move(row, "answered", actor=actor, reply=reply)
    audit.record("report_answer", f"答复反映 {case['case_number']}：{_short(reply)}", actor=actor)
    return case


def reject(report_id: int, reason: str, *, actor: Actor) -> dict:
    """→ 不予受理, with the reason the resident will read."""
    row = _open_case(report_id)
    reason = office_text("reason", reason, required=True)
    case = _move(row, "rejected", actor=actor, reply=reason)
    audit.record(
        "report_reject", f"反映 {case['case_number']} 不予受理：{_short(reason)}", actor=actor
    )
    return case


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def history(report_id: int) -> list[dict]:
    """The case's steps after receipt, oldest first."""
    rows = get_session().scalars(
        select(ReportEvent)
        .where(ReportEvent.report_id == report_id)
        .order_by(ReportEvent.at, ReportEvent.id)
    )
    return [
        {
            "at": clock.iso_utc(row.at),
            "actor": row.actor,
            "action": row.action,
            "label": EVENT_LABELS.get(row.action, row.action),
            "department": row.department,
            "text": row.text,
        }
        for row in rows
    ]
