"""Reply templates: the office's usual answers and reasons, kept in the store and editable.

A template's text may name the case's fields in braces — {编号} {证明} {单位} {部门} — which
`fill` replaces when a clerk picks the template for a case; other braces stay as they are.
"""

from __future__ import annotations

from sqlalchemy import select

from lookup.core import clock
from lookup.core.errors import NotFound
from lookup.lists.db import get_session
from lookup.lists.models import ReplyTemplate
from lookup.office import audit
from lookup.office.audit import Actor
from lookup.office.report_rules import MAX_REPLY, ReportInvalid

KINDS = {"answer": "答复", "reject": "不予受理理由"}
PLACEHOLDERS = {
    "编号": "case_number",
    "证明": "certificate",
    "单位": "office",
    "部门": "department",
}
MAX_TITLE = 100


def _dict(row: ReplyTemplate) -> dict:
    return {
        "id": row.id,
        "kind": row.kind,
        "kind_label": KINDS.get(row.kind, row.kind),
        "title": row.title,
        "body": row.body,
        "updated_at": clock.iso_utc(row.updated_at),
    }


def all_templates(kind: str | None = None) -> list[dict]:
    """Templates of one kind (or all), by kind then title."""
    query = select(ReplyTemplate).order_by(ReplyTemplate.kind, ReplyTemplate.title)
    if kind:
        query = query.where(ReplyTemplate.kind == kind)
    return [_dict(row) for row in get_session().scalars(query)]


def get(template_id: int) -> dict:
    row = get_session().get(ReplyTemplate, template_id)
    if row is None:
        raise NotFound("unknown_template", f"找不到编号为 {template_id} 的答复模板")
    return _dict(row)


def fill(body: str, case: dict) -> str:
    """The template's text for one case: {证明} → the case's certificate, and so on."""
    for placeholder, key in PLACEHOLDERS.items():
        value = case.get(key) or ("有关部门" if key == "department" else "")
        body = body.replace("{" + placeholder + "}", value)
    return body


def _clean(kind: str, title: str, body: str) -> tuple[str, str, str]:
    if kind not in KINDS:
        raise ReportInvalid("kind", "模板类别只能是：答复、不予受理理由")
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise ReportInvalid("title", "请填写模板名称")
    if len(title) > MAX_TITLE:
        raise ReportInvalid("title", f"模板名称不能超过 {MAX_TITLE} 字")
    if not body:
        raise ReportInvalid("body", "请填写模板内容")
    if len(body) > MAX_REPLY:
        raise ReportInvalid("body", f"模板内容不能超过 {MAX_REPLY} 字")
    return kind, title, body


def save(template_id: int | None, kind: str, title: str, body: str, *, actor: Actor) -> dict:
    """Add a template (`template_id` None) or change one; audited."""
    kind, title, body = _clean(kind, title, body)
    session = get_session()
    if template_id is None:
        row = ReplyTemplate(kind=kind, title=title, body=body)
        session.add(row)
        action, verb = "template_add", "添加"
    else:
        row = session.get(ReplyTemplate, template_id)
        if row is None:
            raise NotFound("unknown_template", f"找不到编号为 {template_id} 的答复模板")
        row.kind, row.title, row.body = kind, title, body
        action, verb = "template_edit", "修改"
    row.updated_at = clock.utcnow()
    session.commit()
    audit.record(action, f"{verb}{KINDS[kind]}模板“{title}”", actor=actor)
    return _dict(row)


def delete(template_id: int, *, actor: Actor) -> None:
    session = get_session()
    row = session.get(ReplyTemplate, template_id)
    if row is None:
        raise NotFound("unknown_template", f"找不到编号为 {template_id} 的答复模板")
    title, kind = row.title, row.kind
    session.delete(row)
    session.commit()
    audit.record("template_delete", f"删除{KINDS.get(kind, '')}模板“{title}”", actor=actor)
