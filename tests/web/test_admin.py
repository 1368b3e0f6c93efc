"""The office pages: upload a list, review problems and changes, publish, discard, edit one item."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from support import login, office_app, post
from xlsx_factory import item_row, official_list, rows_of

from lookup.lists import lease, store
from lookup.lists.db import get_session
from lookup.lists.models import AuditEntry, Draft
from lookup.office import publishing

NEW_NAME = "海塘养殖权属证明"


pytestmark = pytest.mark.office(JOBS_SYNC=True)


def _current(office, list_kind="abolished"):
    with office.app_context():
        return store.current_version(), store.items_of(list_kind=list_kind)


def _rows(items):
    return rows_of(items)


def _upload(office_client, path, list_kind="abolished", name=None):
    data = {"list_kind": list_kind, "file": (path.open("rb"), name or path.name)}
    return post(office_client, "/admin/upload", data, form_page="/admin/upload")


def _draft_id(response) -> int:
    return int(re.search(r"/admin/drafts/(\d+)$", response.headers["Location"]).group(1))


def _good_workbook(office, tmp_path):
    """The current abolished list with one item removed, one changed and one added."""
    _, items = _current(office)
    rows = _rows(items)
    removed, changed = items[0], items[1]
    rows = rows[1:]
    rows[0][5] = "《平湖市测试规定》第一条"
    rows.append(item_row(len(rows) + 1, name=NEW_NAME, matter="养殖证办理"))
    return official_list(tmp_path / "新清单.xlsx", rows), removed, changed


def test_dashboard_shows_the_current_version(office, office_client):
    login(office_client, "editor1")
    page = office_client.get("/admin/").get_data(as_text=True)
    assert "当前版本：第 1 版" in page
    assert "上传新的正式清单" in page


def test_workbook_with_errors_shows_row_and_column_and_cannot_be_published(
    office, office_client, tmp_path
):
    path = official_list(tmp_path / "bad.xlsx", [item_row(1), item_row(2, name=""), item_row(3)])
    login(office_client, "publisher1")
    response = _upload(office_client, path)
    assert response.status_code == 302
    draft_id = _draft_id(response)
    page = office_client.get(f"/admin/drafts/{draft_id}").get_data(as_text=True)
    assert "第 6 行" in page
    assert '<td data-label="列">B</td>' in page
    assert "证明名称为空" in page
    assert "不能发布" in page
    assert "发布为新版本" not in page
    response = post(
        office_client, f"/admin/drafts/{draft_id}/publish", {"note": "试试"}, follow_redirects=True
    )
    assert "个错误，不能发布" in response.get_data(as_text=True)
    assert _current(office)[0] == 1


def test_unknown_columns_are_named_on_the_review_page(office, office_client, tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text("证明名称,办理事项,联系电话\n户籍证明,落户,12345\n", encoding="utf-8")
    login(office_client, "editor1")
    draft_id = _draft_id(_upload(office_client, path, "retained", name="清单.xlsx"))  # sniffed: csv
    page = office_client.get(f"/admin/drafts/{draft_id}").get_data(as_text=True)
    assert "无法识别的列" in page
    assert "联系电话" in page


def test_unreadable_upload_is_refused_in_chinese(office, office_client, tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    login(office_client, "editor1")
    response = _upload(office_client, path)
    assert response.status_code == 400
    assert "field-error" in response.get_data(as_text=True)
    with office.app_context():
        assert get_session().scalar(select(Draft)) is None


def test_too_large_upload_is_a_chinese_413(home, tmp_path):
    app = office_app(home, MAX_CONTENT_LENGTH=2048)
    office_client = app.test_client()
    login(office_client, "editor1")
    path = tmp_path / "big.csv"
    path.write_text("证明名称\n" + "户籍证明\n" * 1000, encoding="utf-8")
    response = _upload(office_client, path)
    assert response.status_code == 413
    assert "上传文件过大" in response.get_data(as_text=True)


def test_review_shows_changes_then_publish_makes_them_live(office, office_client, tmp_path):
    path, removed, changed = _good_workbook(office, tmp_path)
    login(office_client, "publisher1")
    draft_id = _draft_id(_upload(office_client, path))
    page = office_client.get(f"/admin/drafts/{draft_id}").get_data(as_text=True)
    assert (
        "新增 <strong>1</strong> 项，删除 <strong>1</strong> 项，修改 <strong>1</strong> 项" in page
    )
    assert NEW_NAME in page
    assert removed["name"] in page
    assert "旧值" in page
    assert "新值" in page
    assert "《平湖市测试规定》第一条" in page
    assert "发布为新版本" in page

    response = post(
        office_client,
        f"/admin/drafts/{draft_id}/publish",
        {"note": "第二批"},
        form_page=f"/admin/drafts/{draft_id}",
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "已发布为版本 2" in page
    version, items = _current(office)
    assert version == 2
    assert NEW_NAME in [i["name"] for i in items]
    status = office_client.get(f"/admin/drafts/{draft_id}/status").get_json()
    assert status == {
        "id": draft_id,
        "status": "published",
        "progress": "已发布为版本 2",
        "published_version": 2,
        "done": True,
    }
    found = office_client.get("/api/v1/search", query_string={"q": NEW_NAME}).get_json()
    assert found["version"] == 2
    assert NEW_NAME in [r["name"] for r in found["results"]]


def test_second_publisher_gets_the_busy_message(office, office_client, tmp_path):
    path, _, _ = _good_workbook(office, tmp_path)
    login(office_client, "publisher1")
    draft_id = _draft_id(_upload(office_client, path))
    with office.app_context():
        assert (
            lease.acquire(
                get_session(), publishing.LEASE, lease.holder_name(), 60, "publisher2：其他清单"
            )
            is None
        )
    response = post(
        office_client, f"/admin/drafts/{draft_id}/publish", {"note": ""}, follow_redirects=True
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "正在进行另一次发布（publisher2：其他清单），请等它完成后再发布" in page
    assert _current(office)[0] == 1
    with office.app_context():
        assert get_session().get(Draft, draft_id).status == "open"


def test_discard(office, office_client, tmp_path):
    path, _, _ = _good_workbook(office, tmp_path)
    login(office_client, "publisher1")
    draft_id = _draft_id(_upload(office_client, path))
    assert f"草稿 {draft_id}" in office_client.get("/admin/").get_data(as_text=True)
    response = post(office_client, f"/admin/drafts/{draft_id}/discard", follow_redirects=True)
    assert "请勾选“我确认放弃”后再放弃草稿" in response.get_data(as_text=True)
    with office.app_context():
        assert get_session().get(Draft, draft_id).status == "open"
    response = post(
        office_client,
        f"/admin/drafts/{draft_id}/discard",
        {"confirm": "y"},
        follow_redirects=True,
    )
    assert f"已放弃草稿 {draft_id}" in response.get_data(as_text=True)
    assert f'/admin/drafts/{draft_id}"' not in office_client.get("/admin/").get_data(as_text=True)
    response = post(office_client, f"/admin/drafts/{draft_id}/publish", follow_redirects=True)
    assert "已在发布中或已处理" in response.get_data(as_text=True)
    assert _current(office)[0] == 1


def test_stale_draft_says_so_and_recomputes(office, office_client, tmp_path):
    path, _, _ = _good_workbook(office, tmp_path)
    login(office_client, "publisher1")
    first = _draft_id(_upload(office_client, path))
    second = _draft_id(_upload(office_client, path))
    post(office_client, f"/admin/drafts/{first}/publish", {"note": "先发布"})
    page = office_client.get(f"/admin/drafts/{second}").get_data(as_text=True)
    assert "第 1 版 → 第 2 版" in page
    assert (
        "新增 <strong>0</strong> 项，删除 <strong>0</strong> 项，修改 <strong>0</strong> 项" in page
    )


def test_single_item_edit_goes_through_review(office, office_client):
    _, items = _current(office)
    item = items[3]
    login(office_client, "editor1")
    url = f"/admin/items/{item['id']}/edit"
    assert item["name"] in office_client.get(url).get_data(as_text=True)
    fields = {
        k: item[k]
        for k in (
            "seq",
            "name",
            "matter",
            "requiring_department",
            "issuing_authority",
            "basis",
            "replacement",
            "note",
        )
    }

    response = post(office_client, url, {**fields, "name": ""}, form_page=url)
    assert response.status_code == 400
    assert "证明名称不能为空" in response.get_data(as_text=True)
    response = post(office_client, url, {**fields, "matter": "事" * 501}, form_page=url)
    assert "不能超过 500 个字" in response.get_data(as_text=True)

    response = post(
        office_client, url, {**fields, "replacement": "数据共享，部门网络核验"}, form_page=url
    )
    draft_id = _draft_id(response)
    page = office_client.get(f"/admin/drafts/{draft_id}").get_data(as_text=True)
    assert "修改 <strong>1</strong> 项" in page
    assert "新增 <strong>0</strong> 项，删除 <strong>0</strong> 项" in page
    assert "数据共享，部门网络核验" in page
    assert "只有发布人可以发布" in page

    client2 = office.test_client()
    login(client2, "publisher1")
    post(client2, f"/admin/drafts/{draft_id}/publish", {"note": "改一项"})
    with office.app_context():
        after = store.get_item(item["id"])
    assert after["replacement"] == "数据共享，部门网络核验"
    assert after["since_version"] == item["since_version"]


def test_new_item_is_added_through_review(office, office_client):
    login(office_client, "editor1")
    url = "/admin/items/new?list=retained"
    response = post(office_client, url, {"name": NEW_NAME, "matter": "养殖证办理"}, form_page=url)
    page = office_client.get(f"/admin/drafts/{_draft_id(response)}").get_data(as_text=True)
    assert (
        "新增 <strong>1</strong> 项，删除 <strong>0</strong> 项，修改 <strong>0</strong> 项" in page
    )
    assert NEW_NAME in page
    assert office_client.get("/admin/items/new?list=other").status_code == 404
    assert office_client.get("/admin/items/nope/edit").status_code == 404


def test_audit_log_lists_the_actions_newest_first(office, office_client, tmp_path):
    path, _, _ = _good_workbook(office, tmp_path)
    login(office_client, "publisher1")
    draft_id = _draft_id(_upload(office_client, path))
    post(office_client, f"/admin/drafts/{draft_id}/publish", {"note": "审计"})
    page = office_client.get("/admin/audit").get_data(as_text=True)
    order = [page.index(word) for word in ("发布草稿", "新清单.xlsx：读取", "登录成功")]
    assert order == sorted(order)
    assert "publisher1" in page
    assert "127.0.0.1" in page
    with office.app_context():
        actions = list(get_session().scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == ["login", "upload", "publish"]
