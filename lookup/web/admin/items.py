"""Office pages for one item: find it, correct it or add one; the change goes through review."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for

from lookup.core.fields import LISTS
from lookup.core.limits import MAX_ITEM_ID
from lookup.lists import store
from lookup.lists.db import get_session
from lookup.office import workflow
from lookup.web.admin.blueprint import actor, bp
from lookup.web.forms import ItemForm

ITEMS_SHOWN = 200


@bp.get("/items")
def items():
    """Find an item of the published lists to correct it, or add a new one."""
    list_kind = request.args.get("list") if request.args.get("list") in LISTS else LISTS[0]
    q = (request.args.get("q") or "").strip()[:100]
    found = store.items_of(list_kind=list_kind, session=get_session())
    if q:
        found = [i for i in found if q in i["name"] or q in i["matter"]]
    return render_template(
        "admin/items.html", list_kind=list_kind, q=q, items=found[:ITEMS_SHOWN], total=len(found)
    )


@bp.route("/items/<item_id>/edit", methods=("GET", "POST"))
def edit_item(item_id: str):
    """Correct one item; the change becomes a draft that goes through review."""
    item = store.get_item(item_id, session=get_session()) if len(item_id) <= MAX_ITEM_ID else None
    if item is None:
        abort(404)
    return _item_form(item["list"], item, ItemForm(data=item if request.method == "GET" else None))


@bp.route("/items/new", methods=("GET", "POST"))
def new_item():
    """Add one item to a list; the addition becomes a draft that goes through review."""
    list_kind = request.args.get("list")
    if list_kind not in LISTS:
        abort(404)
    return _item_form(list_kind, None, ItemForm())


def _item_form(list_kind: str, item: dict | None, form: ItemForm):
    if not form.validate_on_submit():
        page = render_template("admin/item_form.html", form=form, item=item, list_kind=list_kind)
        return page, 400 if form.errors else 200
    draft_id = workflow.edit_item(
        current_app._get_current_object(), list_kind, item, form.values(), actor=actor()
    )
    return redirect(url_for(".draft", draft_id=draft_id))
