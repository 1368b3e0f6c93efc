"""A lease in the store that serialises publishing across processes and nodes.

A holder that died (kill -9) either let its lease expire or, on the same host, is seen to be
gone because its process no longer exists; either way the next publisher takes over.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lookup.lists.models import Lease, utcnow


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def dead_here(holder: str) -> bool:
    try:
        host, pid, _tag = holder.split(":")
        if host != socket.gethostname():
            return False
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except (ValueError, PermissionError):
        return False
    return False


def acquire(session: Session, name: str, holder: str, ttl: float, detail: str = "") -> str | None:
    """Take the lease; return None on success, or a description of who holds it."""
    if session.get(Lease, name) is None:
        try:
            session.add(Lease(name=name))
            session.commit()
        except IntegrityError:
            session.rollback()
    now = utcnow()
    expires = now + timedelta(seconds=ttl)
    took = session.execute(
        update(Lease)
        .where(Lease.name == name)
        .where((Lease.holder.is_(None)) | (Lease.expires_at < now))
        .values(holder=holder, expires_at=expires, detail=detail)
    ).rowcount
    session.commit()
    if took:
        return None
    current = session.execute(select(Lease.holder, Lease.detail).where(Lease.name == name)).one()
    if current.holder and dead_here(current.holder):
        took = session.execute(
            update(Lease)
            .where(Lease.name == name, Lease.holder == current.holder)
            .values(holder=holder, expires_at=expires, detail=detail)
        ).rowcount
        session.commit()
        if took:
            return None
    return current.detail or "另一个发布任务"


def release(session: Session, name: str, holder: str) -> None:
    session.execute(
        update(Lease).where(Lease.name == name, Lease.holder == holder).values(holder=None)
    )
    session.commit()
