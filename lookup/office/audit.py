"""The office audit log: who did what, when and from where — web and command line alike."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from flask import Flask, current_app
from sqlalchemy import func, select

from lookup.lists.db import get_session, session_factory
from lookup.lists.models import AuditEntry

PER_PAGE = 50
CLI_ADDRESS = "命令行"


@dataclass(frozen=True)
class Actor:
    """Who acts: an office user on the web (with the client's address) or an OS user at the
    command line (`--author` may name the person the version history should show)."""

    name: str
    address: str = ""

    @classmethod
    def command_line(cls, author: str | None = None) -> Actor:
        try:
            os_user = getpass.getuser()
        except (KeyError, OSError):  # no passwd entry for the uid (containers)
            os_user = "unknown"
        name = f"{author}（{os_user}）" if author and author != os_user else os_user
        return cls(name=name, address=CLI_ADDRESS)

    @property
    def via_cli(self) -> bool:
        return self.address == CLI_ADDRESS


SYSTEM = Actor("system", CLI_ADDRESS)


def record(action: str, detail: str = "", *, actor: Actor, app: Flask | None = None) -> None:
    """Write one entry in a transaction of its own: it neither commits the caller's work nor
    is lost when the caller's work fails."""
    entry = AuditEntry(
        user=actor.name[:100], action=action[:50], detail=detail, remote_addr=actor.address[:64]
    )
    with session_factory(app or current_app._get_current_object())() as session:
        session.add(entry)
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
