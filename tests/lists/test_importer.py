"""lookup.importer.read_table against workbooks shaped like the real published lists."""

from __future__ import annotations

import io
import zipfile

import pytest
from xlsx_factory import big_official_list, item_row, official_list, write_xlsx

from lookup.lists.importer import ImportFileError, read_table
from lookup.lists.importer.normalise import normalise


def _csv(tmp_path, text: str, encoding: str = "utf-8-sig", name: str = "list.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_official_layout_with_title_preamble_and_two_level_header(tmp_path):
    path = official_list(tmp_path / "list.xlsx", [item_row(1), item_row(2, "居住证明")])
    result = read_table(path, "abolished")
    assert result.ok, [str(p) for p in result.problems]
    assert result.problems == []
    assert result.header_rows == (3, 4)
    assert result.columns == {
        "A": "seq",
        "B": "name",
        "C": "matter",
        "D": "requiring_department",
        "E": "issuing_authority",
        "F": "basis",
        "G": "replacement",
        "H": "note",
    }
    assert result.rows[0] == {
        "seq": "1",
        "name": "亲属关系证明",
        "matter": "居住证办理",
        "requiring_department": "市公安局",
        "issuing_authority": "村（居）委会",
        "basis": "《居住证暂行条例》第十二条",
        "replacement": "告知承诺",
        "note": "",
        "row": 5,
    }
    assert [r["row"] for r in result.rows] == [5, 6]
    assert result.rows_read == 2


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("证明名称", "name"),
        ("证明事项名称", "name"),
        ("证明材料名称", "name"),
        ("证明事项", "name"),
        ("证明材料", "name"),
        ("证明用途", "matter"),
        ("办理事项", "matter"),
        ("办理项目", "matter"),
        ("涉及事项", "matter"),
        ("用途", "matter"),
        ("适用事项", "matter"),
        ("涉及的办事事项", "matter"),
        ("索要单位", "requiring_department"),
        ("索取单位", "requiring_department"),
        ("实施机关", "requiring_department"),
        ("索要部门", "requiring_department"),
        ("开具单位", "issuing_authority"),
        ("出具单位", "issuing_authority"),
        ("开具部门", "issuing_authority"),
        ("设定依据", "basis"),
        ("依据条文及内容", "basis"),
        ("设定及保留依据", "basis"),
        ("依据", "basis"),
        ("取消后办理方式", "replacement"),
        ("取消后的办理方式", "replacement"),
        ("取消替代方式", "replacement"),
        ("替代方式", "replacement"),
        ("办理方式", "replacement"),
        ("取消后替代方式", "replacement"),
        ("备注", "note"),
        ("序号", "seq"),
        ("编号", "seq"),
        # line breaks, spaces, full-width characters and qualifiers inside header cells
        ("索要\n单位", "requiring_department"),
        ("证 明 名 称", "name"),
        ("开具\r\n单位", "issuing_authority"),
        ("设定依据（法律法规名称）", "basis"),
        ("　取消后办理方式　", "replacement"),
        ("*证明名称", "name"),
        ("证明名称及用途", "name"),
    ],
)
def test_header_variants(tmp_path, header, field):
    other = "备注" if field == "name" else "证明名称"
    rows = [["清单标题"], [header, other], ["值", "亲属关系证明"]]
    result = read_table(write_xlsx(tmp_path / "v.xlsx", rows), "retained")
    assert result.columns["A"] == field
    assert result.header_rows == (2, 2)
    assert result.unknown_columns == []


@pytest.mark.parametrize(
    ("raw", "field", "expected"),
    [
        ("  亲属关系证明 ", "name", "亲属关系证明"),
        ("亲属关系\n证明", "name", "亲属关系证明"),
        ("ＡＢＣ１２３证明", "name", "ABC123证明"),
        ("村（居）委会", "issuing_authority", "村（居）委会"),
        ("市　公安局", "requiring_department", "市 公安局"),
        ("《条例》，第十条；第二款：见附件！", "basis", "《条例》，第十条；第二款：见附件！"),
        ("第一条\r\n\r\n  第二条  ", "basis", "第一条\n第二条"),
        ("无\x07犯罪\u200b记录", "name", "无犯罪记录"),
        ("a  \t b", "note", "a b"),
        ("'=SUM(A1)", "note", "=SUM(A1)"),
        ("''-", "note", "'-"),
        ("'单引号", "note", "'单引号"),
        (12, None, "12"),
        (12.0, None, "12"),
        (1.5, None, "1.5"),
    ],
)
def test_cell_normalisation(raw, field, expected):
    assert normalise(raw, field) == expected


def test_numbers_dates_full_width_and_spaces_in_xlsx(tmp_path):
    import datetime as dt

    rows = [
        ["序号", "证明名称", "备注", "办理事项"],
        [7.0, " 居住证明　", dt.datetime(2024, 3, 1), 12345],
    ]
    result = read_table(write_xlsx(tmp_path / "n.xlsx", rows), "retained")
    assert result.rows[0]["seq"] == "7"
    assert result.rows[0]["name"] == "居住证明"
    assert result.rows[0]["note"] == "2024-03-01"
    assert result.rows[0]["matter"] == "12345"


