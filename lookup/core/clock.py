"""Time, in one place: UTC for storage and the API, Beijing time for what people read.

Stored times are naive UTC (`utcnow()`); the API writes them as ISO 8601 with an offset
(`iso_utc`); pages, exports and messages show Asia/Shanghai (`beijing`, `today`). Tests move
time with `set_offset` instead of sleeping; every service asks `utcnow()`, never the OS clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8), "CST")  # Asia/Shanghai has no daylight saving time
_offset = timedelta(0)


def set_offset(offset: timedelta) -> None:
    """Shift this process's clock (tests: "three days later"); timedelta(0) restores it."""
    global _offset
    _offset = offset


def utcnow() -> datetime:
    """Now, as the naive UTC datetime the store keeps."""
    return (datetime.now(UTC) + _offset).replace(tzinfo=None)


def today() -> date:
    """Today's date in Pinghu (what "today", "the future" and due dates mean)."""
    return (datetime.now(UTC) + _offset).astimezone(BEIJING).date()


def as_utc(moment: datetime) -> datetime:
    """An aware UTC datetime (a naive one is taken as UTC, as stored)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def iso_utc(moment: datetime | None) -> str | None:
    """`2026-11-29T12:00:00+00:00`: what the API and exported metadata carry."""
    return as_utc(moment).isoformat(timespec="seconds") if moment else None


def beijing(moment: datetime | str | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored time (or ISO text) as people in Pinghu read it: `2026-11-29 20:00`."""
    if moment is None or moment == "":
        return ""
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
        except ValueError:
            return moment
    return as_utc(moment).astimezone(BEIJING).strftime(fmt)
