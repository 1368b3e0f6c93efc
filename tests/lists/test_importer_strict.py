"""The importer as strict as an office needs: duplicates, totals and section rows, retained items
without basis or issuer, HTML tables saved as .xls, formulas without values, several sheets."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from xlsx_factory import HEADER_TOP, item_row, official_list, write_xlsx

from lookup.lists.importer import ImportFileError, read_table

HEADER = ["序号", "证明名称", "办理事项", "索要单位", "开具单位", "设定依据"]


def codes(result, level=None):
    return [(p.code, p.row) for p in result.problems if level is None or p.level == level]


def test_identical_rows_are_errors_naming_both_rows(tmp_path):
    rows = [item_row(1), item_row(1), item_row(1), item_row(2, name="户籍证明")]
    result = read_table(official_list(tmp_path / "d.xlsx", rows), "abolished")
    assert not result.ok
    assert codes(result, "error") == [("duplicate_row", 6), ("duplicate_row", 7)]
    assert [str(p) for p in result.errors] == [
        "第 6 行：与第 5 行重复（证明名称、办理事项、索要单位、开具单位均相同）；"
        "请删去其中一行，或写明两者的区别",
        "第 7 行：与第 5 行重复（证明名称、办理事项、索要单位、开具单位均相同）；"
        "请删去其中一行，或写明两者的区别",
    ]


def test_same_name_for_another_matter_is_not_a_duplicate(tmp_path):
    rows = [item_row(1), item_row(2, matter="户口迁移")]
    assert read_table(official_list(tmp_path / "d.xlsx", rows), "abolished").ok


@pytest.mark.parametrize(
    "total",
    [["合计", "3项"], ["合计：3项"], ["", "共 3 项"], ["总计", None, None, "3"], ["小计"]],
)
def test_a_totals_row_is_reported_and_never_an_item(tmp_path, total):
    rows = [HEADER, [1, "户籍证明", "入学", "市公安局", "派出所", "条例"], total]
    result = read_table(write_xlsx(tmp_path / "t.xlsx", rows), "abolished")
    assert [r["name"] for r in result.rows] == ["户籍证明"]
    assert ("totals_row", 3) in codes(result, "info")
    assert result.ok


def test_section_rows_are_reported_and_fill_the_department_without_their_count(tmp_path):
    rows = [
        ["序号", "证明名称", "办理事项", "开具单位", "设定依据"],
        ["一、市公安局（2项）"],
        [1, "户籍证明", "入学", "派出所", "条例"],
        [2, "无犯罪记录证明", "就业", "派出所", "条例"],
        ["二、市民政局"],
        [3, "婚姻状况证明", "低保", "民政局", "条例"],
    ]
    result = read_table(write_xlsx(tmp_path / "s.xlsx", rows, ["A2:E2", "A5:E5"]), "retained")
    assert [(r["name"], r["requiring_department"]) for r in result.rows] == [
        ("户籍证明", "市公安局"),
        ("无犯罪记录证明", "市公安局"),
        ("婚姻状况证明", "市民政局"),
    ]
    sections = [p for p in result.problems if p.code == "section_row"]
    assert [(p.row, p.level) for p in sections] == [(2, "info"), (5, "info")]
    assert "「一、市公安局（2项）」" in sections[0].message
    assert "按「市公安局」填写" in sections[0].message
    assert result.warnings == []  # info is what the importer did, not a warning to count


def test_retained_items_without_basis_or_issuer_are_counted_warnings(tmp_path):
    rows = [
        HEADER,
        [1, "户籍证明", "入学", "市公安局", "派出所", "《户口登记条例》"],
        [2, "居住证明", "入学", "市教育局", "", ""],
        [3, "收入证明", "低保", "市民政局", "", "《社会救助暂行办法》"],
    ]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    result = read_table(path, "retained")
    assert result.ok
    assert codes(result, "warning") == [
        ("missing_basis", 3),
        ("missing_issuer", 3),
        ("missing_issuer", 4),
    ]
    assert str(result.warnings[0]) == (
        "第 3 行 F 列（设定依据）：保留的证明没有设定依据；请补上法律法规依据"
    )
    # the abolished list does not need them
    abolished = {p.code for p in read_table(path, "abolished").problems}
    assert not abolished & {"missing_basis", "missing_issuer"}


def test_a_formula_without_a_saved_value_is_reported_as_a_formula(tmp_path):
    book = Workbook()
    ws = book.active
    ws.append(HEADER)
    ws.append([1, "户籍证明", "入学", "市公安局", "派出所", "条例"])
    ws.append([2, '=B2&"（副本）"', "入学", "市公安局", "派出所", "条例"])
    ws.append([3, "收入证明", "=C2", "市民政局", "民政局", "条例"])
    ws.append(["=A4+1", None, None, None, None, "=F4"])  # formulas, and truly no name
    path = tmp_path / "f.xlsx"
    book.save(path)
    result = read_table(path, "retained")
    assert [(p.code, p.row, p.column) for p in result.errors] == [
        ("formula_without_value", 3, "B"),
        ("formula_without_value", 4, "C"),
        ("formula_without_value", 5, "A"),
        ("formula_without_value", 5, "F"),
        ("missing_name", 5, "B"),
    ]
    assert [p.row for p in result.errors if p.code == "missing_name"] == [5]
    assert "选择性粘贴为数值" in result.errors[0].message


def test_an_html_table_saved_as_xls_is_read_as_a_table(tmp_path):
    page = """<html><head><meta charset="utf-8"></head><body>
    <table border="1">
      <tr><td colspan="6">平湖市保留证明材料清单</td></tr>
      <tr><th rowspan="2">序号</th><th rowspan="2">证明名称</th><th rowspan="2">办理事项</th>
          <th colspan="2">实施基本情况</th><th rowspan="2">设定依据</th></tr>
      <tr><th>索要<br>单位</th><th>开具单位</th></tr>
      <tr><td>1</td><td rowspan="2">户籍证明</td><td>入学</td><td>市教育局</td>
          <td>派出所</td><td>《户口登记条例》</td></tr>
      <tr><td>2</td><td>落户</td><td>市公安局</td><td>派出所</td><td>《户口登记条例》</td></tr>
      <tr><td>3</td><td>收入&amp;财产证明</td><td>低保</td><td>市民政局</td><td>民政局</td>
          <td>《社会救助暂行办法》</td></tr>
    </table></body></html>"""
    path = tmp_path / "保留清单.xls"
    path.write_text(page, encoding="utf-8")
    result = read_table(path, "retained", filename=path.name)
    assert result.ok, [str(p) for p in result.problems]
    assert [(r["row"], r["name"], r["matter"], r["requiring_department"]) for r in result.rows] == [
        (4, "户籍证明", "入学", "市教育局"),
        (5, "户籍证明", "落户", "市公安局"),
        (6, "收入&财产证明", "低保", "市民政局"),
    ]
    assert result.columns["D"] == "requiring_department"


def test_an_html_page_without_a_list_table_and_an_xml_spreadsheet_are_refused(tmp_path):
    with pytest.raises(ImportFileError, match="找不到表头行"):
        read_table(b"<html><body><table><tr><td>x</td></tr></table></body></html>", "abolished")
    xml = (
        b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'
        b"</Workbook>"
    )
    with pytest.raises(ImportFileError, match="Excel 2003 XML"):
        read_table(xml, "abolished")


def _two_sheets(tmp_path):
    retained = [HEADER, [1, "户籍证明", "入学", "市教育局", "派出所", "条例"]]
    abolished = [HEADER_TOP, [1, "亲属关系证明", "居住证办理", "市公安局", "村（居）委会", "条例"]]
    return write_xlsx(
        tmp_path / "两张清单.xlsx", retained, title="保留清单", before=[("取消清单", abolished)]
    )


def test_a_second_list_sheet_is_mentioned_and_can_be_chosen(tmp_path):
    path = _two_sheets(tmp_path)
    first = read_table(path, "abolished")
    assert first.sheet == "取消清单"
    assert first.sheets == ["取消清单", "保留清单"]
    [other] = [p for p in first.warnings if p.code == "other_sheet"]
    assert "「保留清单」" in other.message
    chosen = read_table(path, "retained", sheet="保留清单")
    assert chosen.sheet == "保留清单"
    assert [r["name"] for r in chosen.rows] == ["户籍证明"]
    assert "other_sheet" in [p.code for p in chosen.warnings]
    with pytest.raises(ImportFileError, match="没有名为「附件」的工作表"):
        read_table(path, "retained", sheet="附件")
