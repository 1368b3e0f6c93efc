"""The staff desk without a browser: the GET form, dense results, answers, slips, print sheets."""

from __future__ import annotations

import pytest

from lookup.lists import store
from lookup.web.desk import say_text


def test_desk_without_a_query_is_a_plain_form(client):
    html = client.get("/desk").get_data(as_text=True)
    assert '<form class="desk-form" action="/desk" method="get"' in html
    assert 'id="desk-q"' in html
    assert "autofocus" in html
    assert "desk.js" in html
    assert "desk-result" not in html


def test_desk_results_show_every_field_and_a_ready_to_say_answer(client):
    html = client.get("/desk", query_string={"q": "养狗证明"}).get_data(as_text=True)
    assert "居民养犬证明" in html
    for label in ("办理事项", "索要单位", "开具单位", "取消后办理", "依据"):
        assert f"<dt>{label}</dt>" in html
    assert 'id="say-1" class="say-text" readonly' in html
    assert "已列入平湖市取消证明材料清单（第 1 版第 11 项）" in html
    assert "《嘉兴市养犬管理条例》第十三条" in html
    assert 'id="say-answer"' in html


def test_desk_list_filter_and_bad_input_never_fail(client):
    html = client.get("/desk?q=无犯罪记录证明&list=retained").get_data(as_text=True)
    assert "desk-result-retained" in html
    assert "desk-result-abolished" not in html
    for query in ("?q=" + "证" * 500, "?q=证明&list=nope&page=x", "?q=%00"):
        assert client.get("/desk" + query).status_code == 200


@pytest.mark.parametrize("kind", ["abolished", "retained"])
def test_say_text_names_verdict_version_and_basis(app, kind):
    item = next(i for i in store.items_of(list_kind=kind) if i["basis"])
    text = say_text(item, 3)
    assert f"「{item['name']}」" in text
    assert "第 3 版" in text
    assert item["basis"].rstrip("。") in text
    if kind == "abolished":
        assert "取消证明材料清单" in text
        assert "无需提供" in text
    else:
        assert "保留证明材料清单" in text
        assert "仍需提供" in text


def test_slip_is_printable_with_the_answer_and_a_qr_code(client):
    item = store.items_of(list_kind="abolished")[0]
    html = client.get(f"/desk/items/{item['id']}/slip").get_data(as_text=True)
    assert "平湖市证明事项答复单" in html
    assert "本证明已取消" in html
    assert "<svg" in html
    assert "清单版本" in html
    assert client.get("/desk/items/nope/slip").status_code == 404
    assert client.get("/desk/items/" + "x" * 100 + "/slip").status_code == 404


def test_department_sheet_lists_what_it_may_no_longer_ask_for(client):
    html = client.get("/desk/departments").get_data(as_text=True)
    assert "/desk/departments/%E5%B8%82%E5%85%AC%E5%AE%89%E5%B1%80" in html
    response = client.get("/desk/print", query_string={"department": "市公安局"})
    assert response.status_code == 303
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    expected = store.list_items("abolished", department="市公安局")
    assert f"市公安局：不得再要求提供的证明（{len(expected)} 项）" in html
    assert html.count('<th scope="row">') == len(expected)
    assert "取消后办理方式" in html


def test_department_sheet_refuses_unknown_names(client):
    assert client.get("/desk/departments/没有这个单位").status_code == 404
    assert client.get("/desk/departments/" + "局" * 200).status_code == 404
    assert client.get("/desk/print").status_code == 303
    assert client.get("/desk/print?department=").headers["Location"].endswith("/desk/departments")


def test_desk_pages_obey_the_csp(client):
    item = store.items_of(list_kind="retained")[0]
    for url in ("/desk?q=居住证明", f"/desk/items/{item['id']}/slip", "/desk/departments"):
        html = client.get(url).get_data(as_text=True)
        assert "style=" not in html
        assert "<script>" not in html
        assert " on" + "click" not in html
