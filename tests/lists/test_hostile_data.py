"""Hostile list content (markup, formula starters) is published like any other text: every page
and the API highlight escape it, exports neutralise formulas, and re-importing an export gives
back exactly the original text."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest

from lookup.core.fields import ITEM_FIELDS
from lookup.lists import store
from lookup.lists.importer import read_table
from lookup.office import publishing

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE = {
    "seq": "1",
    "name": f"亲属关系证明{SCRIPT}",
    "matter": f"办理居住证{IMG}",
    "requiring_department": '=HYPERLINK("http://x")',
    "issuing_authority": "+cmd|' /C calc'!A0",
    "basis": "@SUM(1)",
    "replacement": "-1+1 告知承诺",
    "note": "<b onmouseover=alert(1)>备注</b>",
}
FORMULA_NAME = {
    "seq": "2",
    "name": '=HYPERLINK("http://x","居住证明")',
    "matter": "@SUM(1)",
    "requiring_department": f"派出所{SCRIPT}",
    "issuing_authority": IMG,
    "basis": "-1+1",
    "replacement": "=1+1",
    "note": "=cmd|' /C calc'!A0",
}
RAW_MARKUP = ("<script>alert", "<img src=x", "<b onmouseover", "onerror=alert(1)>")
FORMULA_START = re.compile(r"^[=+\-@\t\r]")


@pytest.fixture
def hostile_app(app):
    rows = [dict(HOSTILE), dict(FORMULA_NAME)]
    rows += [
        {k: i.get(k) or "" for k in ("seq", *ITEM_FIELDS)}
        for i in store.items_of(list_kind="abolished")
    ]
    publishing.publish_lists(app, {"abolished": rows}, note=SCRIPT, author=IMG, source="test")
    return app


def _items():
    found = [i for i in store.items_of(list_kind="abolished") if i["seq"] in ("1", "2")]
    return {i["name"]: i for i in found}


def _assert_escaped(html: str) -> None:
    for raw in RAW_MARKUP:
        assert raw not in html, raw


def test_pages_escape_list_data(hostile_app):
    client = hostile_app.test_client()
    items = _items()
    hostile = items[HOSTILE["name"]]
    urls = [
        "/search?q=亲属关系证明",
        "/search?q=居住证明",
        f"/search?q={SCRIPT}",
        f"/items/{hostile['id']}",
        f"/items/{items[FORMULA_NAME['name']]['id']}",
        "/lists/abolished",
        f"/lists/abolished?department=派出所{SCRIPT}",
        "/changes",
        "/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        _assert_escaped(html)
    page = client.get(f"/items/{hostile['id']}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_api_highlight_is_escaped(hostile_app):
    client = hostile_app.test_client()
    for q in ("亲属关系证明", "亲属关系证明<script>", "script alert"):
        body = client.get("/api/v1/search", query_string={"q": q}).get_json()
        for result in body["results"]:
            _assert_escaped(result["highlight"])
            stripped = result["highlight"].replace("<mark>", "").replace("</mark>", "")
            assert "<" not in stripped
    body = client.get(
        "/api/v1/search", query_string={"q": "亲属关系证明", "per_page": 50}
    ).get_json()
    found = [r for r in body["results"] if r["name"] == HOSTILE["name"]]
    assert found  # JSON fields carry the raw text; only HTML (the highlight) is escaped
    assert "&lt;script&gt;" in found[0]["highlight"]
    suggestions = client.get("/api/v1/suggest", query_string={"q": "亲属"}).get_json()
    assert isinstance(suggestions["suggestions"], list)


def test_csv_export_has_no_live_formula_and_round_trips(hostile_app):
    client = hostile_app.test_client()
    response = client.get("/api/v1/lists/abolished?format=csv")
    assert response.status_code == 200
    text = response.get_data().decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            assert not FORMULA_START.match(cell), cell
    _assert_round_trip(read_table(response.get_data(), "abolished"))


def test_xlsx_export_has_no_formula_cell_and_round_trips(hostile_app):
    client = hostile_app.test_client()
    response = client.get("/api/v1/lists/abolished?format=xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str):
                    assert not FORMULA_START.match(cell.value), cell.coordinate
    _assert_round_trip(read_table(response.get_data(), "abolished"))


def _assert_round_trip(result) -> None:
    assert result.ok, result.problems
    by_name = {r["name"]: r for r in result.rows}
    for original in (HOSTILE, FORMULA_NAME):
        row = by_name[original["name"]]
        for key in ITEM_FIELDS:
            assert row[key] == original[key], key


def test_hostile_version_note_and_author_are_escaped(hostile_app):
    html = hostile_app.test_client().get("/changes").get_data(as_text=True)
    _assert_escaped(html)
    body = hostile_app.test_client().get("/api/v1/versions").get_json()
    assert any(v.get("note") == SCRIPT for v in body["versions"])
