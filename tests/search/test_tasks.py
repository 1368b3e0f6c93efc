"""Tasks: the catalogue of a version (variants, stable ids, life events) and naming one."""

from __future__ import annotations

import pytest

from lookup.lists import tasks as rules
from lookup.office.engines import follower


@pytest.fixture
def catalogue(app):
    return follower(app).get().tasks


@pytest.mark.parametrize(
    ("matter", "key", "qualifiers"),
    [
        ("公共租赁住房申请（新就业人员）", "公共租赁住房", ("新就业人员",)),
        ("居住证办理", "居住证", ()),
        ("居住证申领", "居住证", ()),
        ("住房公积金提取（租赁住房）", "住房公积金提取", ("租赁住房",)),
        ("户口注销(在家中正常死亡)", "户口注销", ("在家中正常死亡",)),
        ("出国（境）定居、就业、留学公证", "出国境定居就业留学公证", ()),
        ("", "", ()),
    ],
)
def test_task_of_a_matter(matter, key, qualifiers):
    assert rules.key(matter) == key
    assert rules.split(matter)[1] == qualifiers


def test_ids_are_stable_and_shared_by_variants():
    assert rules.task_id("居住证办理") == rules.task_id("居住证申领")
    assert rules.task_id("公共租赁住房申请") == rules.task_id("公共租赁住房申请（新就业人员）")
    assert rules.task_id("公共租赁住房申请") == "t" + "bcc8711456"  # the same in every version
    assert rules.task_id("") == ""


def test_catalogue_groups_items_and_keeps_variants(catalogue, app):
    engine = follower(app).get()
    task = catalogue.by_id[rules.task_id("公共租赁住房申请")]
    assert task.name == "公共租赁住房申请"
    assert "新就业人员" in task.variants
    assert len(task.items) == 8
    assert {engine.items[i]["task_id"] for i in task.items} == {task.id}
    assert all(catalogue.by_item[i] == task.id for i in task.items)


def test_life_events(catalogue):
    events = dict(catalogue.events())
    assert "住房" in events
    names = {t.name for t in events["身后事"]}
    assert {"户口注销", "遗体火化"} <= names
    assert all(t.events for t in catalogue.by_id.values())


@pytest.mark.parametrize(
    ("question", "task", "via"),
    [
        ("申请公租房", "公共租赁住房申请", "abbreviation"),  # 公租房 ← 公共 租赁 住房
        ("办低保要开哪些证明", "城乡居民最低生活保障申请", "abbreviation"),
        ("我在考教资", "教师资格认定", "abbreviation"),
        ("开饭店要什么证明", "个体工商户登记", "everyday"),  # tasks.txt
        ("办居住证要带什么", "居住证办理", "name"),
        ("港澳台居民办居住证", "港澳台居民居住证申领", "name"),  # explains more of the question
        ("申请法律援助", "法律援助申请", "name"),
    ],
)
def test_naming_a_task(catalogue, question, task, via):
    found = catalogue.match(question)
    assert found, question
    assert (found[0].task.name, found[0].via) == (task, via)


@pytest.mark.parametrize("question", ["社保卡补办", "营业执照年报", "无犯罪记录证明", "护照办理"])
def test_another_action_or_no_task(catalogue, question):
    """补办, 年报: doing something else to the same thing is another task (社保卡补办 is not
    未成年人社会保障卡申领); a certificate's name or an unlisted service names no task."""
    assert catalogue.match(question) == []
