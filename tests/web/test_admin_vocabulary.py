"""Office pages: a vocabulary change proposed from a failed query on the insights page,
previewed, published, followed by a second app on the same database, and rolled back."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from sqlalchemy import select
from support import login, make_app, office_app, post

from lookup.lists.db import get_session
from lookup.lists.models import AuditEntry
from lookup.office import insights, vocab_publishing
from lookup.office.audit import Actor
from lookup.office.vocab_changes import parse

ROOT = Path(__file__).resolve().parents[2]
DOG = {"kind": "synonym", "words": "犬证 宠物证", "targets": "居民养犬证明", "query": "犬证"}


@pytest.fixture
def office(home, tmp_path):
    """The office app with a few tuning questions (a preview of the whole set takes longer)."""
    lines = (ROOT / "tests" / "relevance" / "pinghu.tsv").read_text(encoding="utf-8").splitlines()
    keep = [lines[0], *(line for line in lines if line.split("\t")[1] == "居民养犬证明")]
    path = tmp_path / "tuning.tsv"
    path.write_text("\n".join(keep) + "\n", encoding="utf-8")
    return office_app(home, VOCAB_TUNING_SET=str(path))


@pytest.fixture
def office_client(office):
    return office.test_client()


def answer(client, query: str) -> str:
    response = client.get("/api/v1/search", query_string={"q": query})
    assert response.status_code == 200
    return response.get_json()["answer"]["status"]


def text(response) -> str:
    return unescape(re.sub(r"<[^>]+>", "", response.get_data(as_text=True)))


def hidden_fields(page: str, action: str) -> dict[str, str]:
    """The fields of the form posting to `action`, as a browser would send them."""
    form = page[page.index(f'action="{action}"') :]
    form = form[: form.index("</form>")]
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    return {k: unescape(v) for k, v in fields.items()}


def test_a_change_from_a_failed_query_is_previewed_published_followed_and_rolled_back(
    office, office_client
):
    # A resident asks in everyday words; the lists call it 居民养犬证明.
    assert answer(office_client, "犬证") == "not_listed"
    assert answer(office_client, "宠物证") == "not_listed"
    with office.app_context():
        insights.flush_all()
    # A second app on the same database: another worker or node, with its own engine.
    other = make_app(Path(office.config["LOOKUP_HOME"])).test_client()
    assert answer(other, "犬证") == "not_listed"

    login(office_client, "publisher1")
    page = office_client.get("/admin/insights").get_data(as_text=True)
    assert "data/vocab" not in page
    assert "/admin/vocabulary/propose?q=%E7%8A%AC%E8%AF%81" in page  # 犬证

    form = office_client.get("/admin/vocabulary/propose?q=犬证")
    assert form.status_code == 200
    assert 'value="犬证"' in form.get_data(as_text=True)

    preview = post(office_client, "/admin/vocabulary/preview", DOG)
    assert preview.status_code == 200, text(preview)
    shown = text(preview)
    assert "将添加到同义词表" in shown
    assert "犬证 宠物证 => 居民养犬证明" in shown
    assert "修改后能回答其中 2 条" in shown
    assert "「居民养犬证明」不用开了" in shown
    assert "目前回答正确的 1 个问题，答案都没有变化" in shown
    assert answer(office_client, "犬证") == "not_listed"  # a preview publishes nothing

    fields = hidden_fields(preview.get_data(as_text=True), "/admin/vocabulary/publish")
    assert fields == {**DOG, "base": "0"}
    published = post(office_client, "/admin/vocabulary/publish", fields)
    assert published.status_code == 302
    assert published.headers["Location"].endswith("/admin/vocabulary")

    assert answer(office_client, "犬证") == "abolished"  # the cached answer is not reused
    assert answer(other, "宠物证") == "abolished"
    versions = office_client.get("/admin/vocabulary")
    assert "已发布检索词表第 1 版" in text(versions)
    assert "＋ 犬证 宠物证 => 居民养犬证明" in text(versions)

    back = post(office_client, "/admin/vocabulary/rollback", {"version": "0", "confirm": "y"})
    assert back.status_code == 302
    assert answer(other, "犬证") == "not_listed"
    assert answer(office_client, "宠物证") == "not_listed"
    assert "正在使用：第 2 版" in text(office_client.get("/admin/vocabulary"))

    log = text(office_client.get("/admin/audit"))
    assert "发布检索词表" in log
    assert "回滚检索词表" in log
    with office.app_context():
        who = list(
            get_session().scalars(select(AuditEntry.user).where(AuditEntry.action.like("vocab_%")))
        )
    assert who == ["publisher1", "publisher1"]


def test_an_invalid_proposal_shows_every_problem_and_keeps_the_input(office_client):
    login(office_client, "editor1")
    form = {"kind": "synonym", "words": "狗 办狗证要什么证明", "targets": "养狗证", "query": "狗证"}
    response = post(office_client, "/admin/vocabulary/preview", form)
    assert response.status_code == 422
    shown = text(response)
    assert "这项修改未通过检查" in shown
    assert "“狗”已写在同义词表中" in shown
    assert "“办狗证要什么证明”超过 5 个字" in shown
    assert "“养狗证”不是当前发布的清单" in shown
    page = response.get_data(as_text=True)
    assert 'value="狗 办狗证要什么证明"' in page
    assert 'aria-invalid="true"' in page
    assert "发布这项修改" not in page


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"kind": "filler", "words": "无"}, "“无”是否定词，不能作为停用词"),
        ({"kind": "lookalike", "words": "证正"}, "“证”已在形近字组“证征”中"),
        ({"kind": "", "words": "犬证"}, "请选择要添加的内容"),
        ({"kind": "task", "words": "领狗牌", "targets": ""}, "请填写办理事项中的词"),
    ],
)
def test_refusals_of_each_kind(office_client, form, message):
    login(office_client, "editor1")
    response = post(office_client, "/admin/vocabulary/preview", form)
    assert response.status_code == 422
    assert message in text(response)


def test_an_editor_previews_but_only_a_publisher_publishes(office, office_client):
    login(office_client, "editor1")
    preview = post(office_client, "/admin/vocabulary/preview", DOG)
    assert preview.status_code == 200
    assert "发布需要发布人账号" in text(preview)
    assert "/admin/vocabulary/publish" not in preview.get_data(as_text=True)
    refused = post(office_client, "/admin/vocabulary/publish", {**DOG, "base": "0"})
    assert refused.status_code == 403
    assert answer(office_client, "犬证") == "not_listed"
    # With a version to roll back to, an editor still sees no rollback button.
    with office.app_context():
        vocab_publishing.publish_proposal(office, parse(DOG), base=0, actor=Actor("publisher1"))
    page = office_client.get("/admin/vocabulary").get_data(as_text=True)
    assert "第 1 版" in page
    assert 'action="/admin/vocabulary/rollback"' not in page
    assert (
        post(
            office_client, "/admin/vocabulary/rollback", {"version": "0", "confirm": "y"}
        ).status_code
        == 403
    )


def test_publishing_needs_a_preview_of_the_vocabulary_in_effect(office_client):
    login(office_client, "publisher1")
    unpreviewed = post(office_client, "/admin/vocabulary/publish", DOG)
    assert unpreviewed.status_code == 400
    assert "请先预览这项修改" in text(unpreviewed)
    first = post(office_client, "/admin/vocabulary/publish", {**DOG, "base": "0"})
    assert first.status_code == 302
    filler = {"kind": "filler", "words": "咋整", "base": "0"}
    stale = post(office_client, "/admin/vocabulary/publish", filler)
    assert stale.status_code == 409
    assert "检索词表已有新版本（第 1 版）" in text(stale)
    assert "请重新预览后再发布" in text(stale)


def test_a_form_without_its_token_is_refused(office_client):
    login(office_client, "publisher1")
    response = office_client.post("/admin/vocabulary/publish", data={**DOG, "base": "0"})
    assert response.status_code == 400
    assert answer(office_client, "犬证") == "not_listed"


def test_the_pages_need_a_signed_in_user(office_client):
    for url in ("/admin/vocabulary", "/admin/vocabulary/propose?q=犬证"):
        response = office_client.get(url)
        assert response.status_code == 302
        assert "/admin/login" in response.headers["Location"]


def test_a_query_is_shown_as_text(office_client):
    login(office_client, "editor1")
    page = office_client.get("/admin/vocabulary/propose", query_string={"q": "<b>犬证</b>" * 30})
    body = page.get_data(as_text=True)
    assert "<b>犬证</b>" not in body
    assert "&lt;b&gt;犬证" in body


def test_rolling_back_needs_the_confirmation(office_client):
    login(office_client, "publisher1")
    response = post(office_client, "/admin/vocabulary/rollback", {"version": "0"})
    assert response.status_code == 302
    assert "请勾选确认后再回滚" in text(office_client.get("/admin/vocabulary"))
    unknown = post(office_client, "/admin/vocabulary/rollback", {"version": "9", "confirm": "y"})
    assert unknown.status_code == 302
    assert "词表版本 9 不存在" in text(office_client.get("/admin/vocabulary"))
