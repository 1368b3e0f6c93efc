"""Pages for residents: search, items, the two lists, what changed, and elder mode."""

from __future__ import annotations

import segno
from flask import Blueprint, current_app, make_response, redirect, render_template, request
from markupsafe import Markup

from lookup.core import fields, limits
from lookup.core.errors import NotFound
from lookup.core.limits import MAX_ITEM_ID
from lookup.lists import store
from lookup.office import history, schedule
from lookup.search import catalogue
from lookup.web import charts, links, params, published, searching, tasks

bp = Blueprint("public", __name__)

COMMON_QUESTIONS = (
    "办居住证还要开亲属关系证明吗",
    "无犯罪记录证明",
    "证明我妈是我妈",
    "低保要开收入证明吗",
    "出生医学证明",
    "居住证明",
)
STATUS_LABELS = {
    "abolished": "已取消",
    "retained": "仍需提供",
    "mixed": "情况不同",
    "task": "办事清单",
    "uncertain": "请再确认",
    "not_listed": "未列入清单",
}
ELDER_COOKIE = "elder"
ELDER_PER_PAGE = 20  # items per page of a list in elder mode


@bp.app_context_processor
def site_context() -> dict:
    """Values every page needs: list version for the footer, elder mode, labels."""
    try:
        current = published.current_info()
    except Exception:  # the footer must not take an error page down with it
        current_app.logger.exception("could not read the current list version")
        current = None
    return {
        "list_version": current["number"] if current else None,
        # the notice that the lists are samples, only while the shipped ones are in effect
        "sample_lists": bool(current and current["sample"]),
        "elder": request.cookies.get(ELDER_COOKIE) == "1",
        "here": request.full_path.rstrip("?") if request else "/",
        "fields": fields,
        "status_labels": STATUS_LABELS,
    }


@bp.get("/")
def index():
    """Home page: the search box, common questions and the rule."""
    return render_template(
        "public/index.html",
        questions=COMMON_QUESTIONS,
        task_questions=tasks.EXAMPLES,
        both=tasks.on_both_lists(),
    )


