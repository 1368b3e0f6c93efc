"""The office's forms (Flask-WTF: every form carries a CSRF token); messages in Chinese."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from lookup.core.fields import LIST_SHORT, LISTS
from lookup.office.publication import DEFAULT_ISSUER, MAX_DOC_NUMBER, MAX_ISSUER

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


class PasswordForm(FlaskForm):
    current = PasswordField(
        "当前密码", validators=[DataRequired("请输入当前密码。"), Length(max=200)]
    )
    new = PasswordField(
        "新密码",
        description="至少 12 个字符，不用常见密码、用户名或本站名称；几个不相关的词连起来就好。",
        validators=[
            DataRequired("请输入新密码。"),
            Length(max=200, message="密码不超过 200 个字符。"),
        ],
    )
    repeat = PasswordField(
        "再输入一次新密码",
        validators=[
            DataRequired("请再输入一次新密码。"),
            EqualTo("new", "两次输入的新密码不一致。"),
        ],
    )


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        "临时密码",
        description="该用户下次登录时必须改成自己的密码。",
        validators=[DataRequired("请输入临时密码。"), Length(max=200)],
    )


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token (logout, discard)."""


class UploadForm(FlaskForm):
    list_kind = SelectField("清单", choices=LIST_CHOICES, validators=[InputRequired()])
    file = FileField("清单文件（.xlsx 或 .csv）", validators=[FileRequired("请选择要上传的文件。")])
    sheet = StringField(
        "工作表（可不填）", validators=[Optional(), Length(max=100, message="不超过 100 字。")]
    )


class PublishForm(FlaskForm):
    """The official publication details asked for on the review page; the service checks them
    again (`office.publication.details`), and every problem is shown at once."""

    note = StringField(
        "发布说明", validators=[Optional(), Length(max=500, message="不超过 500 字。")]
    )
    doc_number = StringField(
        "文号", validators=[Optional(), Length(max=MAX_DOC_NUMBER, message="文号过长。")]
    )
    issuer = StringField(
        "发布机关",
        default=DEFAULT_ISSUER,
        validators=[Optional(), Length(max=MAX_ISSUER, message="发布机关过长。")],
    )
    issued_on = DateField(
        "发布日期", validators=[Optional()], invalid_value_message="请填写日期，如 2027-01-01。"
    )
    effective_on = DateField(
        "施行日期", validators=[Optional()], invalid_value_message="请填写日期，如 2027-01-01。"
    )
    confirm_removals = IntegerField("确认删除的项数", validators=[Optional()])

    def details(self) -> dict:
        return {
            "doc_number": self.doc_number.data,
            "issuer": self.issuer.data,
            "issued_on": self.issued_on.data,
            "effective_on": self.effective_on.data,
        }


class ScopeForm(FlaskForm):
    """What an uploaded draft replaces: the whole list, or one department's items."""

    department = StringField("索要单位", validators=[Optional(), Length(max=200)])


class RollbackForm(FlaskForm):
    version = IntegerField("版本", validators=[InputRequired("请选择版本。"), NumberRange(min=1)])
    lists = SelectField(
        "回滚哪份清单",
        choices=[SelectChoice("both", "两份清单"), *LIST_CHOICES],
        default="both",
        validators=[Optional()],
    )
    confirm = BooleanField(
        "我确认要把这个版本的内容发布为新版本", validators=[DataRequired("请勾选确认。")]
    )


class WithdrawForm(FlaskForm):
    version = IntegerField("版本", validators=[InputRequired("请选择版本。"), NumberRange(min=1)])
    reason = StringField(
        "撤回原因",
        validators=[DataRequired("请写明撤回的原因。"), Length(max=500, message="不超过 500 字。")],
    )
    confirm = BooleanField("我确认撤回这个版本", validators=[DataRequired("请勾选确认。")])


class DiscardForm(FlaskForm):
    """Discard one draft (the draft page) or several (the dashboard), after a confirmation."""

    drafts = SelectMultipleField("草稿", coerce=int, choices=[], validate_choice=False)
    confirm = BooleanField("我确认放弃", validators=[DataRequired("请勾选确认后再放弃。")])


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
            Length(min=12, max=200, message="密码 12 至 200 个字符。"),
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

