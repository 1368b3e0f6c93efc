"""Background publish jobs: progress in the draft row, busy and failed jobs, interrupted jobs."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from datetime import timedelta

from support import login, post
from xlsx_factory import item_row, official_list

from lookup.lists import lease, store
from lookup.lists.db import get_session
from lookup.lists.models import Draft, utcnow
from lookup.office import drafts, jobs, publishing, workflow
from lookup.office.audit import Actor


def _edit_draft(office, replacement="告知承诺（测试）") -> int:
    """A clean draft: the abolished list with one item's replacement changed."""
    with office.app_context():
        session = get_session()
        item = store.items_of(list_kind="abolished", session=session)[0]
        values = {**item, "replacement": replacement}
        return drafts.save_edit(session, "abolished", item["id"], values, "editor1").id


def _draft(office, draft_id: int) -> dict:
    with office.app_context():
        session = get_session()
        return jobs.state(session, session.get(Draft, draft_id))


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _join(draft_id: int) -> None:
    for thread in threading.enumerate():
        if thread.name == f"publish-{draft_id}":
            thread.join()


def test_publish_runs_in_a_background_thread(office, office_client):
    draft_id = _edit_draft(office)
    login(office_client, "publisher1")
    response = post(office_client, f"/admin/drafts/{draft_id}/publish", {"note": "后台"})
    assert response.status_code == 302  # the request returns at once
    _join(draft_id)
    assert _draft(office, draft_id)["status"] == "published"
    page = office_client.get(f"/admin/drafts/{draft_id}").get_data(as_text=True)
    assert "已发布为版本 2" in page
    with office.app_context():
        assert store.current_version() == 2
        assert store.versions()[0]["note"] == "后台"


def test_running_job_page_polls_and_has_a_refresh_link(office, office_client):
    draft_id = _edit_draft(office)
    assert jobs.claim(office, draft_id)
    with office.app_context():
        assert lease.acquire(get_session(), publishing.LEASE, lease.holder_name(), 60) is None
    login(office_client, "editor1")
    page = office_client.get(f"/admin/drafts/{draft_id}").get_data(as_text=True)
    assert 'data-status="publishing"' in page
    assert "admin.js" in page
    assert "刷新查看进度" in page
    assert "<script>" not in page  # the CSP forbids inline scripts
    status = office_client.get(f"/admin/drafts/{draft_id}/status").get_json()
    assert status["status"] == "publishing"
    assert status["done"] is False


def test_job_records_progress_and_result(office):
    draft_id = _edit_draft(office)
    assert jobs.claim(office, draft_id)
    assert not jobs.claim(office, draft_id)  # one job per draft
    seen = []

    def work(progress):
        progress("写入数据库")
        seen.append(_draft(office, draft_id)["progress"])
        return 7

    jobs.start(office, draft_id, work).join()
    assert seen == ["写入数据库"]
    assert _draft(office, draft_id) == {
        "id": draft_id,
        "status": "published",
        "progress": "已发布为版本 7",
        "published_version": 7,
        "done": True,
    }


def test_busy_publish_inside_the_job_reopens_the_draft(office):
    draft_id = _edit_draft(office)
    with office.app_context():
        lease.acquire(get_session(), publishing.LEASE, lease.holder_name(), 60, "别的发布")
    assert jobs.claim(office, draft_id)
    with office.app_context():
        rows = drafts.get(get_session(), draft_id, rows=True).rows

    def work(progress):
        return publishing.publish_lists(
            office, {"abolished": rows}, note="", author="t", source="t", progress=progress
        )

    jobs.start(office, draft_id, work).join()
    state = _draft(office, draft_id)
    assert state["status"] == "open"
    assert state["progress"] == "正在进行另一次发布（别的发布），请稍后再试。"


def test_failed_job_reopens_the_draft_without_raising(office):
    draft_id = _edit_draft(office)
    assert jobs.claim(office, draft_id)

    def work(_progress):
        raise RuntimeError("disk full")

    jobs.start(office, draft_id, work).join()
    state = _draft(office, draft_id)
    assert state["status"] == "open"
    assert state["progress"].startswith("发布失败")


def _pretend_running(office, draft_id: int, **job) -> None:
    with office.app_context():
        session = get_session()
        draft = session.get(Draft, draft_id)
        draft.status = "publishing"
        draft.report = {**draft.report, "job": job}
        session.commit()


def test_job_of_a_dead_process_shows_interrupted_and_can_be_published_again(office, office_client):
    draft_id = _edit_draft(office)
    started = utcnow().isoformat()
    _pretend_running(office, draft_id, host=socket.gethostname(), pid=_dead_pid(), started=started)
    assert _draft(office, draft_id)["status"] == "interrupted"
    login(office_client, "publisher1")
    page = office_client.get(f"/admin/drafts/{draft_id}").get_data(as_text=True)
    assert "发布中断" in page
    assert "发布为新版本" in page
    office.config["JOBS_SYNC"] = True
    post(office_client, f"/admin/drafts/{draft_id}/publish", {"note": "重来"})
    assert _draft(office, draft_id)["status"] == "published"


