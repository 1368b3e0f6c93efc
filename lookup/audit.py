"""The office audit log: who did what, when and from where."""

from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import func, select

from .db import get_session
from .models import AuditEntry

PER_PAGE = 50


def record(action: str, detail: str = "", *, user: str | None = None) -> None:
    """Write one entry; `user` defaults to the signed-in user, the address to the client's."""
    if user is None:
        user = current_user.name if current_user and current_user.is_authenticated else ""
    addr = (request.remote_addr or "") if has_request_context() else ""
    session = get_session()
    session.add(
        AuditEntry(user=user[:100], action=action[:50], detail=detail, remote_addr=addr[:64])
    )
    session.commit()


def page(number: int = 1, per_page: int = PER_PAGE) -> dict:
    """One page of entries, newest first, as plain dicts."""
    session = get_session()
    total = session.scalar(select(func.count(AuditEntry.id))) or 0
    pages = max(1, -(-total // per_page))
    number = min(max(1, number), pages)
    rows = session.scalars(
        select(AuditEntry)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((number - 1) * per_page)
        .limit(per_page)
    )
    entries = [
        {
            "at": row.at.isoformat(sep=" ", timespec="seconds"),
            "user": row.user,
            "action": row.action,
            "detail": row.detail,
            "remote_addr": row.remote_addr,
        }
        for row in rows
    ]
    return {"entries": entries, "page": number, "pages": pages, "total": total}
