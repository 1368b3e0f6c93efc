"""Forms of residents' cases: the status lookup, the office's steps, reply templates.

They only carry text and the CSRF token; the `lookup.office` services validate and have the
last word, so the API, the pages and the command line agree.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField, TextAreaField

from lookup.office.reply_templates import KINDS
from lookup.office.report_rules import LIMITS, MAX_REPLY


class StatusForm(FlaskForm):
    """A resident's case number and check code."""

    number = StringField(
        "反映编号", render_kw={"maxlength": 40, "autocomplete": "off", "inputmode": "numeric"}
    )
    code = StringField(
        "查询码（6 位数字）",
        render_kw={"maxlength": 40, "autocomplete": "off", "inputmode": "numeric"},
    )


class ForwardForm(FlaskForm):
    department = SelectField("转办部门", choices=[], validate_choice=False)
    note = TextAreaField("转办说明（选填）", render_kw={"maxlength": LIMITS["note"], "rows": 3})


class AnswerForm(FlaskForm):
    reply = TextAreaField("答复内容", render_kw={"maxlength": MAX_REPLY, "rows": 6})


class RejectForm(FlaskForm):
    reason = TextAreaField("不予受理的理由", render_kw={"maxlength": MAX_REPLY, "rows": 4})


class TemplateForm(FlaskForm):
    kind = SelectField(
        "类别", choices=[SelectChoice(k, v) for k, v in KINDS.items()], validate_choice=False
    )
    title = StringField("模板名称", render_kw={"maxlength": 100})
    body = TextAreaField("模板内容", render_kw={"maxlength": MAX_REPLY, "rows": 6})