@bp.get("/search")
def search_page():
    """Search results with a one-line answer on top."""
    args = request.args
    full = (args.get("q") or "").strip()
    q = full[: limits.MAX_QUERY]
    kind = params.lenient(params.list_kind, args.get("list"))
    department = params.lenient(params.text_filter, args.get("department"), "department")
    method = params.lenient(params.method, args.get("method"))
    page = params.lenient(params.bounded_int, args.get("page"), "page", 1, 1, limits.MAX_PAGE)
    filters = {"list": kind or "", "department": department or "", "method": method or ""}
    if not q:
        return render_template(
            "public/search.html", q="", result=None, filters=filters, questions=COMMON_QUESTIONS
        )
    result = searching.search(
        q, list_kind=kind, department=department, method=method, page=page or 1, per_page=10
    )
    pages = max(1, -(-result["total"] // result["per_page"])) if result["per_page"] else 1
    departments = _department_choices(kind)
    return render_template(
        "public/search.html",
        q=q,
        result=result,
        filters=filters,
        pages=min(pages, limits.MAX_PAGE),
        departments=departments,
        methods=params.METHOD_NAMES,
        questions=COMMON_QUESTIONS,
        task_cards=tasks.answer_tasks(result["answer"]),
        cut=len(full) > limits.MAX_QUERY,
        max_query=limits.MAX_QUERY,
        # the version a scheduled change will bring, for the results it touches
        coming=published.changes_for([r["id"] for r in result["results"]]),
    )


def _department_choices(kind: str | None) -> list[str]:
    names: set[str] = set()
    for list_kind in (kind,) if kind else fields.LISTS:
        names.update(name for name, _ in published.facets(list_kind)["departments"] if name)
    return sorted(names)


@bp.get("/items/<item_id>")
def item(item_id: str):
    """One item with every field, a counter card and a QR code of its address."""
    found = published.get_item(item_id) if len(item_id) <= MAX_ITEM_ID else None
    if found is None:
        raise NotFound("unknown_item", "找不到这条证明事项，可能已调整或编号有误")
    url = links.external("public.item", item_id=found["id"])
    # segno builds the SVG from the URL bits alone: no user-controlled markup reaches the page.
    qr = Markup(segno.make(url, error="m").svg_inline(scale=4, title="本页二维码", border=2))
    return render_template(
        "public/item.html",
        item=found,
        url=url,
        qr=qr,
        explanation=fields.METHOD_EXPLANATIONS.get(found.get("method") or ""),
        plain=catalogue.item_answer(found),
        heading=catalogue.heading(found),
        task=tasks.item_task(found),
        version=published.version_info(published.current_version()),
        coming=published.change_for(found["id"]),
    )


@bp.get("/lists/<list_kind>")
def list_page(list_kind: str):
    """A whole list, filterable by department and replacement method, with counts."""
    if list_kind not in fields.LISTS:
        raise NotFound("unknown_list", "没有这个清单")
    department = params.lenient(params.text_filter, request.args.get("department"), "department")
    method = params.lenient(params.method, request.args.get("method"))
    if list_kind != fields.ABOLISHED:
        method = None
    items = published.list_items(list_kind, department=department, method=method)
    facets = published.facets(list_kind)
    everything = published.items_of()  # both lists: which certificates are on the other one too
    page, pages, count = 1, 1, len(items)
    if request.cookies.get(ELDER_COOKIE) == "1":
        page, pages, items = _elder_page(items, request.args.get("page"))
    return render_template(
        "public/list.html",
        list_kind=list_kind,
        items=items,
        count=count,
        page=page,
        pages=pages,
        others=catalogue.other_list(everything),
        both=catalogue.on_both_lists(everything),
        facets=facets,
        department=department or "",
        method=method or "",
        charts=_charts(facets["departments"], facets["methods"], fields.LIST_SHORT[list_kind]),
        version=published.version_info(published.current_version()),
        coming=[
            {
                "version": c["version"],
                "counts": {k: len(v) for k, v in c["diff"][list_kind].items()},
            }
            for c in published.coming_changes()
            if any(c["diff"][list_kind].values())
        ],
    )


def _elder_page(items: list[dict], asked: str | None) -> tuple[int, int, list[dict]]:
    """Elder mode shows a list a page at a time, one plain line per item (all of them in
    large type made the abolished list 118,000 px tall on a phone)."""
    pages = max(1, -(-len(items) // ELDER_PER_PAGE))
    page = min(params.lenient(params.bounded_int, asked, "page", 1, 1, limits.MAX_PAGE) or 1, pages)
    shown = items[(page - 1) * ELDER_PER_PAGE : page * ELDER_PER_PAGE]
    return page, pages, [{**i, "plain": catalogue.plain_line(i)} for i in shown]


def _charts(departments: list, methods: list, what: str) -> list[dict]:
    """Bar charts (SVG + the rows for the table beside it) by department and by method."""
    made = []
    for rows, title, head in (
        (departments, f"{what}：各索要单位的证明数", "索要单位"),
        (methods, f"{what}：各取消后办理方式的证明数", "取消后办理方式"),
    ):
        if rows:
            made.append(
                {"title": title, "svg": charts.bar_chart(title, rows), "rows": rows, "head": head}
            )
    return made


@bp.get("/changes")
def changes():
    """Coming changes (announced, not yet in effect) and every version with its details and
    diff, paged; charts of what the current version changed."""
    page = params.lenient(params.bounded_int, request.args.get("page"), "page", 1, 1, 10_000)
    data = history.page(page or 1)
    current = store.current_version()
    latest_diff = history.current_diff()
    return render_template(
        "public/changes.html",
        history=data,
        coming=[{**c, "diff": history.shown(c["diff"])} for c in schedule.coming_changes()],
        charts=_change_charts(latest_diff) if current and data["page"] == 1 else [],
        diff=latest_diff,
    )


def _change_charts(diff: dict | None) -> list[dict]:
    """What the latest version changed, by department and method; the first version: all of it."""
    if diff:
        touched = [
            row.get("after", row) if key == "changed" else row
            for part in diff.values()
            for key in ("added", "removed", "changed")
            for row in part.get(key) or ()
        ]
        what = "本次调整涉及"
    else:
        touched = store.items_of()
        what = "当前清单"
    if not touched:
        return []
    return _charts(
        charts.counts(i.get("requiring_department") for i in touched),
        charts.counts(i.get("method") for i in touched if i.get("method")),
        what,
    )


@bp.get("/mode/<mode>")
def set_mode(mode: str):
    """Switch between the standard and the elder (larger, simpler) layout."""
    if mode not in ("elder", "standard"):
        raise NotFound("unknown_mode", "没有这种显示模式")
    response = make_response(redirect(params.local_path(request.args.get("next")), code=303))
    if mode == "elder":
        response.set_cookie(
            ELDER_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax", httponly=True
        )
    else:
        response.delete_cookie(ELDER_COOKIE, samesite="Lax", httponly=True)
    return response
