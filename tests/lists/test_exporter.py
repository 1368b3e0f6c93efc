"""lookup.exporter: the published layout, formula safety, and export → import round trips."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from lookup.core.fields import ITEM_FIELDS
from lookup.lists.exporter import export_csv, export_json, export_xlsx, neutralise
from lookup.lists.importer import read_table

ITEMS = [
    {
        "id": "a1",
        "list": "abolished",
        "seq": "1",
        "name": "亲属关系证明",
        "matter": "居住证办理\n户口迁移",
        "requiring_department": "市公安局",
        "issuing_authority": "村（居）委会",
        "basis": "《居住证暂行条例》第十二条；第十三条",
        "replacement": "告知承诺",
        "method": "告知承诺",
        "note": "",
        "since_version": 1,
    },
    {
        "id": "b2",
        "list": "abolished",
        "seq": "2",
        "name": "-",
        "matter": "=1+1",
        "requiring_department": "@市民政局",
        "issuing_authority": "+86 0573",
        "basis": '\'=HYPERLINK("http://x")',
        "replacement": "直接取消",
        "method": "直接取消",
        "note": "-5",
        "since_version": 1,
    },
    {
        "id": "c3",
        "list": "abolished",
        "seq": "",
        "name": "无犯罪记录证明",
        "matter": "",
        "requiring_department": "",
        "issuing_authority": "",
        "basis": "",
        "replacement": "",
        "method": "",
        "note": "'单引号开头",
        "since_version": 2,
    },
]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+86", "'+86"),
        ("-", "'-"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),
        ("'单引号", "'单引号"),
        ("亲属关系证明", "亲属关系证明"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def _fields(rows: list[dict]) -> list[dict]:
    return [{f: r[f] for f in ("seq", *ITEM_FIELDS)} for r in rows]


def _expected(items: list[dict]) -> list[dict]:
    return [
        {"seq": it["seq"] or str(n), **{f: it[f] for f in ITEM_FIELDS}}
        for n, it in enumerate(items, start=1)
    ]


@pytest.mark.parametrize("list_kind", ["abolished", "retained"])
@pytest.mark.parametrize("export", [export_xlsx, export_csv])
def test_round_trip_gives_back_every_field(export, list_kind):
    result = read_table(export(ITEMS, list_kind), list_kind)
    # the one item without basis and issuer is what a retained list is warned about
    expected = [] if list_kind == "abolished" else ["missing_basis", "missing_issuer"]
    assert [p.code for p in result.problems] == expected
    assert _fields(result.rows) == _expected(ITEMS)


def test_xlsx_has_the_published_layout():
    sheet = openpyxl.load_workbook(io.BytesIO(export_xlsx(ITEMS, "abolished", version=7))).active
    assert sheet["A1"].value == "平湖市取消证明材料清单"
    assert "版本号：7" in sheet["A2"].value
    assert "导出日期" in sheet["A2"].value
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:H1", "A2:H2", "D3:E3", "B3:B4"} <= merged
    assert [sheet.cell(3, c).value for c in (1, 2, 3, 4, 6, 7, 8)] == [
        "序号",
        "证明名称",
        "办理事项",
        "实施基本情况",
        "设定依据",
        "取消后办理方式",
        "备注",
    ]
    assert (sheet["D4"].value, sheet["E4"].value) == ("索要单位", "开具单位")
    assert sheet["A5"].value == 1
    result = read_table(export_xlsx(ITEMS, "abolished"), "abolished")
    assert result.header_rows == (3, 4)


def test_xlsx_never_stores_a_formula():
    sheet = openpyxl.load_workbook(io.BytesIO(export_xlsx(ITEMS, "abolished"))).active
    cells = [c for row in sheet.iter_rows(min_row=5) for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    assert (sheet["C6"].value, sheet["C6"].data_type) == ("'=1+1", "s")
    assert sheet["B6"].value == "'-"


def test_csv_is_utf8_with_bom_chinese_header_and_guarded_cells():
    data = export_csv(ITEMS, "abolished")
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "序号,证明名称,办理事项,索要单位,开具单位,设定依据,取消后办理方式,备注"
    assert "'=1+1" in data.decode("utf-8-sig")
    assert ",'-," in lines[2]


def test_retained_export_uses_the_retained_title_and_heading():
    assert "替代方式" in export_csv(ITEMS, "retained").decode("utf-8-sig").splitlines()[0]
    sheet = openpyxl.load_workbook(io.BytesIO(export_xlsx(ITEMS, "retained"))).active
    assert sheet["A1"].value == "平湖市保留证明材料清单"


def test_json_export():
    body = json.loads(export_json(ITEMS, "abolished", version=3))
    assert (body["list"], body["version"], body["count"]) == ("abolished", 3, 3)
    assert body["items"][0]["name"] == "亲属关系证明"
    assert body["items"][1]["matter"] == "=1+1"


def test_empty_list_exports_and_reads_back_empty():
    for export in (export_xlsx, export_csv):
        result = read_table(export([], "abolished"), "abolished")
        assert result.rows == []
        assert result.ok
