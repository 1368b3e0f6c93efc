"""The office's forms (Flask-WTF: every form carries a CSRF token); messages in Chinese."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from lookup.core.fields import LIST_SHORT, LISTS

LIST_CHOICES = [SelectChoice(kind, LIST_SHORT[kind]) for kind in LISTS]
# Field limits of a single item; the importer's cell limit is 2000 characters.
ITEM_LIMITS = {
    "seq": 32,
    "name": 200,
    "matter": 500,
    "requiring_department": 200,
    "issuing_authority": 200,
    "basis": 2000,
    "replacement": 1000,
    "note": 1000,
}


def _length(field: str):
    limit = ITEM_LIMITS[field]
    return Length(max=limit, message=f"不能超过 {limit} 个字。")


class LoginForm(FlaskForm):
    name = StringField("用户名", validators=[DataRequired("请输入用户名。"), Length(max=100)])
    password = PasswordField("密码", validators=[DataRequired("请输入密码。"), Length(max=200)])


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token (logout, discard)."""


class UploadForm(FlaskForm):
    list_kind = SelectField("清单", choices=LIST_CHOICES, validators=[InputRequired()])
    file = FileField("清单文件（.xlsx 或 .csv）", validators=[FileRequired("请选择要上传的文件。")])


class PublishForm(FlaskForm):
    note = StringField(
        "发布说明", validators=[Optional(), Length(max=500, message="不超过 500 字。")]
    )


class RollbackForm(FlaskForm):
    version = IntegerField("版本", validators=[InputRequired("请选择版本。"), NumberRange(min=1)])
    confirm = BooleanField(
        "我确认要把这个版本的内容发布为新版本", validators=[DataRequired("请勾选确认。")]
    )


class UserForm(FlaskForm):
    name = StringField("用户名", validators=[DataRequired("请输入用户名。"), Length(max=100)])
    role = SelectField(
        "角色",
        choices=[SelectChoice("editor", "编辑（准备草稿）"), SelectChoice("publisher", "发布人")],
    )
    password = PasswordField(
        "初始密码",
        validators=[
            DataRequired("请输入密码。"),
            Length(min=10, max=200, message="密码 10 至 200 个字符。"),
        ],
    )


class ItemForm(FlaskForm):
    seq = StringField("序号", validators=[Optional(), _length("seq")])
    name = StringField("证明名称", validators=[DataRequired("证明名称不能为空。"), _length("name")])
    matter = TextAreaField("办理事项", validators=[Optional(), _length("matter")])
    requiring_department = StringField(
        "索要单位", validators=[Optional(), _length("requiring_department")]
    )
    issuing_authority = StringField(
        "开具单位", validators=[Optional(), _length("issuing_authority")]
    )
    basis = TextAreaField("设定依据", validators=[Optional(), _length("basis")])
    replacement = TextAreaField("取消后办理方式", validators=[Optional(), _length("replacement")])
    note = TextAreaField("备注", validators=[Optional(), _length("note")])

    def values(self) -> dict:
        """The item's fields, trimmed."""
        return {name: (getattr(self, name).data or "").strip() for name in ITEM_LIMITS}

