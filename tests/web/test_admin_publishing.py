"""The office pages of a real publication: a department's rows, official details and a future
施行日期, the announcement, removals confirmed by their count, withdrawal, per-list rollback,
bulk discard, and Beijing time on every page a person reads."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import openpyxl
import pytest
from support import login, post
from xlsx_factory import official_list, rows_of

from lookup.core import clock
from lookup.lists import store
from lookup.lists.db import get_session
from lookup.lists.models import Draft

pytestmark = pytest.mark.office(JOBS_SYNC=True)
POLICE = "市公安局"
NEW_NAME = "测试专用鸭梨证明"


@pytest.fixture
def later():
    def move(to):
        clock.set_offset(timedelta(0))
        clock.set_offset(to - clock.utcnow())

    yield move
    clock.set_offset(timedelta(0))


def police_file(office, tmp_path):
    with office.app_context():
        items = [i for i in store.items_of(1, "abolished") if i["requiring_department"] == POLICE]
    rows = rows_of(items[1:])
    rows[0][6] = "数据共享：公安部门网络核验"
    rows.append([99, NEW_NAME, "测试事项办理", POLICE, "派出所", "", "告知承诺", ""])
    return official_list(tmp_path / "公安局.xlsx", rows), items


def upload(client, path, list_kind="abolished"):
    data = {"list_kind": list_kind, "file": (path.open("rb"), path.name)}
    response = post(client, "/admin/upload", data, form_page="/admin/upload")
    return int(re.search(r"/admin/drafts/(\d+)$", response.headers["Location"]).group(1))


def publish(client, draft_id, **data):
    return post(
        client,
        f"/admin/drafts/{draft_id}/publish",
        data,
        form_page=f"/admin/drafts/{draft_id}",
        follow_redirects=True,
    )


def test_a_departments_upload_is_reviewed_scheduled_and_announced(office, office_client, tmp_path):
    path, police = police_file(office, tmp_path)
    login(office_client, "publisher1")
    draft_id = upload(office_client, path)
    page = office_client.get(f"/admin/drafts/{draft_id}").get_data(as_text=True)
    assert f"仅更新「{POLICE}」的事项</strong>处理" in page
    assert "已自动识别" in page
    assert (
        "新增 <strong>1</strong> 项，删除 <strong>1</strong> 项，修改 <strong>1</strong> 项" in page
    )
    assert '<th scope="row">D</th><td>索要单位</td>' in page  # the column mapping
    assert 'name="doc_number"' in page
    assert 'name="effective_on"' in page
    assert "我确认删除" not in page

    effective = clock.today() + timedelta(days=30)
    response = publish(
        office_client,
        draft_id,
        note="市公安局调整",
        doc_number="平司〔2026〕12号",
        issuer="平湖市司法局",
        issued_on=clock.today().isoformat(),
        effective_on=effective.isoformat(),
    )
    assert "已发布为版本 2" in response.get_data(as_text=True)
    with office.app_context():
        assert store.current_version() == 1
        [announced] = store.scheduled_versions()
    assert announced["doc_number"] == "平司〔2026〕12号"

    changes = office_client.get("/changes").get_data(as_text=True)
    assert "即将生效的调整" in changes
    assert f"第 2 版：自 {clock.chinese_date(effective)}起施行" in changes
    assert "平司〔2026〕12号" in changes
    assert NEW_NAME in changes
    assert "在此之前，查询结果仍按现行的第 1 版清单答复" in changes
    item = office_client.get(f"/items/{police[0]['id']}").get_data(as_text=True)
    assert f"自 {clock.chinese_date(effective)}起，本项将移出清单" in item
    found = office_client.get("/search", query_string={"q": police[1]["name"]})
    assert "本项的取消后办理方式将调整" in found.get_data(as_text=True)
    desk = office_client.get("/desk", query_string={"q": police[1]["name"]})
    assert "本项的取消后办理方式将调整" in desk.get_data(as_text=True)
    api_item = office_client.get(f"/api/v1/items/{police[1]['id']}").get_json()
    assert api_item["coming_change"]["kind"] == "changed"
    assert api_item["coming_change"]["fields"] == ["replacement"]
    versions = office_client.get("/api/v1/versions").get_json()
    assert (versions["current"], versions["scheduled"]) == (1, [2])
    dashboard = office_client.get("/admin/").get_data(as_text=True)
    assert "已公告：第 2 版" in dashboard


def test_the_scheduled_version_answers_from_its_date(office, office_client, tmp_path, later):
    path, police = police_file(office, tmp_path)
    login(office_client, "publisher1")
    draft_id = upload(office_client, path)
    effective = clock.today() + timedelta(days=3)
    publish(
        office_client, draft_id, effective_on=effective.isoformat(), doc_number="平司〔2026〕1号"
    )
    assert office_client.get("/healthz").get_json()["version"] == 1
    later(clock.start_of_day(effective))
    assert office_client.get("/healthz").get_json()["version"] == 2
    assert office_client.get(f"/items/{police[0]['id']}").status_code == 404
    changes = office_client.get("/changes").get_data(as_text=True)
    assert "即将生效的调整" not in changes
    assert '<span class="badge badge-current">现行</span>' in changes
    listing = office_client.get("/lists/abolished").get_data(as_text=True)
    assert "平司〔2026〕1号" in listing


def test_switching_to_the_whole_list_asks_to_confirm_the_removals(office, office_client, tmp_path):
    path, _ = police_file(office, tmp_path)
    login(office_client, "publisher1")
    draft_id = upload(office_client, path)
    post(
        office_client,
        f"/admin/drafts/{draft_id}/scope",
        {"department": ""},
        form_page=f"/admin/drafts/{draft_id}",
    )
    page = office_client.get(f"/admin/drafts/{draft_id}").get_data(as_text=True)
    assert "按<strong>整份清单</strong>处理" in page
    assert "这次发布将删除 <strong>196</strong> 项" in page
    assert 'name="confirm_removals" value="196"' in page
    response = publish(office_client, draft_id, doc_number="平司〔2026〕3号")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "删除 196 项（共 216 项，占 90%）" in page
    assert 'value="平司〔2026〕3号"' in page  # what was typed is kept
    with office.app_context():
        assert store.current_version() == 1
    response = publish(office_client, draft_id, confirm_removals="196")
    assert "已发布为版本 2" in response.get_data(as_text=True)
    with office.app_context():
        assert len(store.items_of(2, "abolished")) == 21


def test_wrong_dates_are_shown_on_the_form(office, office_client, tmp_path):
    path, _ = police_file(office, tmp_path)
    login(office_client, "publisher1")
    draft_id = upload(office_client, path)
    response = publish(office_client, draft_id, issued_on="2027-02-01", effective_on="2027-01-01")
    assert response.status_code == 400
    assert "施行日期不能早于发布日期" in response.get_data(as_text=True)
    response = publish(office_client, draft_id, effective_on="明年")
    assert response.status_code == 400
    assert "请填写日期，如 2027-01-01" in response.get_data(as_text=True)
    with office.app_context():
        assert store.latest_version() == 1


def test_a_publish_that_changes_nothing_is_not_offered(office, office_client, tmp_path):
    with office.app_context():
        path = official_list(tmp_path / "same.xlsx", rows_of(store.items_of(1, "abolished")))
    login(office_client, "publisher1")
    draft_id = upload(office_client, path)
    page = office_client.get(f"/admin/drafts/{draft_id}").get_data(as_text=True)
    assert "发布不会带来任何变化，不能发布" in page
    assert "发布为新版本" not in page
    response = publish(office_client, draft_id)
    assert "内容与第 1 版完全相同" in response.get_data(as_text=True)
    with office.app_context():
        assert store.latest_version() == 1


def test_withdraw_and_per_list_rollback_on_the_versions_page(office, office_client, tmp_path):
    path, _ = police_file(office, tmp_path)
    login(office_client, "publisher1")
    publish(office_client, upload(office_client, path))  # version 2, in effect at once
    page = office_client.get("/admin/versions").get_data(as_text=True)
    assert "确认撤回第 2 版" in page
    assert "确认撤回第 1 版" not in page
    response = post(
        office_client,
        "/admin/versions/withdraw",
        {"version": "2", "confirm": "y"},
        form_page="/admin/versions",
        follow_redirects=True,
    )
    assert "请写明撤回的原因" in response.get_data(as_text=True)
    response = post(
        office_client,
        "/admin/versions/withdraw",
        {"version": "2", "reason": "误传", "confirm": "y"},
        form_page="/admin/versions",
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "已撤回第 2 版；现行清单为第 1 版" in page
    assert "由 publisher1 撤回：误传" in page
    assert "第 2 版" not in office_client.get("/changes").get_data(as_text=True)
    assert "撤回第 2 版：误传" in office_client.get("/admin/audit").get_data(as_text=True)

    publish(office_client, upload(office_client, path))  # version 3
    with office.app_context():
        retained = store.items_of(1, "retained")
    response = post(
        office_client,
        "/admin/versions/rollback",
        {"version": "1", "lists": "abolished", "confirm": "y"},
        form_page="/admin/versions",
        follow_redirects=True,
    )
    assert "已发布为版本 4" in response.get_data(as_text=True)
    with office.app_context():
        assert store.items_of(4, "abolished") == store.items_of(1, "abolished")
        assert store.items_of(4, "retained") == retained
    response = post(
        office_client,
        "/admin/versions/rollback",
        {"version": "1", "lists": "abolished", "confirm": "y"},
        form_page="/admin/versions",
        follow_redirects=True,
    )
    assert "回滚不会带来任何变化" in response.get_data(as_text=True)


def test_bulk_discard_needs_a_confirmation(office, office_client, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("证明名称,办理事项\n,入学\n", encoding="utf-8")
    login(office_client, "publisher1")
    ids = [upload(office_client, bad) for _ in range(3)]
    dashboard = office_client.get("/admin/").get_data(as_text=True)
    assert dashboard.count('class="has-errors"') == 3
    response = post(
        office_client, "/admin/drafts/discard", {"drafts": ids[:2]}, follow_redirects=True
    )
    assert "请勾选要放弃的草稿" in response.get_data(as_text=True)
    response = post(
        office_client,
        "/admin/drafts/discard",
        {"drafts": ids[:2], "confirm": "y"},
        follow_redirects=True,
    )
    assert "已放弃 2 份草稿" in response.get_data(as_text=True)
    with office.app_context():
        statuses = [get_session().get(Draft, i).status for i in ids]
    assert statuses == ["discarded", "discarded", "open"]


def test_office_pages_and_exports_show_beijing_time(office, office_client, tmp_path):
    path, _ = police_file(office, tmp_path)
    login(office_client, "publisher1")
    draft_id = upload(office_client, path)
    with office.app_context():
        created = get_session().get(Draft, draft_id).created_at
    beijing, utc = clock.beijing(created), created.strftime("%Y-%m-%d %H:%M")
    assert beijing != utc
    for url in ("/admin/", f"/admin/drafts/{draft_id}"):
        page = office_client.get(url).get_data(as_text=True)
        assert beijing in page, url
        assert utc not in page, url
    publish(office_client, draft_id, doc_number="平司〔2026〕12号", issued_on="2026-12-01")
    with office.app_context():
        published = store.version_info(2)["published_at"]
    versions = office_client.get("/admin/versions").get_data(as_text=True)
    assert f"{clock.beijing(published)} 发布" in versions
    assert published[:16].replace("T", " ") not in versions

    xlsx = office_client.get("/api/v1/lists/abolished?format=xlsx").data
    title = openpyxl.load_workbook(io.BytesIO(xlsx)).active["A2"].value
    assert "文号：平司〔2026〕12号" in title
    assert "发布日期：2026 年 12 月 1 日" in title
    assert f"导出日期：{clock.today().isoformat()}" in title
    csv_lines = office_client.get("/api/v1/lists/abolished?format=csv").data.decode("utf-8-sig")
    assert csv_lines.splitlines()[1].startswith("文号：平司〔2026〕12号")
    body = office_client.get("/api/v1/lists/abolished").get_json()
    assert body["publication"]["doc_number"] == "平司〔2026〕12号"
    assert body["publication"]["effective_at"].endswith("+00:00")


def test_the_sample_notice_goes_once_official_lists_are_published(office, office_client, tmp_path):
    notice = "本站清单为示例数据"
    assert notice in office_client.get("/").get_data(as_text=True)
    path, _ = police_file(office, tmp_path)
    login(office_client, "publisher1")
    publish(office_client, upload(office_client, path))
    assert notice not in office_client.get("/").get_data(as_text=True)


def test_the_cli_json_export_carries_the_details_and_beijing_time(office, tmp_path):
    runner = office.test_cli_runner()
    path, _ = police_file(office, tmp_path)
    result = runner.invoke(
        args=[
            "import",
            str(path),
            "--list",
            "abolished",
            "--department",
            "auto",
            "--publish",
            "--doc-number",
            "平司〔2026〕12号",
            "--effective-on",
            "2020-01-01",
        ]
    )
    assert result.exit_code == 0, result.output
    out = runner.invoke(args=["export", "--list", "abolished", "--format", "json", "-o", "-"])
    body = json.loads(out.stdout)
    assert body["publication"]["doc_number"] == "平司〔2026〕12号"
    assert body["publication"]["effective_on"] == "2020-01-01"
    assert body["exported_at"].endswith("+08:00")


def test_a_sheet_of_a_two_list_workbook_is_chosen_on_upload(office, office_client, tmp_path):
    from xlsx_factory import HEADER_TOP, write_xlsx

    retained = [
        ["序号", "证明名称", "办理事项", "索要单位", "开具单位", "设定依据"],
        [1, "户籍证明", "入学", "市教育局", "派出所", "《户口登记条例》"],
    ]
    abolished = [HEADER_TOP, [1, "亲属关系证明", "居住证办理", POLICE, "村（居）委会", "条例"]]
    path = write_xlsx(
        tmp_path / "两张清单.xlsx", retained, title="保留清单", before=[("取消清单", abolished)]
    )
    login(office_client, "publisher1")
    data = {"list_kind": "retained", "sheet": "保留清单", "file": (path.open("rb"), path.name)}
    response = post(office_client, "/admin/upload", data, form_page="/admin/upload")
    page = office_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "工作表「保留清单」" in page
    assert "工作表「取消清单」也像一份清单" in page
    assert "户籍证明" in page
    data = {"list_kind": "retained", "sheet": "附件", "file": (path.open("rb"), path.name)}
    response = post(office_client, "/admin/upload", data, form_page="/admin/upload")
    assert response.status_code == 400
    assert "没有名为「附件」的工作表" in response.get_data(as_text=True)
