"""Tasks (办理事项) for residents, staff and API clients: /tasks, /tasks/<id>, /api/v1/tasks.

A task page is the answer to "办X要哪些证明": what is no longer needed and what replaces it,
what is still needed and who issues it; printable, with a QR code of its address like item
pages. The data comes from `lookup.search.catalogue` on the engine this process serves.
"""

from __future__ import annotations

import segno
from flask import Blueprint, Flask, jsonify, render_template, url_for
from markupsafe import Markup

from lookup.core.errors import LookupServiceError, NotFound
from lookup.lists.db import UNAVAILABLE, close_session
from lookup.office.engines import current_engine
from lookup.search import catalogue

bp = Blueprint("tasks", __name__)
api_bp = Blueprint("tasks_api", __name__, url_prefix="/api/v1")

# Task questions the home page offers as examples.
EXAMPLES = (
    "申请公租房要哪些证明",
    "办低保要准备什么材料",
    "孩子上小学要什么证明",
    "老人过世后要办哪些手续",
)
UNKNOWN = "找不到这个办理事项，可能已调整或编号有误；可以在首页直接输入要办的事查询"


def task_url(task_id: str) -> str:
    return url_for("tasks.task_page", task_id=task_id, _external=True)


def item_url(item_id: str) -> str:
    return url_for("public.item", item_id=item_id, _external=True)


def _detail_or_404(task_id: str) -> dict:
    found = catalogue.task_detail(current_engine(), task_id)
    if found is None:
        raise NotFound("unknown_task", UNKNOWN)
    return found


@bp.get("/tasks")
def index():
    """Every task by life event and A–Z, with how many certificates each has."""
    return render_template("public/tasks.html", overview=catalogue.overview(current_engine()))


@bp.get("/tasks/<task_id>")
def task_page(task_id: str):
    """One task's checklist: still needed (issuer, basis), no longer needed (what instead)."""
    detail = _detail_or_404(task_id)
    url = task_url(detail["id"])
    # segno builds the SVG from the URL bits alone: no user-controlled markup reaches the page.
    qr = Markup(segno.make(url, error="m").svg_inline(scale=4, title="本页二维码", border=2))
    return render_template("public/task.html", task=detail, url=url, qr=qr)


@api_bp.get("/tasks")
def list_tasks():
    """Every task of the current version, with its life events and counts."""
    overview = catalogue.overview(current_engine())
    tasks = [t for group in overview["az"] for t in group["tasks"]]
    return jsonify(
        version=overview["version"],
        total=overview["total"],
        events=[
            {"name": e["name"], "task_ids": [t["id"] for t in e["tasks"]]}
            for e in overview["events"]
        ],
        tasks=[{**t, "url": task_url(t["id"])} for t in tasks],
    )


@api_bp.get("/tasks/<task_id>")
def get_task(task_id: str):
    """One task's checklist, each certificate with the address of its page."""
    detail = _detail_or_404(task_id)
    for key in ("still_required", "no_longer_required"):
        detail[key] = [{**i, "url": item_url(i["id"])} for i in detail[key]]
    detail["url"] = task_url(detail["id"])
    return jsonify(detail)


def answer_tasks(answer: dict) -> list[dict]:
    """The task card(s) over search results: the task asked about, or a life event's tasks."""
    if not (answer.get("task") or answer.get("tasks")):
        return []
    return catalogue.answer_tasks(current_engine(), answer)


def desk_say(answer: dict) -> str | None:
    """The desk's copyable answer for a task question: the whole checklist (None otherwise)."""
    task = answer.get("task")
    detail = catalogue.task_detail(current_engine(), task["id"]) if task else None
    return catalogue.say(detail) if detail else None


def _engine_or_none():
    try:
        return current_engine()
    except LookupServiceError:  # nothing published or no index yet: the page still works
        return None
    except UNAVAILABLE:  # no engine loaded yet and the database away: the page without links
        close_session()
        return None


def item_task(item: dict) -> dict | None:
    """The task an item page links to (None when the item names no task)."""
    engine = _engine_or_none()
    return catalogue.task_ref(engine, item.get("task_id") or "") if engine else None


def on_both_lists() -> list[str]:
    """Certificates abolished for some tasks and retained for others (the home page names
    them)."""
    engine = _engine_or_none()
    return catalogue.on_both_lists(engine.items) if engine else []


def init_app(app: Flask) -> None:
    """Register the pages and the API routes (GET only: nothing for CSRF to guard)."""
    from lookup.web.security import csrf

    app.register_blueprint(bp)
    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)
