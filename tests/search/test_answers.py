"""The answer a resident reads: what the question is taken to ask, and the sentence for every
status — the plain first line, the details on the second (issue: never confidently wrong)."""

from __future__ import annotations

import pytest

from lookup.office.engines import follower
from lookup.search import answer, service


@pytest.fixture
def ask(app):
    engine = follower(app).get()
    return lambda question: service.search(engine, question)["answer"]


@pytest.mark.parametrize(
    ("question", "status", "starts"),
    [
        # The named certificate decides, not a longer name sharing a word; the task picks its item.
        ("办居住证要房东开租房证明吗", "abolished", "「房屋租赁证明」不用开了：办理居住证申领时"),
        ("考教师资格证要普通话证书吗", "abolished", "「普通话水平测试等级证明」不用开了"),
        (
            "我在考教资，要开无犯罪证明吗",
            "retained",
            "「无犯罪记录证明」还要开：办理教师资格认定时",
        ),
        (
            "办低保要开收入证明吗",
            "abolished",
            "「收入证明」不用开了：办理城乡居民最低生活保障申请时",
        ),
        # A certificate the named task does not list: said so, and the task's checklist
        # (never a verdict taken from another task's item).
        (
            "认定工伤要开在职证明吗",
            "task",
            "「在职证明」不在办理「工伤认定申请」的清单里。办理「工伤认定申请」：仍需提供：",
        ),
        # A one-character fragment a synonym left before 证明 does not hide the certificate.
        ("人还在世的证明", "mixed", "「健在证明」看办什么事"),
        # A task named: its checklist.
        ("办低保要开哪些证明", "task", "办理「城乡居民最低生活保障申请」：这 7 项证明都已取消"),
        ("申请公租房", "task", "办理「公共租赁住房申请」："),
        ("开个小饭店需要什么证明", "task", "办理「"),
        ("领高龄补贴要啥证明", "task", "办理「高龄津贴申领」"),
        # A life event: its tasks.
        ("老人过世后要办哪些手续", "task", "「身后事」常办的事有："),
        # Mixed: which tasks still need it.
        (
            "派出所开的户籍证明还要吗",
            "mixed",
            "「户籍证明」看办什么事：办理户籍公证（出国）时还要开",
        ),
        # Nothing matches: the rule and where to ask.
        ("驾驶证年审", "not_listed", "清单中没有找到「驾驶证年审」。凡未纳入保留证明材料清单"),
    ],
)
def test_what_the_first_line_says(ask, question, status, starts):
    given = ask(question)
    assert given["status"] == status
    assert given["text"].startswith(starts), given["text"]
    assert given["detail"]


@pytest.mark.parametrize(
    "particle", ["伐", "哇", "呀", "啦", "咯", "嘛", "噢", "哦", "呢", "吧", "哉"]
)
def test_particles_never_change_the_answer(ask, particle):
    plain = ask("户口要销掉，要开死亡证明吗")
    spoken = ask(f"户口要销掉，要开死亡证明{particle}")
    assert (spoken["status"], spoken["item_ids"]) == (plain["status"], plain["item_ids"])
    assert spoken["status"] != "not_listed"


def test_wu_words_are_understood(ask):
    given = ask("阿拉屋里厢老人过辈了，领丧葬费要开死亡证明伐")
    assert given["status"] == "abolished"
    assert given["text"].startswith("「死亡证明」不用开了")


def test_the_rule_is_never_stated_when_a_retained_item_matches(ask):
    for question in ("开个小饭店需要什么证明", "领高龄补贴要啥证明", "工伤认定医院诊断证明还要吗"):
        assert "不得要求" not in ask(question)["text"], question


def test_every_listed_name_asked_in_full_gets_its_lists_verdict(app, ask):
    """A certificate asked by its full official name is answered by the lists that hold it,
    never traded for a looser name a task happens to list (医疗诊断证明 is not 医疗费用证明)."""
    engine = follower(app).get()
    on = {}
    for item in engine.items:
        on.setdefault(item["name"], set()).add(item["list"])
    wrong = []
    for name, lists in on.items():
        expected = "mixed" if len(lists) == 2 else next(iter(lists))
        given = ask(name)
        if given["status"] != expected:
            wrong.append((name, expected, given["status"], given["text"]))
    assert wrong == []


ITEM = {
    "id": "a1",
    "name": "亲属关系证明",
    "matter": "居住证申领",
    "requiring_department": "市公安局",
    "issuing_authority": "村（居）委会",
    "basis": "《居住证暂行条例》",
    "note": "",
    "seq": "2",
}


@pytest.mark.parametrize(
    ("method", "replacement", "says"),
    [
        ("直接取消", "直接取消。", "「亲属关系证明」不用开了：办理居住证申领时不需要这份证明。"),
        (
            "告知承诺",
            "告知承诺。",
            "「亲属关系证明」不用开了：办理居住证申领时签一份书面承诺即可。",
        ),
        (
            "部门核验",
            "部门核验。",
            "「亲属关系证明」不用开了：办理居住证申领时由办事部门自己核查。",
        ),
        (
            "数据共享",
            "数据共享。",
            "「亲属关系证明」不用开了：办理居住证申领时由办事部门通过数据共享查询。",
        ),
        (
            "证照替代",
            "以现有证照替代：凭户口簿办理。",
            "「亲属关系证明」不用开了：办理居住证申领时凭户口簿办理。",
        ),
    ],
)
def test_abolished_sentences(method, replacement, says):
    item = {**ITEM, "list": "abolished", "method": method, "replacement": replacement}
    given = answer.verdict([item], 0.9, matter_named=True)
    assert given["text"] == says
    assert given["detail"].startswith("取消清单第 2 项 · 取消后办理方式：" + method)


def test_retained_mixed_task_uncertain_and_not_listed_sentences():
    kept = {
        **ITEM,
        "id": "r1",
        "list": "retained",
        "method": "",
        "replacement": "",
        "matter": "亲属关系公证",
        "issuing_authority": "公安派出所",
    }
    gone = {**ITEM, "list": "abolished", "method": "数据共享", "replacement": "数据共享。"}
    assert answer.verdict([kept], 0.9, True)["text"] == (
        "「亲属关系证明」还要开：办理亲属关系公证时需要，到公安派出所开具。"
    )
    assert answer.verdict([gone, kept], 0.9, False)["text"] == (
        "「亲属关系证明」看办什么事：办理亲属关系公证时还要开，到公安派出所开具；办其他事项不用开了。"
    )
    task = answer.checklist({"id": "t1", "name": "居住证申领"}, [gone, kept], 0.8)
    assert task["status"] == "task"
    assert task["text"] == (
        "办理「居住证申领」：这项证明已取消，不用再开：亲属关系证明；"
        "仍需提供：亲属关系证明（到公安派出所开具）。"
    )
    elsewhere = answer.not_in_checklist("在职证明", task)
    assert elsewhere["status"] == "task"
    assert elsewhere["asked"] == "在职证明"
    assert elsewhere["text"] == "「在职证明」不在办理「居住证申领」的清单里。" + task["text"]
    unsure = answer.uncertain([kept], "亲戚证明", 0.4)
    assert unsure["status"] == "uncertain"
    assert unsure["text"].startswith("没有找到完全对应的证明，最接近的是「亲属关系证明」")
    assert "不得要求" not in unsure["text"]
    assert "12345" in unsure["text"]
    missing = answer.not_listed("驾驶证年审", 0.0)
    assert missing["status"] == "not_listed"
    assert "不得要求申请人提供" in missing["text"]
