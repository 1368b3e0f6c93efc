"""SVG bar charts: escaped labels, an accessible name, CSS classes only, and the charts' pages."""

from __future__ import annotations

import re

from lookup.web import charts


def test_bar_chart_has_a_title_label_and_one_bar_per_row():
    svg = str(charts.bar_chart("各单位的证明数", [("市公安局", 21), ("市民政局", 7)]))
    assert svg.startswith('<svg class="chart"')
    assert svg.endswith("</svg>")
    assert 'role="img"' in svg
    assert "<title>各单位的证明数</title>" in svg
    assert 'aria-label="各单位的证明数：市公安局 21 项，市民政局 7 项"' in svg
    assert svg.count('<rect class="chart-bar"') == 2
    widths = [int(w) for w in re.findall(r'<rect[^>]* width="(\d+)"', svg)]
    assert widths[0] > widths[1] > 0


def test_bar_chart_escapes_labels_and_titles():
    svg = str(charts.bar_chart('<b>"图"</b>', [('<script>alert(1)</script>"&', 3)]))
    assert "<script>" not in svg
    assert "<b>" not in svg
    assert "&lt;script&gt;" in svg
    assert "&#34;" in svg or "&quot;" in svg


def test_bar_chart_uses_no_style_attributes():
    svg = str(charts.bar_chart("图", [("甲", 1), ("乙", 0)]))
    assert "style=" not in svg
    assert "<script" not in svg


def test_long_labels_are_shortened_in_the_bars_but_kept_in_full_in_titles():
    name = "市司法局（平湖市公证处）"
    svg = str(charts.bar_chart("图", [(name, 6)]))
    assert f"<title>{name}：6 项</title>" in svg
    assert ">市司法局（平湖市…</text>" in svg


def test_empty_chart_says_so():
    svg = str(charts.bar_chart("图", []))
    assert "没有数据" in svg
    assert "<rect" not in svg


def test_counts_orders_by_count_and_names_blanks():
    assert charts.counts(["乙", "", "甲", "甲"]) == [("甲", 2), ("乙", 1), ("未注明", 1)]


def test_list_pages_carry_charts_with_a_table_alternative(client):
    for kind, expected in (("abolished", 2), ("retained", 1)):
        html = client.get(f"/lists/{kind}").get_data(as_text=True)
        assert html.count('<svg class="chart"') == expected
        assert html.count('<details class="chart-table">') == expected
        assert "<td>市公安局</td>" in html


def test_changes_page_carries_charts(client):
    html = client.get("/changes").get_data(as_text=True)
    assert html.count('<svg class="chart"') == 2
    assert "当前清单的证明分布" in html
