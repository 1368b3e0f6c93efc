"""Tasks (办理事项) on the web: /tasks, /tasks/<id>, the API, the task card over search results,
the desk's copyable checklist and the item page's link to its task (issue 11)."""

from __future__ import annotations

import re

import pytest

from lookup.core.fields import METHOD_EXPLANATIONS
from lookup.lists import store
from lookup.lists import tasks as task_rules
from lookup.office.engines import follower
from lookup.search import catalogue

# 户口注销: a task with certificates on both lists (死亡证明 is abolished for one variant).
BOTH = task_rules.task_id("户口注销")
RENTAL = task_rules.task_id("公共租赁住房申请")


@pytest.fixture
def engine(app):
    return follower(app).get()


def _links(page: str, prefix: str) -> list[str]:
    return re.findall(rf'href="(?:http://localhost)?{prefix}([^"#?]+)"', page)


def test_tasks_page_lists_every_task_by_life_event_and_a_to_z(client, engine):
    overview = catalogue.overview(engine)
    assert overview["total"] == len(engine.tasks.by_id) > 100
    page = client.get("/tasks").get_data(as_text=True)
    assert page.count("<h1") == 1
    assert f'<strong class="total">{overview["total"]}</strong>' in page
    for event in overview["events"]:
        assert f'id="event-{event["name"]}"' in page
        assert f'{event["name"]}</span> <span class="count">{len(event["tasks"])} 个事项' in page
    # A–Z: every task once, under the letter of its pinyin.
    az = page[page.index('id="az-h"') :]
    assert sorted(_links(az, "/tasks/")) == sorted(engine.tasks.by_id)
    for group in overview["az"]:
        assert re.fullmatch(r"[A-Z#]", group["letter"])
        anchor = group["letter"] if group["letter"] != "#" else "other"
        assert f'id="az-{anchor}"' in page
        assert f"{len(group['tasks'])} 个事项</span></summary>" in page
    # The counts beside a task are its own.
    task = engine.tasks.by_id[BOTH]
    lists = [engine.items[i]["list"] for i in task.items]
    counts = f"共 {len(lists)} 项证明：{lists.count('abolished')} 项不用再开，"
    assert counts + f"{lists.count('retained')} 项还要开" in page


def test_task_page_is_the_checklist(client, engine):
    page = client.get(f"/tasks/{BOTH}").get_data(as_text=True)
    detail = catalogue.task_detail(engine, BOTH)
    assert detail["still_required"]
    assert detail["no_longer_required"]
    assert "<h1>户口注销</h1>" in page
    assert "还要开的证明（1 项）" in page
    still = page[page.index('id="still-h"') : page.index('id="gone-h"')]
    for item in detail["still_required"]:
        assert f'href="/items/{item["id"]}"' in still
        assert f"<strong>{item['issuing_authority']}</strong>" in still
        assert item["basis"] in still
    gone = page[page.index('id="gone-h"') :]
    for item in detail["no_longer_required"]:
        assert f'href="/items/{item["id"]}"' in gone
        assert f"不用开了：{item['instead']}。" in gone
        assert METHOD_EXPLANATIONS[item["method"]] in gone
    assert "<svg" in page  # the QR code of its address
    assert f"http://localhost/tasks/{BOTH}" in page
    assert "print-button" in page
    assert "在家中正常死亡" in page  # the variant the abolished item is for


