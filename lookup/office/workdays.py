"""Working days in Pinghu: the due date of a resident's report.

China's public holidays and the weekend days worked in exchange (调休) come from the
`chinese_calendar` package, which holds each year once the State Council has announced it.
For a year it does not know yet, Monday to Friday are working days. The office can add its own
days either way (`REPORT_HOLIDAYS`, `REPORT_WORKDAYS`: lists of ISO dates), which also wins
over the package.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar

MAX_DAYS = 60  # a due date further away than this many working days is a settings mistake


def _dates(values: Iterable[object]) -> frozenset[date]:
    days = set()
    for value in values or ():
        days.add(value if isinstance(value, date) else date.fromisoformat(str(value).strip()))
    return frozenset(days)


@dataclass(frozen=True)
class Calendar:
    """Which days count as working days; `holidays` and `workdays` override the package."""

    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def from_settings(cls, holidays: Iterable[object], workdays: Iterable[object]) -> Calendar:
        return cls(_dates(holidays), _dates(workdays))

    def is_workday(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:  # a year the package does not know yet
            return day.weekday() < 5

    def add(self, start: date, working_days: int) -> date:
        """The `working_days`-th working day after `start` (start itself does not count)."""
        if not 0 < working_days <= MAX_DAYS:
            raise ValueError(f"working days must be 1 to {MAX_DAYS}, not {working_days}")
        day, left = start, working_days
        while left:
            day += timedelta(days=1)
            if self.is_workday(day):
                left -= 1
        return day
