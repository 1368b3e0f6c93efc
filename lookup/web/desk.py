"""The service-hall desk: dense keyboard-first lookups, ready-to-say answers and print views."""

from __future__ import annotations

import segno
from flask import Blueprint, Flask, redirect, render_template, request, url_for
from markupsafe import Markup

from lookup.core import clock, fields, limits
from lookup.core.errors import NotFound
from lookup.core.limits import MAX_ITEM_ID
from lookup.search import catalogue
from lookup.web import links, params, published, searching, tasks

bp = Blueprint("desk", __name__, url_prefix="/desk")

PER_PAGE = 20


def say_text(item: dict, version: int | None) -> str:
    """One paragraph staff can read out or paste: verdict, method, basis and list version."""
    name = f"「{item['name']}」"
    if item.get("matter"):
        name += f"（用于{item['matter']}）"
    where = f"第 {version} 版" if version else "当前版本"
    if item.get("seq"):
        where += f"第 {item['seq']} 项"
    if item["list"] == fields.ABOLISHED:
        text = f"{name}已列入平湖市取消证明材料清单（{where}），办理时无需提供"
        if item.get("requiring_department"):
            text += f"，{item['requiring_department']}不得再要求提供"
        text += "。"
        if item.get("replacement"):
            text += f"取消后办理方式：{item['replacement'].rstrip('。')}。"
        if item.get("basis"):
            text += f"依据：{item['basis'].rstrip('。')}。"
    else:
        text = f"{name}列入平湖市保留证明材料清单（{where}），仍需提供"
        if item.get("issuing_authority"):
            text += f"，由{item['issuing_authority']}开具"
        text += "。"
        if item.get("basis"):
            text += f"设定依据：{item['basis'].rstrip('。')}。"
        if item.get("replacement"):
            text += f"办理方式：{item['replacement'].rstrip('。')}。"
    return text


def _item_or_404(item_id: str) -> dict:
    found = published.get_item(item_id) if len(item_id) <= MAX_ITEM_ID else None
    if found is None:
        raise NotFound("unknown_item", "找不到这条证明事项，可能已调整或编号有误")
    return found


@bp.get("")
def index():
    """The desk: a plain GET form, dense results, one-click ready-to-say answers."""
    args = request.args
    q = (args.get("q") or "").strip()[: limits.MAX_QUERY]
    kind = params.lenient(params.list_kind, args.get("list"))
    page = params.lenient(params.bounded_int, args.get("page"), "page", 1, 1, limits.MAX_PAGE)
    result = None
    if q:
        result = searching.search(q, list_kind=kind, page=page or 1, per_page=PER_PAGE)
        version = result.get("version")
        result["results"] = [{**r, "say": say_text(r, version)} for r in result["results"]]
        result["say"] = (
            tasks.desk_say(result["answer"])
            or f"{result['answer']['text']}（平湖市证明事项清单第 {version} 版）"
        )
    coming = published.changes_for([r["id"] for r in result["results"]]) if result else {}
    return render_template("desk/index.html", q=q, kind=kind or "", result=result, coming=coming)


@bp.get("/items/<item_id>/slip")
def slip(item_id: str):
    """A printable answer slip for one item, to hand to the person at the counter."""
    item = _item_or_404(item_id)
    url = links.external("public.item", item_id=item["id"])
    # segno builds the SVG from the URL bits alone: no user-controlled markup reaches the page.
    qr = Markup(segno.make(url, error="m").svg_inline(scale=3, title="网上查看本证明", border=2))
    return render_template(
        "desk/slip.html",
        item=item,
        url=url,
        qr=qr,
        say=say_text(item, published.current_version()),
        heading=catalogue.heading(item),
        printed=clock.beijing(clock.utcnow()),
    )


@bp.get("/departments")
def departments():
    """Every requiring department with how many certificates it may no longer ask for."""
    facets = published.facets(fields.ABOLISHED)
    return render_template("desk/departments.html", departments=facets["departments"])


@bp.get("/print")
def print_view():
    """``/desk/print?department=`` is the same page as ``/desk/departments/<name>``."""
    name = params.lenient(params.text_filter, request.args.get("department"), "department")
    if not name:
        return redirect(url_for("desk.departments"), code=303)
    return redirect(url_for("desk.department", name=name), code=303)


@bp.get("/departments/<path:name>")
def department(name: str):
    """One page per department: what it may no longer ask for, and what replaces it."""
    if len(name) > limits.MAX_FILTER:
        raise NotFound("unknown_department", "没有这个单位")
    items = published.list_items(fields.ABOLISHED, department=name)
    if not items and name not in dict(published.facets(fields.ABOLISHED)["departments"]):
        raise NotFound("unknown_department", "取消清单中没有这个索要单位")
    return render_template("desk/department.html", name=name, items=items)


def init_app(app: Flask) -> None:
    """Register the desk blueprint (called by the app factory when this module exists)."""
    app.register_blueprint(bp)
