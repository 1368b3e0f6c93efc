"""Versions of the lists: which one the service answers from, which are announced, the history.

A version is `published` once its index is built; it takes effect at `effective_at` (midnight
in Pinghu of its 施行日期, or when it was published). The service answers from the **current**
version: the newest published one whose effective time has come. Published versions whose time
has not come are **scheduled** (announced on /changes). A `withdrawn` version is out of public
view and never current; its row stays for the audit trail. Every query reads the clock
(`lookup.core.clock.utcnow`), so each worker of each node moves to a scheduled version by
itself at its effective time, at its next version check.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from lookup.core import clock
from lookup.lists.db import get_session
from lookup.lists.models import Version

PUBLISHED = "published"
WITHDRAWN = "withdrawn"
_MAX_NUMBER = 2**63 - 1  # SQLite INTEGER; a larger number would raise OverflowError


def _session(session: Session | None) -> Session:
    return session if session is not None else get_session()


def _in_effect(now):
    return or_(Version.effective_at.is_(None), Version.effective_at <= now)


def current_version(session: Session | None = None) -> int:
    """The version the service answers from (0 when nothing is in effect yet)."""
    number = _session(session).scalar(
        select(func.max(Version.number)).where(
            Version.status == PUBLISHED, _in_effect(clock.utcnow())
        )
    )
    return int(number or 0)


def latest_version(session: Session | None = None) -> int:
    """The newest published version, scheduled or not: what new content is based on."""
    s = _session(session)
    number = s.scalar(select(func.max(Version.number)).where(Version.status == PUBLISHED))
    return int(number or 0)


def version_info(number: int, session: Session | None = None) -> dict | None:
    """A published (current, earlier or scheduled) version, None when unknown or withdrawn."""
    if not 0 < number <= _MAX_NUMBER:
        return None
    s = _session(session)
    row = s.get(Version, number)
    if row is None or row.status != PUBLISHED:
        return None
    return version_dict(row, current_version(s))


def version_dict(row: Version, current: int) -> dict:
    """A version as plain data; `state` is current, scheduled, earlier or withdrawn."""
    now = clock.utcnow()
    if row.status == WITHDRAWN:
        state = "withdrawn"
    elif row.effective_at is not None and row.effective_at > now:
        state = "scheduled"
    else:
        state = "current" if row.number == current else "earlier"
    effective = row.effective_at or row.published_at
    return {
        "number": row.number,
        "created_at": row.created_at.isoformat(timespec="seconds") + "Z",
        "published_at": (row.published_at.isoformat(timespec="seconds") + "Z")
        if row.published_at
        else None,
        "note": row.note,
        "author": row.author,
        "source": row.source,
        "counts": row.counts or {},
        "summary": row.summary or {},
        "doc_number": row.doc_number or "",
        "issuer": row.issuer or "",
        "issued_on": row.issued_on.isoformat() if row.issued_on else None,
        "effective_at": clock.iso_utc(effective),
        "effective_on": clock.beijing(effective, "%Y-%m-%d") or None,
        "state": state,
        "sample": bool(row.sample),
        "withdrawn_at": clock.iso_utc(row.withdrawn_at),
        "withdrawn_by": row.withdrawn_by or "",
        "withdraw_reason": row.withdraw_reason or "",
    }


def versions(
    session: Session | None = None,
    *,
    withdrawn: bool = False,
    offset: int = 0,
    limit: int | None = None,
) -> list[dict]:
    """Published versions (with `withdrawn`, the withdrawn ones too), newest first."""
    s = _session(session)
    statuses = (PUBLISHED, WITHDRAWN) if withdrawn else (PUBLISHED,)
    query = (
        select(Version)
        .where(Version.status.in_(statuses))
        .order_by(Version.number.desc())
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    current = current_version(s)
    return [version_dict(row, current) for row in s.scalars(query)]


def count_versions(session: Session | None = None) -> int:
    """How many versions are in public view (published, scheduled included)."""
    s = _session(session)
    return int(s.scalar(select(func.count()).where(Version.status == PUBLISHED)) or 0)


def scheduled_versions(session: Session | None = None) -> list[dict]:
    """Announced versions whose effective time has not come, soonest first."""
    s = _session(session)
    rows = s.scalars(
        select(Version)
        .where(Version.status == PUBLISHED, Version.effective_at > clock.utcnow())
        .order_by(Version.number)
    )
    current = current_version(s)
    return [version_dict(row, current) for row in rows]


def previous_version(number: int, session: Session | None = None) -> int:
    """The published version before `number` (withdrawn ones skipped), 0 for the first."""
    s = _session(session)
    found = s.scalar(
        select(func.max(Version.number)).where(Version.status == PUBLISHED, Version.number < number)
    )
    return int(found or 0)


def current_info(session: Session | None = None) -> dict | None:
    """The current version's number and whether it is the shipped sample (for the footer)."""
    s = _session(session)
    number = current_version(s)
    if not number:
        return None
    return {
        "number": number,
        "sample": bool(s.scalar(select(Version.sample).where(Version.number == number))),
    }


def mark_published(session: Session, number: int) -> None:
    """Make a built version published; one without an effective time takes effect now."""
    now = clock.utcnow()
    session.execute(
        update(Version)
        .where(Version.number == number)
        .values(
            status=PUBLISHED,
            published_at=now,
            effective_at=func.coalesce(Version.effective_at, now),
        )
    )
    session.commit()


def withdraw(session: Session, number: int, *, by: str, reason: str) -> None:
    """Take a published version out of public view (kept, with who and why)."""
    session.execute(
        update(Version)
        .where(Version.number == number, Version.status == PUBLISHED)
        .values(
            status=WITHDRAWN, withdrawn_at=clock.utcnow(), withdrawn_by=by, withdraw_reason=reason
        )
    )
    session.commit()


def effective_at_of(number: int, session: Session) -> object:
    """When version `number` takes (or took) effect, as stored."""
    row = session.get(Version, number)
    return (row.effective_at or row.published_at) if row is not None else None
