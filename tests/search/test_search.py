"""The search service over the shipped lists: ranking, answers, highlighting, suggestions."""

from __future__ import annotations

import pytest
from support import RESULT_FIELDS

from lookup.office.engines import follower
from lookup.search import service, suggest
from lookup.search.query import understand

STATUSES = {"abolished", "retained", "mixed", "task", "uncertain", "not_listed"}


@pytest.fixture
def engine(app):
    return follower(app).get()


@pytest.fixture
def run(engine):
    def _run(query, **kwargs):
        return service.search(engine, query, **kwargs)

    return _run


@pytest.mark.parametrize(
    ("query", "name"),
    (
        ("无犯罪记录证明", "无犯罪记录证明"),
        ("证明我妈是我妈", "亲属关系证明"),
        ("wfzjlzm", "无犯罪记录证明"),
        ("qinshuguanxizhengming", "亲属关系证明"),
        ("親屬關係證明", "亲属关系证明"),
        ("无犯罪纪录证明", "无犯罪记录证明"),
        ("婚姻壮况证明", "婚姻状况证明"),
        ("户口准签证", "户口准迁证"),
        ("收人证明", "收入证明"),
        ("养狗证明", "居民养犬证明"),
    ),
)
def test_first_result(run, query, name):
    assert run(query)["results"][0]["name"] == name


@pytest.mark.parametrize(
    ("query", "status"),
    (
        ("居民养犬证明", "abolished"),
        ("亲属关系证明", "mixed"),
        ("办火化要死亡证明吗", "retained"),
        ("驾驶证年审", "not_listed"),
        ("社保卡补办", "not_listed"),
        ("需要吗", "not_listed"),
    ),
)
def test_answer_status(run, query, status):
    assert run(query)["answer"]["status"] == status


def test_matter_decides_and_is_named(run):
    answer = run("教师资格认定要无犯罪记录证明吗")["answer"]
    assert answer["status"] == "retained"
    assert "教师资格认定" in answer["text"]


def test_not_listed_states_the_rule_and_where_to_ask(run):
    text = run("驾驶证年审")["answer"]["text"]
    assert "不得要求申请人提供" in text
    assert "12345" in text
    assert "司法局" in text


def test_mixed_says_which_tasks_still_need_it(run):
    text = run("亲属关系证明")["answer"]["text"]
    assert text.startswith("「亲属关系证明」看办什么事：办理亲属关系公证")
    assert "还要开" in text
    assert "办其他事项不用开了" in text


def test_result_shape(run):
    result = run("亲属关系证明", per_page=5)
    assert set(result) >= {
        "query",
        "version",
        "total",
        "page",
        "per_page",
        "answer",
        "results",
        "suggestions",
    }
    first = result["results"][0]
    # Plain data: the web layer adds each result's page address.
    extra = {"method", "seq", "since_version", "task_id"}
    assert set(first) == RESULT_FIELDS - {"url"} | extra
    assert len(result["results"]) == 5


def test_filters(run):
    result = run("亲属关系证明", list_kind="retained")
    assert result["results"]
    assert {r["list"] for r in result["results"]} == {"retained"}


def test_pages_do_not_overlap(run):
    first = run("证明", page=1, per_page=5)["results"]
    second = run("证明", page=2, per_page=5)["results"]
    assert not {r["id"] for r in first} & {r["id"] for r in second}


def test_highlight_marks_whole_words_and_escapes(run):
    result = run("犯罪记录")
    first = result["results"][0]
    assert "<mark>" in first["highlight"]
    assert first["highlight"].replace("<mark>", "").replace("</mark>", "") == first["name"]


def test_highlight_escapes_markup(engine):
    q = understand("犯罪", engine.seg)
    html = service.highlight(engine, "<b>无犯罪</b>记录证明", q)
    assert "<b>" not in html
    assert "&lt;b&gt;" in html


def test_suggestions_offer_other_names_not_the_answered_one(run):
    result = run("wfzjlzm")
    assert "无犯罪记录证明" in result["answer"]["text"]
    assert "无犯罪记录证明" not in result["suggestions"]
    assert run("驾驶证年审")["suggestions"]  # nothing listed: names that come close


def test_suggest_autocomplete(engine):
    assert "亲属关系证明" in suggest.suggest(engine, "亲属")
    assert "无犯罪记录证明" in suggest.suggest(engine, "wfz")
    assert suggest.suggest(engine, "") == []


@pytest.mark.parametrize(
    "query",
    ("AND OR NOT", "name:亲属 OR *", "((((", "\x00证明", "证" * 5000, "😀😀", "%zz"),
)
def test_hostile_queries_answer(run, query):
    result = run(query)
    assert result["answer"]["status"] in STATUSES


def test_cache_is_keyed_by_version(app, run):
    before = run("亲属关系证明")
    assert before["version"] == 1
    assert run("亲属关系证明")["results"] == before["results"]


def test_department_filter_is_the_lists_one(app, run):
    from lookup.lists import store

    department = store.department_of(run("亲属关系证明")["results"][0])
    result = run("亲属关系证明", department=department, per_page=50)
    assert result["results"]
    assert {store.department_of(r) for r in result["results"]} == {department}
