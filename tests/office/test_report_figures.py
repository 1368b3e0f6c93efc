"""The monthly figure per department: received, forwarded, answered in time, still demanded."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook

from lookup.core import clock
from lookup.lists import store
from lookup.office import report_cases, report_figures, reports, tables
from lookup.office.audit import Actor
from tests.support import lists_in_effect_since

CLERK = Actor("办事员甲", "10.0.0.9")
REPORT = {"office": "某某镇便民服务中心", "happened_on": "2026-10-01", "contact": ""}


def set_now(moment: datetime) -> None:
    clock.set_offset(moment.replace(tzinfo=UTC) - datetime.now(UTC))


@pytest.fixture
def clock_at(app):
    lists_in_effect_since(datetime(2026, 1, 1))  # the tests move the clock back into 2026
    yield set_now
    clock.set_offset(timedelta(0))


def _items_of_two_departments() -> tuple[dict, dict]:
    items = store.items_of(list_kind="abolished")
    first = items[0]
    second = next(
        i
        for i in items
        if i["requiring_department"] not in ("", first["requiring_department"])
        and i["name"] != first["name"]
    )
    return first, second


def test_a_month_per_department(app, clock_at):
    first, second = _items_of_two_departments()
    a = first["requiring_department"]
    clock_at(datetime(2026, 10, 30, 2, 0))  # October: received then, answered in November
    october = reports.create({**REPORT, "item_id": first["id"]})
    clock_at(datetime(2026, 11, 2, 2, 0))  # Monday 2 November: due Monday 9 November
    cases = [reports.create({**REPORT, "item_id": first["id"]}) for _ in range(3)]
    other = reports.create({**REPORT, "item_id": second["id"]})
    loose = reports.create({**REPORT, "certificate": "=火星居住证明"})
    report_cases.forward(cases[0]["id"], a, "", actor=CLERK)
    report_cases.forward(other["id"], a, "", actor=CLERK)  # goes to A, though its item is B's
    report_cases.answer(cases[0]["id"], "已督促整改", actor=CLERK)  # in time
    report_cases.reject(loose["id"], "信息不足", actor=CLERK)
    clock_at(datetime(2026, 11, 20, 2, 0))
    report_cases.answer(cases[1]["id"], "已督促整改", actor=CLERK)  # late
    report_cases.answer(october["id"], "已督促整改", actor=CLERK)  # late (due 6 November)
    clock_at(datetime(2026, 12, 1, 2, 0))
    report_cases.answer(cases[2]["id"], "已督促整改", actor=CLERK)  # December: not counted

    figure = report_figures.monthly(2026, 11)
    rows = {d["department"]: d for d in figure["departments"]}
    assert set(rows) == {a, report_figures.UNKNOWN}
    assert {k: rows[a][k] for k in report_figures.COUNTS} == {
        "received": 4,  # three of A's items and B's item forwarded to A
        "forwarded": 2,
        "answered": 3,  # cases 0 and 1, and the October case
        "answered_in_time": 1,
        "rejected": 0,
    }
    assert rows[a]["rate"] == "33%"
    assert rows[a]["certificates"] == [(first["name"], 3), (second["name"], 1)]
    assert rows[report_figures.UNKNOWN]["rejected"] == 1
    assert figure["totals"]["received"] == 5
    assert figure["certificates"][0] == (first["name"], 3)
    assert (figure["month"], figure["label"]) == ("2026-11", "2026 年 11 月")
    october_figure = report_figures.monthly(2026, 10)
    assert october_figure["totals"]["received"] == 1
    assert october_figure["totals"]["answered"] == 0
    assert report_figures.monthly(2026, 12)["totals"]["answered"] == 1
    assert report_figures.monthly(2025, 1)["departments"] == []


def test_month_bounds_are_beijing_months():
    start, end = report_figures.month_bounds(2026, 12)
    assert (start, end) == (datetime(2026, 11, 30, 16, 0), datetime(2026, 12, 31, 16, 0))


def test_the_export_is_formula_safe(app):
    created = reports.create({**REPORT, "certificate": '=HYPERLINK("http://x","证明")'})
    report_cases.reject(created["id"], "信息不足", actor=CLERK)
    today = clock.today()
    figure = report_figures.monthly(today.year, today.month)
    rows = report_figures.export_rows(figure)
    assert rows[-1][0] == "合计"
    assert rows[0][1] == 1
    assert rows[0][6] == 1
    body, _ = tables.export("csv", "统计", report_figures.HEADER, rows)
    read = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert read[0] == list(report_figures.HEADER)
    assert read[1][7].startswith("'=HYPERLINK")
    body, _ = tables.export("xlsx", "统计", report_figures.HEADER, rows, "统计月份")
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet.cell(4, 2).value == 1  # numbers stay numbers
    cell = sheet.cell(4, 8)
    assert cell.data_type == "s"
    assert cell.value.startswith("'=HYPERLINK")
