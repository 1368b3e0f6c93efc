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
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import select, update
from sqlalchemy.orm import defer

from lookup.core.errors import LookupServiceError, PublishBusy
from lookup.lists import lease
from lookup.lists.db import session_factory
from lookup.lists.importer import ImportFileError, read_table
from lookup.lists.models import Draft, Lease, utcnow
from lookup.office import drafts, publishing

log = logging.getLogger(__name__)
Progress = Callable[[str], None]
Work = Callable[[Progress], int]
START_GRACE = timedelta(seconds=60)  # a job not holding the lease after this long is dead
READ_GRACE = timedelta(minutes=15)  # reading a list on another node: given up after this
RUNNING = ("publishing", "reading")
INTERRUPTED = "发布中断：发布进程已停止，新版本未生效。可重新发布。"


def busy_detail(session) -> str | None:
    """Who holds the publish lease, or None when a publish could start now."""
    row = session.get(Lease, publishing.LEASE)
    if row is None or row.holder is None or row.expires_at is None:
        return None
    if row.expires_at < utcnow() or lease.dead_here(row.holder):
        return None
    return row.detail or "另一个发布任务"


def claim(app: Flask, draft_id: int) -> bool:
    """Mark an open draft as publishing; False when another request claimed it first."""
    with session_factory(app)() as session:
        report = dict(session.scalar(select(Draft.report).where(Draft.id == draft_id)) or {})
        report["job"] = job_info()
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


def run(
    app: Flask,
    draft_id: int,
    work: Work,
    *,
    fail_status: str = "open",
    progress: Progress | None = None,
    raise_errors: bool = False,
) -> int | None:
    """Run `work(progress)` for a claimed draft and record the outcome in it.

    In the background nothing is raised (the draft says what happened); in the foreground
    (`raise_errors`, the command line) a failure is recorded and then raised to the caller.
    """

    def say(message: str) -> None:
        _set(app, draft_id, progress=message[:500])
        if progress is not None:
            progress(message)

    with app.app_context():
        try:
            number = work(say)
        except PublishBusy as exc:
            _set(app, draft_id, status=fail_status, progress=exc.message)
            if raise_errors:
                raise
        except LookupServiceError as exc:
            _set(app, draft_id, status=fail_status, progress=f"发布失败：{exc.message}")
            if raise_errors:
                raise
        except Exception:
            log.exception("publish job for draft %s failed", draft_id)
            _set(app, draft_id, status=fail_status, progress="发布失败：系统出错，新版本未生效。")
            if raise_errors:
                raise
        else:
            _set(
                app,
                draft_id,
                status="published",
                published_version=number,
                progress=f"已发布为版本 {number}",
            )
            return number
    return None


def start(app: Flask, draft_id: int, work: Work, *, fail_status: str = "open"):
    """Run a claimed draft's publish in the background (inline when JOBS_SYNC is set)."""
    return _background(
        app, f"publish-{draft_id}", run, app, draft_id, work, fail_status=fail_status
    )


def _background(app: Flask, name: str, target, *args, **kwargs) -> threading.Thread | None:
    if app.config.get("JOBS_SYNC"):
        target(*args, **kwargs)
        return None
    thread = threading.Thread(target=target, args=args, kwargs=kwargs, name=name, daemon=True)
    thread.start()
    return thread


def read_upload(
    app: Flask, draft_id: int, data: bytes, list_kind: str, filename: str, sheet=None
) -> threading.Thread | None:
    """Read an uploaded list into its draft (status `reading` until done) in the background."""
    return _background(
        app, f"read-{draft_id}", _read, app, draft_id, data, list_kind, filename, sheet
    )


def _read(app: Flask, draft_id: int, data: bytes, list_kind: str, filename: str, sheet) -> None:
    def progress(rows: int) -> None:
        _set(app, draft_id, progress=f"已读取 {rows} 行")

    with app.app_context(), session_factory(app)() as session:
        draft = session.get(Draft, draft_id)
        try:
            result = read_table(data, list_kind, filename=filename, progress=progress, sheet=sheet)
        except ImportFileError as exc:
            draft.status, draft.progress = "rejected", f"无法读取「{filename}」：{exc}"
            session.commit()
        except Exception:
            log.exception("reading upload for draft %s failed", draft_id)
            draft.status, draft.progress = "rejected", "读取文件时系统出错，请重新上传。"
            session.commit()
        else:
            drafts.fill_import(session, draft, result)


def state(session, draft: Draft) -> dict:
    """The draft's status for the page and the JSON endpoint, with interrupted jobs detected."""
    status, message = draft.status, draft.progress or ""
    if status == "publishing" and _dead(session, draft):
        status, message = "interrupted", INTERRUPTED
    elif status == "reading" and _gone(draft, READ_GRACE):
        status, message = "rejected", "读取中断：读取文件的进程已停止，请重新上传。"
    return {
        "id": draft.id,
        "status": status,
        "progress": message,
        "published_version": draft.published_version,
        "done": status not in RUNNING,
    }


def _dead(session, draft: Draft) -> bool:
    """A publish job is dead when its process is, or when nobody holds the lease for long."""
    return _gone(draft, None) or (busy_detail(session) is None and _gone(draft, START_GRACE))


def _gone(draft: Draft, grace: timedelta | None) -> bool:
    """The job's process is gone (same host), or (with `grace`) it started that long ago."""
    job = (draft.report or {}).get("job") or {}
    if job.get("host") == socket.gethostname() and job.get("pid"):
        try:
            os.kill(int(job["pid"]), 0)
        except ProcessLookupError:
            return True
        except (OSError, ValueError):
            pass
    if grace is None:
        return False
    try:
        started = datetime.fromisoformat(job.get("started", ""))
    except ValueError:
        return True
    return utcnow() - started > grace


def job_info() -> dict:
    """Where a job runs, so that other workers and nodes can tell when it died."""
    return {"host": socket.gethostname(), "pid": os.getpid(), "started": utcnow().isoformat()}


def reopen_interrupted(app: Flask, draft_id: int) -> None:
    """Let an interrupted draft be published again."""
    with session_factory(app)() as session:
        draft = session.get(Draft, draft_id, options=[defer(Draft.rows)])
        if draft is not None and state(session, draft)["status"] == "interrupted":
            draft.status, draft.progress = "open", INTERRUPTED
            session.commit()


def open_drafts(session, list_kind: str | None = None) -> list[Draft]:
    query = select(Draft).options(defer(Draft.rows)).where(Draft.status.in_(("open", *RUNNING)))
    if list_kind:
        query = query.where(Draft.list == list_kind)
    return list(session.scalars(query.order_by(Draft.id.desc())))
