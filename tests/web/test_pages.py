"""Public pages: every page answers in Chinese, bad input never gives a 500."""

from __future__ import annotations

import pytest

from lookup.lists import store


def _first_item(app, list_kind: str) -> dict:
    with app.app_context():
        return store.list_items(list_kind)[0]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", "例如：办居住证还要开亲属关系证明吗"),
        ("/", "凡未纳入保留清单的证明事项，不得要求申请人提供"),
        ("/search", "请输入要查询的证明名称或问题"),
        ("/search?q=", "请输入要查询的证明名称或问题"),
        ("/search?q=%20%20", "请输入要查询的证明名称或问题"),
        ("/lists/abolished", "取消证明材料清单"),
        ("/lists/retained", "保留证明材料清单"),
        ("/changes", "第 1 版"),
    ],
)
def test_page_ok(client, path, expected):
    response = client.get(path)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert expected in page
    assert '<html lang="zh-CN">' in page
    assert "本站清单为示例数据" in page
    assert "12345" in page
    assert page.count("<h1") == 1


def test_pages_have_no_inline_script_or_style(client, app):
    item = _first_item(app, "abolished")
    for path in ("/", "/search?q=无犯罪记录证明", f"/items/{item['id']}", "/lists/abolished"):
        page = client.get(path).get_data(as_text=True)
        assert "<style" not in page
        assert "style=" not in page
        assert "<script>" not in page
        assert "<script src=" in page


def test_search_shows_item(client):
    response = client.get("/search", query_string={"q": "无犯罪记录证明"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "犯罪记录" in page
    assert "answer answer-" in page
    assert "/items/" in page


@pytest.mark.parametrize(
    "query_string",
    [
        {"q": "证明", "list": "nonsense"},
        {"q": "证明", "page": "abc"},
        {"q": "证明", "page": "0"},
        {"q": "证明", "page": "99999999999999999999"},
        {"q": "证明", "method": "<script>"},
        {"q": "证" * 500},
        {"q": "<script>alert(1)</script>"},
        {"q": "%%%'\"\\"},
    ],
)
def test_search_bad_input_is_not_an_error(client, query_string):
    response = client.get("/search", query_string=query_string)
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.get_data(as_text=True)


def test_search_pagination_keeps_query(client):
    page = client.get("/search", query_string={"q": "证明"}).get_data(as_text=True)
    if "下一页" in page:
        assert "page=2" in page


@pytest.mark.parametrize("list_kind", ["abolished", "retained"])
def test_item_page(client, app, list_kind):
    item = _first_item(app, list_kind)
    response = client.get(f"/items/{item['id']}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert item["name"] in page
    assert "<svg" in page
    assert "证明名称" in page
    assert "设定依据" in page
    assert "当前版本" in page
    if list_kind == "abolished":
        assert "本证明已取消" in page
        assert f"/report?item={item['id']}" in page
    else:
        assert "本证明仍需提供" in page
        assert "/report?item=" not in page


@pytest.mark.parametrize("path", ["/items/nope", "/items/" + "x" * 300, "/lists/other", "/nowhere"])
def test_unknown_is_chinese_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "找不到" in page or "没有" in page
    assert "Traceback" not in page


def test_method_not_allowed_is_chinese(client):
    response = client.post("/search")
    assert response.status_code == 405
    assert "不支持" in response.get_data(as_text=True)


@pytest.mark.parametrize("list_kind", ["abolished", "retained"])
def test_list_page_counts(client, app, list_kind):
    with app.app_context():
        total = store.facets(list_kind)["total"]
        items = store.list_items(list_kind)
    page = client.get(f"/lists/{list_kind}").get_data(as_text=True)
    assert f'<strong class="total">{total}</strong>' in page
    assert page.count('<th scope="row"') == total == len(items)


def test_list_page_filters(client, app):
    with app.app_context():
        facets = store.facets("abolished")
    method, count = facets["methods"][0]
    page = client.get("/lists/abolished", query_string={"method": method}).get_data(as_text=True)
    assert page.count('<th scope="row"') == count
    assert f"共 {count} 项" in page


def test_elder_mode_switch(client):
    response = client.get("/mode/elder", query_string={"next": "/lists/abolished"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/lists/abolished")
    assert "elder=1" in response.headers["Set-Cookie"]
    page = client.get("/").get_data(as_text=True)
    assert '<body class="elder">' in page
    assert "标准版" in page
    response = client.get("/mode/standard", query_string={"next": "/"})
    assert response.status_code == 303
    assert '<body class="">' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "evil.example",
        "/\r\nSet-Cookie: x=1",
        "",
    ],
)
def test_elder_mode_refuses_external_next(client, target):
    response = client.get("/mode/elder", query_string={"next": target})
    assert response.status_code == 303
    assert response.headers["Location"] in ("/", "http://localhost/")
    assert "Set-Cookie: x" not in str(response.headers)


def test_unknown_mode_is_404(client):
    assert client.get("/mode/dark").status_code == 404


def test_json_clients_get_json_errors_on_pages(client):
    response = client.get("/items/nope", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["error"] == "unknown_item"


def test_changes_shows_beijing_time(client):
    page = client.get("/changes").get_data(as_text=True)
    assert "发布于 20" in page
    assert "T" not in page.split("发布于 ")[1][:16]


def test_overlong_query_is_cut_with_a_message(client):
    response = client.get("/search", query_string={"q": "亲属关系证明" + "啊" * 400})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "您输入的内容过长" in page
    assert "亲属关系证明" in page
