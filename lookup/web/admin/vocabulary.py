"""Office pages of the search vocabulary: its versions with rollback, and a change proposed
from a failed query, previewed, then published."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    StringField,
)
from wtforms.validators import DataRequired, InputRequired, NumberRange

from lookup.core.errors import LookupServiceError
from lookup.lists import vocab_store
from lookup.lists.db import get_session
from lookup.office import vocab_preview, vocab_publishing, vocabularies
from lookup.office.vocab_changes import KINDS, VocabularyRefused, parse
from lookup.search.vocab_rules import FILE_LABELS
from lookup.web import auth
from lookup.web.admin.blueprint import actor, bp, refused

MAX_QUERY = 100


class ProposalForm(FlaskForm):
    """A vocabulary change; the office service checks it (every problem at once)."""

    kind = RadioField(
        "要添加的内容",
        choices=[SelectChoice(kind, spec[0]) for kind, spec in KINDS.items()],
        default="synonym",
        validate_choice=False,
    )
    words = StringField("说法")
    targets = StringField("规范词")
    query = HiddenField()
    base = HiddenField()


class VocabRollbackForm(FlaskForm):
    version = IntegerField("版本", validators=[InputRequired("请选择版本。"), NumberRange(min=0)])
    confirm = BooleanField("确认", validators=[DataRequired("请勾选确认。")])


@bp.get("/vocabulary")
def vocabulary():
    """The published vocabulary versions, the one in effect first, with rollback."""
    session = get_session()
    return render_template(
        "admin/vocabulary.html",
        versions=vocab_store.versions(session),
        current=vocab_store.current_number(session),
        shipped_label=vocabularies.SHIPPED_LABEL,
        file_labels=FILE_LABELS,
        form=VocabRollbackForm(),
    )


@bp.post("/vocabulary/rollback")
@auth.role_required("publisher")
def vocabulary_rollback():
    """Publish an earlier vocabulary version's texts (0: the shipped files) as a new version."""
    form = VocabRollbackForm()
    if not form.validate_on_submit():
        flash("请勾选确认后再回滚。", "error")
        return redirect(url_for(".vocabulary"))
    get_session().rollback()  # end this request's read transaction before the publish writes
    try:
        number = vocab_publishing.roll_back(
            current_app._get_current_object(), form.version.data, actor=actor()
        )
    except LookupServiceError as exc:
        return refused(exc, ".vocabulary")
    flash(f"已发布检索词表第 {number} 版（回滚），各服务节点将在几秒内使用新词表。", "ok")
    return redirect(url_for(".vocabulary"))


def _page(form: ProposalForm, *, problems=None, preview=None, status: int = 200):
    by_field: dict[str, list[str]] = {}
    for problem in problems or []:
        by_field.setdefault(problem.field, []).append(problem.message)
    page = render_template(
        "admin/vocab_propose.html",
        form=form,
        kinds=KINDS,
        problems=by_field,
        preview=preview,
        file_labels=FILE_LABELS,
    )
    return page, status


@bp.get("/vocabulary/propose")
def vocabulary_propose():
    """The form for a vocabulary change, started from a failed query (`?q=`)."""
    query = " ".join((request.args.get("q") or "").split())[:MAX_QUERY]
    form = ProposalForm(data={"query": query, "words": query.replace(" ", "")})
    return _page(form)


@bp.post("/vocabulary/preview")
def vocabulary_preview():
    """Check a proposed change and show what it would change, before anything is published."""
    form = ProposalForm()
    if not form.validate_on_submit():  # only the CSRF token can fail here
        return _page(form, status=400)
    app = current_app._get_current_object()
    try:
        proposal = parse(request.form)
        base = vocabularies.current_number(app)
        preview = vocab_preview.preview(app, proposal, base)
    except VocabularyRefused as exc:
        return _page(form, problems=exc.problems, status=exc.status)
    form.base.data = str(base)
    return _page(form, preview=preview)


@bp.post("/vocabulary/publish")
@auth.role_required("publisher")
def vocabulary_publish():
    """Publish a previewed change; refused when the vocabulary changed since the preview."""
    form = ProposalForm()
    if not form.validate_on_submit():
        return _page(form, status=400)
    base = (form.base.data or "").strip()
    if not base.isdigit():
        flash("请先预览这项修改，再发布。", "error")
        return _page(form, status=400)
    get_session().rollback()
    try:
        number = vocab_publishing.publish_proposal(
            current_app._get_current_object(), parse(request.form), base=int(base), actor=actor()
        )
    except VocabularyRefused as exc:
        return _page(form, problems=exc.problems, status=exc.status)
    except LookupServiceError as exc:
        flash(exc.message, "error")
        return _page(form, status=exc.status)
    flash(f"已发布检索词表第 {number} 版，各服务节点将在几秒内使用新词表。", "ok")
    return redirect(url_for(".vocabulary"))