@pytest.mark.parametrize("path", ["/tasks/nope", "/tasks/t" + "0" * 300, "/tasks/%00"])
def test_unknown_task_is_the_chinese_404_page(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "找不到这个办理事项" in page or "找不到" in page
    assert "Traceback" not in page


def test_api_lists_every_task(client, engine):
    body = client.get("/api/v1/tasks").get_json()
    assert body["version"] == engine.version
    assert body["total"] == len(body["tasks"]) == len(engine.tasks.by_id)
    ids = {t["id"] for t in body["tasks"]}
    assert all(set(e["task_ids"]) <= ids for e in body["events"])
    assert sum(t["total"] for t in body["tasks"]) == sum(1 for t in engine.tasks.by_item if t)
    for task in body["tasks"]:
        assert task["abolished"] + task["retained"] == task["total"]
        assert task["url"] == f"http://localhost/tasks/{task['id']}"


def test_api_gives_one_task_with_its_certificates(client, engine):
    body = client.get(f"/api/v1/tasks/{BOTH}").get_json()
    assert (body["id"], body["name"], body["url"]) == (
        BOTH,
        "户口注销",
        f"http://localhost/tasks/{BOTH}",
    )
    assert {i["list"] for i in body["still_required"]} == {"retained"}
    assert {i["list"] for i in body["no_longer_required"]} == {"abolished"}
    listed = {i["id"] for i in body["still_required"] + body["no_longer_required"]}
    assert listed == {engine.items[i]["id"] for i in engine.tasks.by_id[BOTH].items}
    assert all(i["url"].startswith("http://localhost/items/") for i in body["no_longer_required"])
    assert all(i["instead"] and i["explanation"] for i in body["no_longer_required"])
    assert body["text"].startswith("办理「户口注销」：")


@pytest.mark.parametrize("task_id", ["nope", "t" + "0" * 65, "%E4%BD%8E%E4%BF%9D"])
def test_api_unknown_task_is_a_json_404(client, task_id):
    response = client.get(f"/api/v1/tasks/{task_id}")
    assert response.status_code == 404
    assert response.get_json()["error"] == "unknown_task"


def test_openapi_documents_the_task_routes(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert {"/api/v1/tasks", "/api/v1/tasks/{task_id}"} <= set(doc["paths"])
    one = doc["paths"]["/api/v1/tasks/{task_id}"]["get"]["responses"]
    assert {"200", "404"} <= set(one)
    schemas = doc["components"]["schemas"]
    assert {"TaskList", "TaskSummary", "TaskDetail", "TaskItem"} <= set(schemas)


def test_task_question_shows_the_task_card_over_the_results(client):
    page = client.get("/search", query_string={"q": "申请公租房要哪些证明"}).get_data(as_text=True)
    card = page[page.index('class="task-cards"') : page.index('id="results-h"')]
    assert _links(card, "/tasks/") == [RENTAL, RENTAL]
    assert "公共租赁住房申请" in card
    assert "共 8 项证明：8 项不用再开" in card
    assert page.index('class="answer answer-task"') < page.index('class="task-cards"')


def test_life_event_question_lists_the_tasks_to_open(client):
    page = client.get("/search", query_string={"q": "老人过世后要办哪些手续"}).get_data(
        as_text=True
    )
    card = page[page.index('class="task-cards"') : page.index('id="results-h"')]
    assert "「身后事」常办的事" in card
    assert BOTH in _links(card, "/tasks/")
    assert len(_links(card, "/tasks/")) >= 5


def test_certificate_question_has_no_task_card(client):
    page = client.get("/search", query_string={"q": "无犯罪记录证明"}).get_data(as_text=True)
    assert 'class="task-cards"' not in page


def test_desk_copies_the_whole_checklist_for_a_task(client, engine):
    html = client.get("/desk", query_string={"q": "办低保要开哪些证明"}).get_data(as_text=True)
    say = re.search(r'id="say-answer"[^>]*>([^<]+)</textarea>', html).group(1)
    low = task_rules.task_id("城乡居民最低生活保障申请")
    detail = catalogue.task_detail(engine, low)
    assert say.startswith("办理「城乡居民最低生活保障申请」（平湖市证明事项清单第 1 版）：")
    assert f"不用再开的证明（{len(detail['no_longer_required'])} 项）" in say
    for item in detail["no_longer_required"]:
        qualifier = f"（{item['qualifier']}）" if item["qualifier"] else ""
        assert f"{item['name']}{qualifier}：{item['instead']}" in say
        assert f"取消清单第 {item['seq']} 项" in say
    assert f'href="/tasks/{low}"' in html


def test_desk_say_names_issuer_and_basis_of_what_is_still_required(engine):
    say = catalogue.say(catalogue.task_detail(engine, BOTH))
    assert "仍需提供的证明（1 项）：\n1. 死亡证明：由医疗卫生机构、公安机关开具；依据：" in say
    assert "1. 死亡证明（在家中正常死亡）：由办事部门自己核查（取消清单第 13 项）" in say


def test_item_page_links_to_its_task_and_names_it_in_the_heading(client, engine):
    item = engine.items[engine.tasks.by_id[BOTH].items[0]]
    page = client.get(f"/items/{item['id']}").get_data(as_text=True)
    assert f'href="/tasks/{BOTH}"' in page
    heading = re.search(r'<h2 id="card-h">(.*?)</h2>', page, re.S).group(1)
    assert heading.strip().endswith(catalogue.heading(item))
    assert catalogue.heading(item).startswith(f"办理{item['matter']}时，本证明")


def test_catalogue_functions_refuse_unknown_ids(engine):
    assert catalogue.task_detail(engine, "") is None
    assert catalogue.task_detail(engine, "t" * 65) is None
    assert catalogue.task_ref(engine, "nope") is None
    assert catalogue.answer_tasks(engine, {"task": {"id": "nope"}}) == []


def test_item_and_home_pages_work_while_no_engine_is_served(client, app, monkeypatch):
    from lookup.core.errors import IndexMissing
    from lookup.web import tasks as task_pages

    def missing():
        raise IndexMissing("run `lookup index rebuild`")

    item = store.list_items("abolished")[0]
    monkeypatch.setattr(task_pages, "current_engine", missing)
    page = client.get(f"/items/{item['id']}")
    assert page.status_code == 200
    assert 'class="task-link"' not in page.get_data(as_text=True)
    assert client.get("/").status_code == 200
    response = client.get("/api/v1/tasks")
    assert response.status_code == 503
    assert response.get_json()["error"] == "index_missing"
