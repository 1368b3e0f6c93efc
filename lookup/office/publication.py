"""The official publication details of a version: 文号, issuing body, 发布日期, 施行日期.

`details()` checks what a person typed (web form or command line) and returns what the store
keeps: the 施行日期 becomes `effective_at`, midnight in Pinghu at the start of that day (UTC in
storage); no 施行日期 means the version takes effect as soon as it is published.
"""

from __future__ import annotations

import re
from datetime import date

from lookup.core import clock
from lookup.core.errors import BadRequest

MAX_DOC_NUMBER = 100
MAX_ISSUER = 200
DEFAULT_ISSUER = "平湖市司法局"
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def _day(value: date | str | None, label: str, problems: list[str]) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    match = _DATE.match(str(value).strip())
    try:
        return date(*(int(g) for g in match.groups())) if match else date.fromisoformat("")
    except ValueError:
        problems.append(f"{label}「{value}」不是日期，请写成 2027-01-01 这样的格式")
        return None


def details(
    *,
    doc_number: str | None = "",
    issuer: str | None = "",
    issued_on: date | str | None = None,
    effective_on: date | str | None = None,
) -> dict:
    """The publication details as stored; every problem at once in one `BadRequest`."""
    problems: list[str] = []
    doc_number, issuer = (doc_number or "").strip(), (issuer or "").strip()
    if len(doc_number) > MAX_DOC_NUMBER:
        problems.append(f"文号不能超过 {MAX_DOC_NUMBER} 个字")
    if len(issuer) > MAX_ISSUER:
        problems.append(f"发布机关不能超过 {MAX_ISSUER} 个字")
    issued = _day(issued_on, "发布日期", problems)
    effective = _day(effective_on, "施行日期", problems)
    if issued and effective and effective < issued:
        problems.append("施行日期不能早于发布日期")
    if problems:
        raise BadRequest("invalid_details", "；".join(problems) + "。")
    return {
        "doc_number": doc_number,
        "issuer": issuer,
        "issued_on": issued,
        "effective_at": clock.start_of_day(effective) if effective else None,
    }
