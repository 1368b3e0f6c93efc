"""Office sessions kept in the store, so that ending one ends every copy of its cookie.

The browser's (signed) cookie carries a random token; the `office_sessions` table keeps only
the token's SHA-256 with the user, when it began and when it was last used. A session ends at
logout, when the user's password, role or state changes (every session of that user), after
`idle` without a request, and `absolute` after sign-in whatever the activity. Times come from
`lookup.core.clock`, so tests move them instead of waiting.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, or_
from sqlalchemy.orm import Session

from lookup.core.clock import utcnow
from lookup.lists.models import OfficeSession, User

# A session's last use is written at most this often: not one write per office request.
TOUCH_EVERY = timedelta(seconds=60)


@dataclass(frozen=True)
class Timeouts:
    idle: timedelta = timedelta(minutes=30)
    absolute: timedelta = timedelta(hours=12)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _expired(timeouts: Timeouts):
    now = utcnow()
    return or_(
        OfficeSession.last_seen_at < now - timeouts.idle,
        OfficeSession.created_at < now - timeouts.absolute,
    )


def start(session: Session, user: User, remote_addr: str, timeouts: Timeouts) -> str:
    """A new session for `user`; returns the token for the cookie (never stored as such)."""
    session.execute(delete(OfficeSession).where(_expired(timeouts)))
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        OfficeSession(
            token_hash=_hash(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            remote_addr=remote_addr[:64],
        )
    )
    session.commit()
    return token


def resume(session: Session, token: str, timeouts: Timeouts) -> User | None:
    """The active user of a live session, its last use noted; None when it has ended."""
    if not token or len(token) > 100:
        return None
    row = session.get(OfficeSession, _hash(token))
    if row is None:
        return None
    now = utcnow()
    user = session.get(User, row.user_id)
    ended = now - row.last_seen_at > timeouts.idle or now - row.created_at > timeouts.absolute
    if ended or user is None or not user.active:
        session.delete(row)
        session.commit()
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        session.commit()
    return user


def end(session: Session, token: str) -> None:
    """End one session (logout)."""
    session.execute(delete(OfficeSession).where(OfficeSession.token_hash == _hash(token)))
    session.commit()


def end_all(session: Session, user_id: int) -> int:
    """End every session of a user (password, role or state changed); returns how many."""
    result = session.execute(delete(OfficeSession).where(OfficeSession.user_id == user_id))
    session.commit()
    return result.rowcount or 0