def test_job_elsewhere_is_interrupted_only_once_the_lease_is_free(office):
    draft_id = _edit_draft(office)
    long_ago = (utcnow() - timedelta(minutes=5)).isoformat()
    _pretend_running(office, draft_id, host="other-node", pid=1, started=long_ago)
    with office.app_context():
        holder = lease.holder_name()
        lease.acquire(get_session(), publishing.LEASE, holder, 60, "other-node")
    assert _draft(office, draft_id)["status"] == "publishing"
    with office.app_context():
        lease.release(get_session(), publishing.LEASE, holder)
    assert _draft(office, draft_id)["status"] == "interrupted"
    # A job that has only just started has not taken the lease yet: not interrupted.
    _pretend_running(office, draft_id, host="other-node", pid=1, started=utcnow().isoformat())
    assert _draft(office, draft_id)["status"] == "publishing"


def test_lease_of_a_dead_holder_does_not_block(office):
    with office.app_context():
        session = get_session()
        dead = f"{socket.gethostname()}:{_dead_pid()}:abcd1234"
        lease.acquire(session, publishing.LEASE, dead, 60, "已停止的发布")
        assert jobs.busy_detail(session) is None


def test_rollback_from_the_versions_page(office, office_client):
    office.config["JOBS_SYNC"] = True
    draft_id = _edit_draft(office)
    with office.app_context():
        before = store.items_of(1)
    workflow.publish_draft(office, draft_id, note="", actor=Actor("publisher1"), background=True)

    login(office_client, "editor1")
    page = office_client.get("/admin/versions").get_data(as_text=True)
    assert "第 2 版" in page
    assert "确认回滚" not in page
    assert (
        post(
            office_client, "/admin/versions/rollback", {"version": "1", "confirm": "y"}
        ).status_code
        == 403
    )

    office_client = office.test_client()
    login(office_client, "publisher1")
    response = post(
        office_client, "/admin/versions/rollback", {"version": "1"}, follow_redirects=True
    )
    assert "请勾选确认" in response.get_data(as_text=True)
    response = post(
        office_client,
        "/admin/versions/rollback",
        {"version": "1", "confirm": "y"},
        follow_redirects=True,
    )
    assert "已发布为版本 3" in response.get_data(as_text=True)
    with office.app_context():
        assert store.current_version() == 3
        after = store.items_of(3)
    assert [(i["id"], i["replacement"]) for i in after] == [
        (i["id"], i["replacement"]) for i in before
    ]
    assert "回滚到版本 1" in office_client.get("/admin/audit").get_data(as_text=True)


def _upload_in_background(office, office_client, tmp_path, body: bytes) -> int:
    office.config["UPLOAD_INLINE_BYTES"] = 0  # every upload counts as a long list here
    path = tmp_path / "清单.xlsx"
    path.write_bytes(body)
    login(office_client, "editor1")
    data = {"list_kind": "abolished", "file": (path.open("rb"), path.name)}
    response = post(office_client, "/admin/upload", data, form_page="/admin/upload")
    draft_id = int(response.headers["Location"].rsplit("/", 1)[1])
    for thread in threading.enumerate():
        if thread.name == f"read-{draft_id}":
            thread.join()
    return draft_id


def test_long_upload_is_read_in_the_background(office, office_client, tmp_path):
    source = tmp_path / "source.xlsx"
    official_list(source, [item_row(1), item_row(2, name="户籍证明")])
    draft_id = _upload_in_background(office, office_client, tmp_path, source.read_bytes())
    assert _draft(office, draft_id)["status"] == "open"
    page = office_client.get(f"/admin/drafts/{draft_id}").get_data(as_text=True)
    assert "读取 2 行，有效 2 项" in page


def test_unreadable_long_upload_is_rejected_on_the_draft_page(office, office_client, tmp_path):
    draft_id = _upload_in_background(office, office_client, tmp_path, b"PK\x03\x04 broken")
    state = _draft(office, draft_id)
    assert state["status"] == "rejected"
    assert state["progress"].startswith("无法读取「清单.xlsx」")
    page = office_client.get(f"/admin/drafts/{draft_id}").get_data(as_text=True)
    assert "无法导入" in page
    assert "重新上传" in page


def test_reading_job_of_a_dead_process_is_reported(office):
    with office.app_context():
        job = {"host": socket.gethostname(), "pid": _dead_pid(), "started": utcnow().isoformat()}
        draft = drafts.start_upload(get_session(), "abolished", "x.xlsx", "editor1", job)
    assert _draft(office, draft.id)["status"] == "rejected"
