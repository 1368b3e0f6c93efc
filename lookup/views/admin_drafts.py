"""Office pages for changes: upload a list, review a draft, publish or discard, edit one item."""

from __future__ import annotations

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import defer

from .. import audit, auth, drafts, jobs, store
from ..db import get_session
from ..fields import LIST_SHORT, LISTS
from ..forms import ActionForm, ItemForm, PublishForm, UploadForm
from ..importer import ImportFileError, read_table
from ..models import Draft
from .admin import bp

ITEMS_SHOWN = 200
INLINE_BYTES = 256 * 1024  # larger uploads are read in the background


def _app():
    return current_app._get_current_object()


def _draft(draft_id: int, *, rows: bool = False) -> Draft:
    # A draft's rows can be a 30,000-row list: load them only for the review page.
    options = [] if rows else [defer(Draft.rows)]
    draft = get_session().get(Draft, draft_id, options=options)
    if draft is None:
        abort(404)
    return draft


@bp.route("/upload", methods=("GET", "POST"))
def upload():
    """Upload a complete official list; every problem is kept in a draft for review."""
    form = UploadForm()
    if not form.validate_on_submit():
        return render_template("admin/upload.html", form=form), 400 if form.errors else 200
    storage = form.file.data
    filename = (storage.filename or "上传文件")[:300]
    list_kind = form.list_kind.data
    data = storage.read()
    if len(data) > current_app.config.get("UPLOAD_INLINE_BYTES", INLINE_BYTES):
        # A long list takes longer to read than a worker may spend on one request.
        draft = drafts.start_upload(
            get_session(), list_kind, filename, current_user.name, jobs.job_info()
        )
        audit.record("upload", f"{LIST_SHORT[list_kind]} {filename}（草稿 {draft.id}，后台读取）")
        jobs.read_upload(_app(), draft.id, data, list_kind, filename)
        return redirect(url_for(".draft", draft_id=draft.id))
    try:
        result = read_table(data, list_kind, filename=filename)
    except ImportFileError as exc:
        audit.record("upload_rejected", f"{filename}：{exc}")
        form.file.errors = [*form.file.errors, str(exc)]
        return render_template("admin/upload.html", form=form), 400
    draft = drafts.save_import(get_session(), result, filename, current_user.name)
    audit.record(
        "upload",
        f"{LIST_SHORT[list_kind]} {filename}：读取 {result.rows_read} 行，"
        f"{len(result.errors)} 个错误（草稿 {draft.id}）",
    )
    return redirect(url_for(".draft", draft_id=draft.id))


@bp.get("/drafts/<int:draft_id>")
def draft(draft_id: int):
    """Review a draft: rows read, every problem, and the changes against the published list."""
    row = _draft(draft_id, rows=True)
    session = get_session()
    return render_template(
        "admin/draft.html",
        draft=row,
        job=jobs.state(session, row),
        review=drafts.review(session, row),
        publish_form=PublishForm(),
        discard_form=ActionForm(),
    )


@bp.get("/drafts/<int:draft_id>/status")
def draft_status(draft_id: int):
    """The progress of a draft's publish, polled by admin.js."""
    return jsonify(jobs.state(get_session(), _draft(draft_id)))


@bp.post("/drafts/<int:draft_id>/publish")
@auth.role_required("publisher")
def publish(draft_id: int):
    """Start publishing a clean draft in the background; the page then shows progress."""
    row = _draft(draft_id)
    session = get_session()
    back = redirect(url_for(".draft", draft_id=draft_id))
    form = PublishForm()
    if not form.validate_on_submit():
        flash("发布说明过长（不超过 500 字）。", "error")
        return back
    if row.list not in LISTS or (row.report or {}).get("errors"):
        flash("这份草稿有错误，不能发布，只能放弃后修改文件重新上传。", "error")
        return back
    jobs.reopen_interrupted(_app(), draft_id)
    busy = jobs.busy_detail(session)
    if busy is not None:
        audit.record("publish_busy", f"草稿 {draft_id}：另一次发布正在进行（{busy}）")
        flash(f"正在进行另一次发布（{busy}），请等它完成后再发布。", "error")
        return back
    if not jobs.claim(_app(), draft_id):
        flash("这份草稿已在发布中或已处理，无需再次发布。", "error")
        return back
    note = (form.note.data or "").strip()
    audit.record("publish", f"发布草稿 {draft_id}（{row.filename}）：{note}")
    session.rollback()  # end this request's read transaction before the job writes
    jobs.publish_draft(_app(), draft_id, note=note, author=current_user.name)
    return back


@bp.post("/drafts/<int:draft_id>/discard")
@auth.role_required("publisher")
def discard(draft_id: int):
    """Discard an open draft; nothing is published."""
    row = _draft(draft_id)
    if ActionForm().validate_on_submit() and row.status == "open":
        row.status = "discarded"
        get_session().commit()
        audit.record("discard", f"放弃草稿 {draft_id}（{row.filename}）")
        flash(f"已放弃草稿 {draft_id}。", "ok")
        return redirect(url_for(".dashboard"))
    flash("只有未发布的草稿可以放弃。", "error")
    return redirect(url_for(".draft", draft_id=draft_id))


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
    item = store.get_item(item_id[:64], session=get_session())
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
    values = form.values()
    item_id = item["id"] if item else None
    row = drafts.save_edit(get_session(), list_kind, item_id, values, current_user.name)
    what = f"修改 {item['name']}" if item else f"新增 {values['name']}"
    audit.record("edit", f"{LIST_SHORT[list_kind]}：{what}（草稿 {row.id}）")
    return redirect(url_for(".draft", draft_id=row.id))
