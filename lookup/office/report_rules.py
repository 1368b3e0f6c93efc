"""The rules of a resident's report: its fields, its states and the office's settings.

Validation is shared by the API, the form and the office pages; free text is stored with
personal numbers masked (`report_privacy.mask_numbers`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from flask import current_app, has_app_context

from lookup.core.errors import BadRequest
from lookup.office.report_privacy import mask_numbers

# States of a case: received → forwarded to the department concerned → answered / not accepted.
STATES = ("new", "forwarded", "answered", "rejected")
STATE_LABELS = {
    "new": "新收到",
    "forwarded": "已转办",
    "answered": "已答复",
    "rejected": "不予受理",
}
OPEN = ("new", "forwarded")
CLOSED = ("answered", "rejected")
MAX_REPLY = 2000

# Settings (app config, `LOOKUP_` environment variables) and their defaults.
SETTINGS = {
    "REPORT_DUE_WORKING_DAYS": 5,  # working days from receipt to the due date
    "REPORT_CONTACT_RETENTION_DAYS": 30,  # days a closed case keeps the resident's contact
    "REPORT_HOLIDAYS": [],  # extra days off (ISO dates) beyond the national calendar
    "REPORT_WORKDAYS": [],  # extra working days (ISO dates)
    # Wrong number or code at /report/status: (failures, seconds) per address and per case.
    "REPORT_STATUS_LIMITS": {"address": [10, 3600], "case": [20, 86400]},
}


def setting(name: str):
    """A report setting from the app's config, or its default."""
    if has_app_context():
        return current_app.config.get(name, SETTINGS[name])
    return SETTINGS[name]


LABELS = {
    "item_id": "证明事项",
    "certificate": "证明名称",
    "office": "要求提供证明的单位",
    "happened_on": "日期",
    "description": "情况说明",
    "contact": "联系方式",
    "status": "处理状态",
    "reply": "答复内容",
    "reason": "不予受理的理由",
    "department": "转办部门",
    "note": "转办说明",
}
LIMITS = {
    "item_id": 64,
    "certificate": 200,
    "office": 200,
    "description": 2000,
    "contact": 100,
    "reply": MAX_REPLY,
    "reason": MAX_REPLY,
    "note": 500,
}
EARLIEST = date(2000, 1, 1)
DATE_FORMAT = "“日期”格式应为 年-月-日，例如 2024-05-01"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_PHONE_SEPARATORS = re.compile(r"[\s\-()（）]")
_PHONES = (
    re.compile(r"(?:\+?86)?1[3-9]\d{9}"),  # mobile
    re.compile(r"0\d{2,3}\d{7,8}"),  # landline with area code, e.g. 0573-85123456
    re.compile(r"\d{7,8}"),  # local landline
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")


class ReportInvalid(BadRequest):
    """A field of a report is missing or wrong; the message names it. `problems` holds every
    wrong field of the report ({field: message}), so that a form can flag them all at once."""

    status = 422

    def __init__(self, field: str, message: str, problems: dict | None = None) -> None:
        super().__init__(f"invalid_{field}", message)
        self.field = field
        self.problems = problems or {field: message}


def _text(data: dict, field: str, *, required: bool = False) -> str:
    value = data.get(field)
    label = LABELS[field]
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ReportInvalid(field, f"“{label}”应为文字")
    value = _CONTROL.sub("", value).strip()
    if required and not value:
        raise ReportInvalid(field, f"请填写“{label}”")
    if len(value) > LIMITS[field]:
        raise ReportInvalid(field, f"“{label}”过长，请控制在 {LIMITS[field]} 字以内")
    return value


def _date(data: dict, today: date) -> str:
    value = data.get("happened_on")
    label = LABELS["happened_on"]
    if isinstance(value, date):
        day = value
    elif isinstance(value, str) and value.strip():
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise ReportInvalid(
                "happened_on", f"“{label}”格式应为 年-月-日，例如 2024-05-01"
            ) from None
    elif value in (None, ""):
        raise ReportInvalid("happened_on", f"请填写“{label}”（被要求提供证明的那一天）")
    else:
        raise ReportInvalid("happened_on", DATE_FORMAT)
    if day > today:
        raise ReportInvalid("happened_on", f"“{label}”不能晚于今天")
    if day < EARLIEST:
        raise ReportInvalid("happened_on", f"“{label}”不能早于 2000 年")
    return day.isoformat()


def _contact(data: dict) -> str:
    value = _text(data, "contact")
    if not value:
        return ""
    if "@" in value:
        if _EMAIL.fullmatch(value):
            return value
        raise ReportInvalid("contact", "“联系方式”中的电子邮箱格式不正确")
    digits = _PHONE_SEPARATORS.sub("", value)
    if any(p.fullmatch(digits) for p in _PHONES):
        return value
    raise ReportInvalid("contact", "“联系方式”应为手机号、固定电话或电子邮箱")


def validate(data: object, *, today: date, find_item: Callable[[str], dict | None]) -> dict:
    """The clean columns of a Report row, or `ReportInvalid` naming the first wrong field
    (in the order of the form) and carrying every wrong one."""
    if not isinstance(data, dict):
        raise BadRequest("invalid_body", "请求内容应为 JSON 对象")
    if "item_id" not in data and "item" in data:
        data = {**data, "item_id": data["item"]}
    clean: dict[str, str] = {}
    problems: dict[str, str] = {}

    def take(field: str, check: Callable[[], str]) -> None:
        try:
            clean[field] = check()
        except ReportInvalid as exc:
            problems[exc.field] = exc.message

    take("item_id", lambda: _text(data, "item_id"))
    item_id = clean.get("item_id", "")
    item = find_item(item_id) if item_id else None
    if item_id and item is None:
        problems["item_id"] = "找不到这条证明事项，请直接填写证明名称"
    take(
        "certificate", lambda: _masked("certificate", _text(data, "certificate", required=not item))
    )
    take("office", lambda: _masked("office", _text(data, "office", required=True)))
    take("happened_on", lambda: _date(data, today))
    take("description", lambda: _masked("description", _text(data, "description")))
    take("contact", lambda: _contact(data))
    if problems:
        field, message = next(iter(problems.items()))
        raise ReportInvalid(field, message, problems)
    clean["certificate"] = clean["certificate"] or item["name"]
    return clean


def _masked(field: str, value: str) -> str:
    # A mask can be longer than what it hides (a short e-mail address): stay within the column.
    return mask_numbers(value)[: LIMITS[field]]


def office_text(field: str, value: object, *, required: bool) -> str:
    """The office's reply, reason or note: trimmed, within its limit, numbers masked."""
    return _masked(field, _text({field: value}, field, required=required))