def test_blank_rows_trailing_rows_and_numbered_template_rows_are_skipped(tmp_path):
    rows = [
        ["序号", "证明名称", "办理事项"],
        [1, "甲证明", "事项"],
        [None, None, None],
        [2, "乙证明", ""],
        ["", "  ", ""],
        [3],
        [4],
        [None, None, None],
    ]
    result = read_table(write_xlsx(tmp_path / "e.xlsx", rows), "retained")
    assert [r["name"] for r in result.rows] == ["甲证明", "乙证明"]
    assert [r["row"] for r in result.rows] == [2, 4]
    # only that the (retained) file lacks the basis and issuer columns altogether
    assert [p.code for p in result.problems] == ["missing_basis_column", "missing_issuer_column"]


def test_vertically_merged_name_is_filled_down(tmp_path):
    data = [
        item_row(1, "亲属关系证明", "居住证"),
        item_row(2, None, "户口迁移"),
        item_row(3, None, "低保申请"),
        item_row(4, "居住证明", "入学"),
    ]
    path = official_list(tmp_path / "m.xlsx", data, merges=["B5:B7", "D5:D7"])
    result = read_table(path, "abolished")
    assert result.ok
    assert [(r["name"], r["matter"]) for r in result.rows] == [
        ("亲属关系证明", "居住证"),
        ("亲属关系证明", "户口迁移"),
        ("亲属关系证明", "低保申请"),
        ("居住证明", "入学"),
    ]


def test_missing_name_is_an_error_with_row_and_column(tmp_path):
    data = [item_row(1), item_row(2, name=""), item_row(3, "居住证明")]
    result = read_table(official_list(tmp_path / "x.xlsx", data), "abolished")
    assert not result.ok
    [error] = result.errors
    assert (error.row, error.column, error.code) == (6, "B", "missing_name")
    assert str(error) == "第 6 行 B 列（证明名称）：证明名称为空"
    assert [r["name"] for r in result.rows] == ["亲属关系证明", "居住证明"]


def test_missing_name_column_is_an_error(tmp_path):
    rows = [["序号", "办理事项", "索要单位"], [1, "事项", "市公安局"]]
    result = read_table(write_xlsx(tmp_path / "c.xlsx", rows), "retained")
    assert [p.code for p in result.errors] == ["missing_column"]
    assert "证明名称" in str(result.errors[0])


def test_unknown_column_is_reported_and_can_be_mapped_or_ignored(tmp_path):
    rows = [["证明名称", "联系\n电话", "备注"], ["居住证明", "12345", ""]]
    path = write_xlsx(tmp_path / "u.xlsx", rows)
    result = read_table(path, "retained")
    assert result.unknown_columns == ["联系电话"]
    [warning] = [p for p in result.warnings if p.code == "unknown_column"]
    assert (warning.row, warning.column) == (1, "B")
    assert "联系电话" in warning.message
    mapped = read_table(path, "retained", column_map={"联系电话": "note", "备注": "ignore"})
    assert mapped.unknown_columns == []
    assert mapped.rows[0]["note"] == "12345"
    ignored = read_table(path, "retained", column_map={"联系 电话": "ignore"})
    assert ignored.unknown_columns == []
    assert not [p for p in ignored.problems if p.code == "unknown_column"]


def test_several_basis_columns_are_joined(tmp_path):
    rows = [
        ["证明名称", "设定依据（法律法规名称）", "依据条文及内容"],
        ["居住证明", "《居住证暂行条例》", "第十二条\n第十三条"],
    ]
    result = read_table(write_xlsx(tmp_path / "b.xlsx", rows), "retained")
    assert result.rows[0]["basis"] == "《居住证暂行条例》；第十二条\n第十三条"


def test_section_headings_are_skipped_and_used_as_department(tmp_path):
    rows = [
        ["序号", "证明名称", "办理事项", "取消后办理方式"],
        ["一、市公安局"],
        [1, "户籍证明", "入学", "部门核验"],
        ["（二）市民政局", None, None, None],
        [2, "婚姻状况证明", "低保", "告知承诺"],
        ["注：以上清单自发布之日起施行。"],
    ]
    path = write_xlsx(tmp_path / "s.xlsx", rows, ["A2:D2", "A6:D6"])
    result = read_table(path, "abolished")
    assert result.ok
    assert [(r["name"], r["requiring_department"]) for r in result.rows] == [
        ("户籍证明", "市公安局"),
        ("婚姻状况证明", "市民政局"),
    ]
    assert [p.code for p in result.warnings] == ["skipped_note"]


def test_duplicate_rows_are_errors_naming_both_rows(tmp_path):
    rows = [["证明名称", "办理事项"], ["居住证明", "入学"], ["其他证明", ""], ["居住证明", "入学"]]
    result = read_table(write_xlsx(tmp_path / "d.xlsx", rows), "abolished")
    [error] = result.errors
    assert (error.code, error.row) == ("duplicate_row", 4)
    assert "与第 2 行重复" in str(error)
    assert str(error).startswith("第 4 行")
    assert not result.ok


