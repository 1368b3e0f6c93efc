"""What a resident sees of their case at /report/status, given its number and check code.

Nothing personal is shown: no description, contact or office named by the resident; only the
state, the dates, the department the case went to and the office's reply. An unknown number
and a wrong code get the same answer (`CaseNotFound`), and failures are counted per client
address and per case number (`REPORT_STATUS_LIMITS`, shared by every node through the
database): past the limit every lookup is refused with `TooManyLookups`, right code or not, so
that guessing codes gets nowhere.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from flask import current_app
from sqlalchemy import select

from lookup.core import clock
from lookup.core.errors import BadRequest, LookupServiceError, NotFound
from lookup.lists import store
from lookup.lists.db import engine_for, get_session
from lookup.lists.models import RateCounter, Report
from lookup.office import ratelimit
from lookup.office.report_cases import history
from lookup.office.report_rules import CLOSED, STATE_LABELS, setting
from lookup.office.reports import code_matches, is_overdue

_NUMBER = re.compile(r"(\d{8})-?(\d{4,6})")
_CODE = re.compile(r"\d{6}")
NOT_FOUND = "编号或查询码不正确。请核对后重试；如遗失查询码，请拨打 12345 并告知反映编号。"


class CaseNotFound(NotFound):
    """No case with this number and code (which of the two is wrong is not said)."""

    def __init__(self) -> None:
        super().__init__("case_not_found", NOT_FOUND)


class TooManyLookups(LookupServiceError):
    code = "too_many_lookups"
    status = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__("查询错误次数过多，请稍后再试；如有疑问请拨打 12345 政务服务便民热线")
        self.retry_after = retry_after


def normalise(number: str, code: str) -> tuple[str, str]:
    """`20261129-4831` and `123456` from what a person typed (spaces, full width, no dash)."""
    if not isinstance(number, str) or not isinstance(code, str):
        raise BadRequest("invalid_lookup", "请填写反映编号和查询码")
    number = re.sub(r"[\s\-—－]", "", unicodedata.normalize("NFKC", number))[:40]
    code = re.sub(r"\s", "", unicodedata.normalize("NFKC", code))[:40]
    if not number or not code:
        raise BadRequest("invalid_lookup", "请填写反映编号和查询码")
    match = _NUMBER.fullmatch(number)
    number = f"{match.group(1)}-{match.group(2)}" if match else number
    return number, code


def _keys(number: str, address: str) -> list[tuple[str, int, int]]:
    limits = setting("REPORT_STATUS_LIMITS")
    secret = current_app.config["SECRET_KEY"].encode()
    tag = hashlib.sha256(secret + address.encode()).hexdigest()[:24]
    case = hashlib.sha256(secret + number.encode()).hexdigest()[:24]
    (per_address, address_window), (per_case, case_window) = limits["address"], limits["case"]
    return [
        (f"status:addr:{tag}", int(per_address), int(address_window)),
        (f"status:case:{case}", int(per_case), int(case_window)),
    ]


def _spent(key: str, window: int) -> int:
    """Failures counted in the current window so far (without counting one more)."""
    # A connection of its own: the request's session may hold an older snapshot.
    with engine_for(current_app.config["DATABASE_URL"]).connect() as conn:
        row = conn.execute(
            select(RateCounter.window_start, RateCounter.count).where(RateCounter.key == key)
        ).first()
    if row is None or row.window_start < ratelimit.window_start(window):
        return 0
    return int(row.count)


def public_view(row: Report) -> dict:
    """The case as the resident sees it."""
    item = store.get_item(row.item_id) or store.last_seen(row.item_id) if row.item_id else None
    steps = [{"at": clock.iso_utc(row.created_at), "label": "收到反映", "department": ""}]
    for event in history(row.id):
        forwarded = event["action"] == "forwarded"
        steps.append(
            {
                "at": event["at"],
                "label": "转办至" if forwarded else event["label"],
                "department": event["department"] if forwarded else "",
            }
        )
    return {
        "case_number": row.case_number,
        "certificate": item["name"] if item else "",
        "status": row.status,
        "status_label": STATE_LABELS.get(row.status, row.status),
        "received_at": clock.iso_utc(row.created_at),
        "due_on": row.due_on.isoformat() if row.due_on else "",
        "overdue": is_overdue(row),
        "department": row.department,
        "reply": row.reply if row.status in CLOSED else "",
        "closed_at": clock.iso_utc(row.closed_at),
        "steps": steps,
    }


def look_up(number: str, code: str, address: str) -> dict:
    """The case with this number and code, as the resident sees it; or a refusal."""
    number, code = normalise(number, code)
    keys = _keys(number, address or "unknown")
    for key, limit, window in keys:
        if _spent(key, window) >= limit:
            raise TooManyLookups(retry_after=window)
    row = get_session().scalar(select(Report).where(Report.case_number == number))
    if not _CODE.fullmatch(code) or not code_matches(row, code):
        for key, _limit, window in keys:
            ratelimit.hit(key, window)
        raise CaseNotFound()
    return public_view(row)
