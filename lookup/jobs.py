"""Publishing outside the web request: a daemon thread per job, progress kept in the Draft row.

A job's draft is `publishing` while it runs, then `published` (with `published_version`) or back
to `open` with the reason in `progress`. A worker that dies mid-publish leaves the draft
`publishing`; `state()` reports it interrupted once the publish lease is free or its holder is
gone (the next publish discards the unfinished version).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import select, update

from . import lease, publishing
from .db import session_factory
from .errors_base import LookupServiceError, PublishBusy
from .models import Draft, Lease, utcnow

log = logging.getLogger(__name__)
START_GRACE = timedelta(seconds=60)  # a job not holding the lease after this long is dead
INTERRUPTED = "发布中断：发布进程已停止，新版本未生效。可重新发布。"


def busy_detail(session) -> str | None:
    """Who holds the publish lease, or None when a publish could start now."""
    row = session.get(Lease, publishing.LEASE)
    if row is None or row.holder is None or row.expires_at is None:
        return None
    if row.expires_at < utcnow() or lease._dead_here(row.holder):
        return None
    return row.detail or "另一个发布任务"


def claim(app: Flask, draft_id: int) -> bool:
    """Mark an open draft as publishing; False when another request claimed it first."""
    job = {"host": socket.gethostname(), "pid": os.getpid(), "started": utcnow().isoformat()}
    with session_factory(app)() as session:
        draft = session.get(Draft, draft_id)
        report = dict(draft.report or {}, job=job)
        took = session.execute(
            update(Draft)
            .where(Draft.id == draft_id, Draft.status == "open")
            .values(status="publishing", progress="等待开始", report=report)
        ).rowcount
        session.commit()
    return bool(took)


def _set(app: Flask, draft_id: int, **values) -> None:
    with session_factory(app)() as session:
        session.execute(update(Draft).where(Draft.id == draft_id).values(**values))
        session.commit()


def _run(app: Flask, draft_id: int, work, fail_status: str) -> None:
    """Run `work(progress)` and record the outcome in the draft; never raises."""

    def progress(message: str) -> None:
        _set(app, draft_id, progress=message[:500])

    with app.app_context():
        try:
            number = work(progress)
        except PublishBusy as exc:
            _set(app, draft_id, status=fail_status, progress=exc.message)
        except LookupServiceError as exc:
            _set(app, draft_id, status=fail_status, progress=f"发布失败：{exc.message}")
        except Exception:
            log.exception("publish job for draft %s failed", draft_id)
            _set(app, draft_id, status=fail_status, progress="发布失败：系统出错，新版本未生效。")
        else:
            _set(
                app,
                draft_id,
                status="published",
                published_version=number,
                progress=f"已发布为版本 {number}",
            )


def start(app: Flask, draft_id: int, work, *, fail_status: str = "open") -> threading.Thread | None:
    """Run a claimed draft's publish in the background (inline when JOBS_SYNC is set)."""
    if app.config.get("JOBS_SYNC"):
        _run(app, draft_id, work, fail_status)
        return None
    thread = threading.Thread(
        target=_run,
        args=(app, draft_id, work, fail_status),
        name=f"publish-{draft_id}",
        daemon=True,
    )
    thread.start()
    return thread


def publish_draft(app: Flask, draft_id: int, *, note: str, author: str) -> threading.Thread | None:
    """Publish a claimed draft's rows as the new content of its list."""
    with session_factory(app)() as session:
        draft = session.get(Draft, draft_id)
        rows, list_kind, filename = draft.rows, draft.list, draft.filename

    def work(progress):
        return publishing.publish(
            app,
            {list_kind: rows},
            note=note or f"导入 {filename}",
            author=author,
            source=f"draft:{draft_id}",
            progress=progress,
        )

    return start(app, draft_id, work)


def rollback(app: Flask, draft_id: int, number: int, *, author: str) -> threading.Thread | None:
    """Publish an earlier version's content again; the job is tracked in a draft row."""
    return start(
        app,
        draft_id,
        lambda progress: publishing.rollback(app, number, author=author, progress=progress),
        fail_status="failed",
    )


def state(session, draft: Draft) -> dict:
    """The draft's status for the page and the JSON endpoint, with interrupted jobs detected."""
    status, message = draft.status, draft.progress or ""
    if status == "publishing" and _dead(session, draft):
        status, message = "interrupted", INTERRUPTED
    return {
        "id": draft.id,
        "status": status,
        "progress": message,
        "published_version": draft.published_version,
        "done": status != "publishing",
    }


def _dead(session, draft: Draft) -> bool:
    job = (draft.report or {}).get("job") or {}
    if job.get("host") == socket.gethostname() and job.get("pid"):
        try:
            os.kill(int(job["pid"]), 0)
        except ProcessLookupError:
            return True
        except (OSError, ValueError):
            pass
    if busy_detail(session) is not None:
        return False
    try:
        started = datetime.fromisoformat(job.get("started", ""))
    except ValueError:
        return True
    return utcnow() - started > START_GRACE


def reopen_interrupted(app: Flask, draft_id: int) -> None:
    """Let an interrupted draft be published again."""
    with session_factory(app)() as session:
        draft = session.get(Draft, draft_id)
        if draft is not None and state(session, draft)["status"] == "interrupted":
            draft.status, draft.progress = "open", INTERRUPTED
            session.commit()


def open_drafts(session, list_kind: str | None = None) -> list[Draft]:
    query = select(Draft).where(Draft.status.in_(("open", "publishing")))
    if list_kind:
        query = query.where(Draft.list == list_kind)
    return list(session.scalars(query.order_by(Draft.id.desc())))