def test_over_long_cell_is_an_error(tmp_path):
    rows = [["证明名称", "设定依据"], ["居住证明", "条" * 2001]]
    result = read_table(write_xlsx(tmp_path / "l.xlsx", rows), "retained")
    assert [(p.code, p.row, p.column) for p in result.errors] == [("too_long", 2, "B")]


def test_header_found_on_a_later_sheet(tmp_path):
    path = write_xlsx(
        tmp_path / "s2.xlsx",
        [["证明名称", "用途"], ["居住证明", "入学"]],
        title="清单",
        before=[("填表说明", [["请按要求填写"], ["不得合并单元格"]])],
    )
    result = read_table(path, "retained")
    assert result.sheet == "清单"
    assert result.rows[0]["name"] == "居住证明"


def test_column_numbering_row_under_header_is_skipped(tmp_path):
    rows = [["序号", "证明名称", "用途", "备注"], [1, 2, 3, 4], [1, "居住证明", "入学", ""]]
    result = read_table(write_xlsx(tmp_path / "k.xlsx", rows), "retained")
    assert [r["name"] for r in result.rows] == ["居住证明"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_encodings(tmp_path, encoding):
    text = (
        "平湖市保留证明材料清单,,\r\n证明名称,用途,备注\r\n"
        '居住证明,入学,\r\n婚姻状况证明,"低保\n救助",无\r\n'
    )
    result = read_table(_csv(tmp_path, text, encoding), "retained")
    assert result.ok
    assert [(r["name"], r["matter"], r["row"]) for r in result.rows] == [
        ("居住证明", "入学", 3),
        ("婚姻状况证明", "低保\n救助", 4),
    ]
    assert result.columns == {"证明名称": "name", "用途": "matter", "备注": "note"}


def test_csv_problem_names_the_header_text(tmp_path):
    result = read_table(_csv(tmp_path, "证明事项名称,用途\n,入学\n"), "retained")
    assert str(result.errors[0]) == "第 2 行「证明事项名称」列：证明名称为空"


def test_xlsx_renamed_to_csv_is_read_as_xlsx(tmp_path):
    path = official_list(tmp_path / "list.xlsx", [item_row(1)])
    renamed = tmp_path / "list.csv"
    renamed.write_bytes(path.read_bytes())
    result = read_table(renamed, "abolished", filename="list.csv")
    assert result.rows[0]["name"] == "亲属关系证明"
    assert read_table(path.read_bytes(), "abolished").rows == result.rows


def _zip(names: list[str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (bytes(range(256)) * 40, "无法识别"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".xls"),
        (b"%PDF-1.7\n" + b"\x00\x01" * 100, "PDF"),
        (b"PK\x03\x04broken", "损坏"),
        (_zip(["[Content_Types].xml", "word/document.xml"]), "Word"),
        (_zip(["a.txt"]), "压缩包"),
        (b"   \n", "空"),
        ("标题\n甲,乙,丙\n1,2,3\n".encode(), "证明名称"),
    ],
)
def test_unreadable_files_raise_a_chinese_message(content, words):
    with pytest.raises(ImportFileError, match=words.replace(".", r"\.")):
        read_table(content, "abolished")


def test_empty_workbook_raises(tmp_path):
    with pytest.raises(ImportFileError, match="空"):
        read_table(write_xlsx(tmp_path / "empty.xlsx", []), "abolished")


def test_list_kind_mismatch_is_a_warning(tmp_path):
    path = official_list(tmp_path / "a.xlsx", [item_row(1)])
    assert "list_kind_mismatch" in [p.code for p in read_table(path, "retained").warnings]
    plain = write_xlsx(tmp_path / "r.xlsx", [["证明名称", "设定依据"], ["居住证明", "条例"]])
    assert "list_kind_mismatch" in [p.code for p in read_table(plain, "abolished").warnings]
    assert "list_kind_mismatch" not in [p.code for p in read_table(plain, "retained").problems]


def test_progress_is_reported_every_thousand_rows(tmp_path):
    rows = [["证明名称", "用途"]] + [[f"证明{i}", "事项"] for i in range(2500)]
    seen: list[int] = []
    result = read_table(write_xlsx(tmp_path / "p.xlsx", rows), "retained", progress=seen.append)
    assert len(result.rows) == 2500
    assert seen == [1000, 2000, 2500]


def test_unknown_list_kind_is_a_programming_error(tmp_path):
    with pytest.raises(ValueError, match="list kind"):
        read_table(b"a,b", "other")


def test_a_large_list_with_thousands_of_merges_reads_every_row(tmp_path):
    """Every name merged over three rows is carried down, and progress is reported every 1,000
    rows. How long a province-scale list takes to read is measured by scripts/bench, not here."""
    path = big_official_list(tmp_path / "big.xlsx", 6_001)
    seen: list[int] = []
    result = read_table(path, "abolished", progress=seen.append)
    assert result.ok, [str(p) for p in result.problems[:5]]
    assert len(result.rows) == 6_001
    assert [row["name"] for row in result.rows[-4:]] == ["证明1999"] * 3 + ["证明2000"]
    assert seen == [1000, 2000, 3000, 4000, 5000, 6000, 6001]
