"""Time, in one place: UTC for storage and the API, Beijing time for what people read.

Stored times are naive UTC (`utcnow()`); the API writes them as ISO 8601 with an offset
(`iso_utc`); pages, exports and messages show Asia/Shanghai (`beijing`, `today`). Every service
asks `utcnow()`, never the OS clock, so time can be moved without sleeping:

- `set_offset(delta)` moves this process's clock (tests in one process);
- `use_file(path)` (the `CLOCK_FILE` setting, `LOOKUP_CLOCK_FILE`) makes every process that
  reads the same file add the number of seconds written in it: a rehearsal of a future
  施行日期 on a staging server, or a test of several gunicorn workers. The file is read again
  whenever it changes; a missing or empty file means no shift. Never set it in production.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

BEIJING = timezone(timedelta(hours=8), "CST")  # Asia/Shanghai has no daylight saving time
_offset = timedelta(0)
_file: Path | None = None
_file_seen: tuple[int, int] | None = None  # (mtime_ns, size) of the file as last read
_file_offset = timedelta(0)


def set_offset(offset: timedelta) -> None:
    """Shift this process's clock (tests: "three days later"); timedelta(0) restores it."""
    global _offset
    _offset = offset


def use_file(path: str | os.PathLike | None) -> None:
    """Add the seconds written in `path` to the clock (None: stop reading a file)."""
    global _file, _file_seen, _file_offset
    _file = Path(path) if path else None
    _file_seen, _file_offset = None, timedelta(0)


def write_file_offset(path: str | os.PathLike, offset: timedelta) -> None:
    """Shift the clock of every process reading `path` (written whole, then renamed in)."""
    target = Path(path)
    scratch = target.with_name(f".{target.name}.{os.getpid()}")
    scratch.write_text(f"{offset.total_seconds():.3f}\n")
    os.replace(scratch, target)


def _shift_from_file() -> timedelta:
    global _file_seen, _file_offset
    try:
        stat = os.stat(_file)
    except OSError:
        _file_seen, _file_offset = None, timedelta(0)
        return _file_offset
    seen = (stat.st_mtime_ns, stat.st_size)
    if seen != _file_seen:
        try:
            text = _file.read_text().strip()
            _file_offset = timedelta(seconds=float(text)) if text else timedelta(0)
        except (OSError, ValueError):
            _file_offset = timedelta(0)  # a half-written or wrong file: real time
        _file_seen = seen
    return _file_offset


def _now() -> datetime:
    now = datetime.now(UTC) + _offset
    return now + _shift_from_file() if _file is not None else now


def utcnow() -> datetime:
    """Now, as the naive UTC datetime the store keeps."""
    return _now().replace(tzinfo=None)


def today() -> date:
    """Today's date in Pinghu (what "today", "the future" and due dates mean)."""
    return _now().astimezone(BEIJING).date()


def start_of_day(day: date) -> datetime:
    """Midnight in Pinghu at the start of `day`, as stored (naive UTC): when a 施行日期 begins."""
    return (
        datetime(day.year, day.month, day.day, tzinfo=BEIJING).astimezone(UTC).replace(tzinfo=None)
    )


def beijing_date(moment: datetime | None) -> date | None:
    """The date in Pinghu of a stored time."""
    return as_utc(moment).astimezone(BEIJING).date() if moment else None


def as_utc(moment: datetime) -> datetime:
    """An aware UTC datetime (a naive one is taken as UTC, as stored)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def iso_utc(moment: datetime | None) -> str | None:
    """`2026-11-29T12:00:00+00:00`: what the API and exported metadata carry."""
    return as_utc(moment).isoformat(timespec="seconds") if moment else None


def iso_beijing(moment: datetime | None) -> str | None:
    """`2026-11-29T20:00:00+08:00`: an exported time a person reads, with its offset."""
    return as_utc(moment).astimezone(BEIJING).isoformat(timespec="seconds") if moment else None


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


def chinese_date(day: date | str | None) -> str:
    """`2027 年 1 月 1 日`: a date in the words of an announcement."""
    if not day:
        return ""
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day[:10])
        except ValueError:
            return day
    return f"{day.year} 年 {day.month} 月 {day.day} 日"
