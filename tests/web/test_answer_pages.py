"""Answers on the pages in words a 70-year-old understands (issue 12): the plain first line big
and the details small on every answer card, headings and wording that name the task, the elder
list a page at a time, slips with their date, and a report form that flags everything at once."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask import render_template_string
from markupsafe import escape

from lookup.core import clock
from lookup.lists import store
from lookup.office.engines import follower
from lookup.search import answer, catalogue, service
from lookup.web.public import ELDER_PER_PAGE, STATUS_LABELS

CARD = '{% from "public/_answer.html" import answer_card with context %}{{ answer_card(a) }}'
# One question per status the pages can meet with the shipped lists.
QUESTIONS = [
    ("养狗证明", "abolished"),
    ("交通事故认定书", "retained"),
    ("派出所开的户籍证明还要吗", "mixed"),
    ("申请公租房", "task"),
    ("老人过世后要办哪些手续", "task"),
    ("驾驶证年审", "not_listed"),
]


@pytest.fixture
def engine(app):
    return follower(app).get()


@pytest.fixture
def at_noon():
    """Beijing noon on 2030-01-15 (04:00 UTC), so that a date shown is certain."""
    clock.set_offset(datetime(2030, 1, 15, 4, tzinfo=UTC) - datetime.now(UTC))
    yield "2030-01-15"
    clock.set_offset(timedelta(0))


def _lines(given: dict) -> tuple[str, str]:
    return (
        f'<span class="answer-text">{escape(given["text"])}</span>',
        f'<p class="answer-detail">{escape(given["detail"])}</p>',
    )


def _answers(engine) -> list[dict]:
    """An answer of every status, made by the answer module from real items."""
    by_name = {}
    for item in engine.items:
        by_name.setdefault((item["name"], item["list"]), []).append(item)
    gone, kept = by_name[("户籍证明", "abolished")], by_name[("户籍证明", "retained")]
    task = {"id": "t1", "name": "户口注销", "events": ["身后事"]}
    return [
        answer.verdict(gone[:1], 1.0, matter_named=True),
        answer.verdict(kept, 1.0, matter_named=False),
        answer.verdict(gone + kept, 1.0, matter_named=False),
        answer.checklist(task, gone + kept, 1.0),
        answer.life_event("身后事", [{"id": "t1", "name": "户口注销", "item_ids": []}]),
        answer.uncertain(kept, "户口证明书", 0.5),
        answer.not_listed("鸭梨证明", 0.0),
    ]


def test_every_status_has_a_card_with_the_plain_line_big_and_the_detail_small(app, engine):
    given = _answers(engine)
    statuses = [a["status"] for a in given]
    assert set(statuses) == {"abolished", "retained", "mixed", "task", "uncertain", "not_listed"}
    with app.test_request_context("/search"):
        for one in given:
            html = render_template_string(CARD, a=one)
            text, detail = _lines(one)
            assert text in html
            assert detail in html
            assert html.index(text) < html.index(detail)
            label = STATUS_LABELS[one["status"]]
            assert f'<span class="badge badge-{one["status"]}">{label}</span>' in html
            assert re.search(r"[\u4e00-\u9fff]", label)


@pytest.mark.parametrize("elder", [False, True])
@pytest.mark.parametrize(("question", "status"), QUESTIONS)
def test_search_pages_show_both_lines(client, engine, question, status, elder):
    if elder:
        client.get("/mode/elder")
    expected = service.search(engine, question)["answer"]
    assert expected["status"] == status
    page = client.get("/search", query_string={"q": question}).get_data(as_text=True)
    for line in _lines(expected):
        assert line in page
    assert ('<body class="elder">' in page) == elder


def test_desk_shows_both_lines(client, engine):
    expected = service.search(engine, "派出所开的户籍证明还要吗")["answer"]
    html = client.get("/desk", query_string={"q": "派出所开的户籍证明还要吗"}).get_data(
        as_text=True
    )
    for line in _lines(expected):
        assert line in html


@pytest.mark.parametrize("list_kind", ["abolished", "retained"])
def test_item_card_shows_the_plain_line_and_names_the_task(client, list_kind):
    item = store.list_items(list_kind)[0]
    page = client.get(f"/items/{item['id']}").get_data(as_text=True)
    card = page[page.index('class="counter-card') : page.index("</section>")]
    plain = catalogue.item_answer(item)
    assert f'<p class="answer-text">{escape(plain["text"])}</p>' in card
    assert f'<p class="answer-detail">{escape(plain["detail"])}</p>' in card
    state = "本证明已取消" if list_kind == "abolished" else "本证明仍需提供"
    assert f"办理{item['matter']}时，{state}" in card
    assert plain["text"].startswith(
        f"「{item['name']}」" + ("不用开了" if list_kind == "abolished" else "还要开")
    )


def test_home_page_says_the_rule_for_the_listed_tasks(client, engine):
    page = client.get("/").get_data(as_text=True)
    assert "任何单位" not in page
    assert "办理清单所列的事项时，不得再要求您提供这些证明" in page
    both = catalogue.on_both_lists(engine.items)
    assert {"死亡证明", "亲属关系证明", "无犯罪记录证明"} <= set(both)
    assert "例如" + "、".join(both[:4]) in page
    assert "/tasks" in page


@pytest.mark.parametrize("list_kind", ["abolished", "retained"])
def test_list_pages_mark_certificates_that_are_on_the_other_list(client, list_kind):
    everything = store.items_of()
    others = catalogue.other_list(everything)
    mine = [i for i in store.list_items(list_kind) if i["id"] in others]
    assert mine
    page = client.get(f"/lists/{list_kind}").get_data(as_text=True)
    assert "任何单位" not in page
    assert page.count('class="other-list"') == len(mine)
    notice = re.search(r'<p class="notice other-notice">(.*?)</p>', page, re.S).group(1)
    assert f"{len(catalogue.on_both_lists(everything))} 种证明" in notice
    assert "只在本清单所列的办理事项中" in notice


def test_elder_list_comes_a_page_at_a_time(client):
    items = store.list_items("abolished")
    pages = -(-len(items) // ELDER_PER_PAGE)
    assert pages > 2
    client.get("/mode/elder")
    first = client.get("/lists/abolished").get_data(as_text=True)
    assert first.count('class="elder-item ') == ELDER_PER_PAGE
    assert '<th scope="row"' not in first
    assert f"第 1 / {pages} 页，共 {len(items)} 项" in first
    assert "/lists/abolished?page=2" in first
    assert 'rel="prev"' not in first
    last = client.get(f"/lists/abolished?page={pages}").get_data(as_text=True)
    assert last.count('class="elder-item ') == len(items) - (pages - 1) * ELDER_PER_PAGE
    assert items[-1]["name"] in last
    assert 'rel="next"' not in last
    for wrong in ("999999", "abc", "0", "-1"):
        response = client.get(f"/lists/abolished?page={wrong}")
        assert response.status_code == 200
    assert client.get("/lists/abolished?page=999").get_data(as_text=True).count("elder-item ") > 0
    # Filters are kept from page to page; each item says in one line what to do.
    department, count = store.facets("abolished")["departments"][0]
    assert count > ELDER_PER_PAGE
    filtered = client.get("/lists/abolished", query_string={"department": department})
    html = filtered.get_data(as_text=True)
    assert f"共 {count} 项" in html
    nav = html[html.index('aria-label="分页"') :]
    assert re.search(
        r'href="/lists/abolished\?[^"]*department=[^"]*page=2|page=2[^"]*department=', nav
    )
    assert html.count("不用开了：") == ELDER_PER_PAGE


def test_standard_list_is_whole(client):
    page = client.get("/lists/abolished?page=3").get_data(as_text=True)
    assert page.count('<th scope="row"') == len(store.list_items("abolished"))
    assert "elder-item" not in page


def test_slip_prints_its_date_in_beijing_time(client, at_noon):
    item = store.list_items("abolished")[0]
    page = client.get(f"/desk/items/{item['id']}/slip").get_data(as_text=True)
    assert f"出具时间：{at_noon} 12:0" in page
    assert f"{catalogue.heading(item)}，无需提供" in page


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_report_form_defaults_the_date_to_today(client, at_noon):
    page = client.get("/report").get_data(as_text=True)
    assert re.search(
        rf'id="happened_on" name="happened_on"[^>]*type="date" value="{at_noon}"', page
    )


def test_report_form_flags_every_missing_field_at_once(client):
    page = client.get("/report").get_data(as_text=True)
    data = {"csrf_token": _token(page), "certificate": "", "office": " ", "happened_on": ""}
    response = client.post("/report", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for message in ("请填写“证明名称”", "请填写“要求提供证明的单位”", "请填写“日期”"):
        assert message in html
    assert html.count('aria-invalid="true"') == 3
    # The API names the first of them, as before.
    body = client.post("/api/v1/reports", json={"contact": "abc"}).get_json()
    assert body["error"] == "invalid_certificate"
