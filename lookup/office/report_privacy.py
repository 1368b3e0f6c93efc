"""What a report keeps about a person, and for how long.

Personal numbers typed into free text (ID card numbers, phone numbers, e-mail addresses) are
replaced before the text is stored, so that no page, export or backup can show them. The
contact a resident leaves is kept while the case is open and `REPORT_CONTACT_RETENTION_DAYS`
after it is closed, then erased by `erase_expired_contacts` (run by the office's pages and by
`lookup reports erase-contacts`, e.g. from cron).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import update

from lookup.core.clock import utcnow
from lookup.lists.db import get_session
from lookup.lists.models import Report

ID_MASK = "【身份证号已隐去】"
PHONE_MASK = "【电话号码已隐去】"
NUMBER_MASK = "【号码已隐去】"
EMAIL_MASK = "【邮箱已隐去】"
CLOSED = ("answered", "rejected")

_SEP = r"[ \-‐－—]?"  # one space or dash between digit groups, as people type numbers
_D = r"[0-9０-９]"
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
# Any run of 10 or more digits (ID card: 15 or 18, ending in X; mobile: 11; landline with area
# code: 10 to 12; bank card: 16 to 19) — nothing shorter than a phone number is taken.
_LONG = re.compile(
    rf"(?<![0-9０-９])[+＋]?{_D}(?:{_SEP}{_D}){{9,}}(?:{_SEP}[xXｘＸ])?(?![0-9０-９])"
)
# Shorter local landlines only where the text says it is a number.
_NAMED = re.compile(
    rf"((?:电话|手机|座机|号码|联系方式|tel|TEL|Tel)[:：\s]*)({_D}(?:{_SEP}{_D}){{6,}})"
)
_CONTACT_DIGITS = re.compile(r"\d")
CASE_NUMBER = re.compile(r"\d{8}-\d{4,6}")  # reports.new_case_number: not a personal number


def _classify(number: str) -> str:
    if CASE_NUMBER.fullmatch(number):
        return number
    digits = re.sub(r"[^0-9０-９xXｘＸ]", "", number)
    if digits[-1] in "xXｘＸ" or len(digits) in (15, 18):
        return ID_MASK
    if len(digits) == 11 and digits[0] in "1１" or digits[0] in "0０" and len(digits) <= 12:
        return PHONE_MASK
    if len(digits) == 13 and digits[:2] == "86":
        return PHONE_MASK
    return NUMBER_MASK


def mask_numbers(text: str) -> str:
    """`text` with ID card, phone and other long numbers and e-mail addresses replaced."""
    if not text:
        return text
    text = _EMAIL.sub(EMAIL_MASK, text)
    text = _LONG.sub(lambda m: _classify(m.group(0)), text)
    return _NAMED.sub(lambda m: m.group(1) + PHONE_MASK, text)


def masked_contact(contact: str) -> str:
    """A contact as lists show it: `138****5678`, `l***@example.cn` (the case page shows it all)."""
    if not contact:
        return ""
    if "@" in contact:
        name, _, domain = contact.partition("@")
        return f"{name[:1]}***@{domain}"
    positions = [i for i, c in enumerate(contact) if _CONTACT_DIGITS.match(c)]
    hidden = set(positions[3:-4]) if len(positions) > 7 else set(positions[:-2])
    return "".join("*" if i in hidden else c for i, c in enumerate(contact))


def erase_expired_contacts(retention_days: int, now: datetime | None = None) -> int:
    """Erase the contact of every case closed more than `retention_days` ago; how many."""
    now = now or utcnow()
    limit = now - timedelta(days=max(0, int(retention_days)))
    session = get_session()
    result = session.execute(
        update(Report)
        .where(Report.status.in_(CLOSED), Report.closed_at <= limit, Report.contact != "")
        .values(contact="", contact_erased_at=now)
    )
    session.commit()
    return int(result.rowcount or 0)
