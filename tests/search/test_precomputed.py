"""What the search works out once per version must give the answers it gave when it worked
them out per question: bounded candidate sets lose no task, and nothing outlives a version."""

from __future__ import annotations

import pytest

from lookup.office.engines import follower
from lookup.search.tasks import ACTIONS, _pieces_of

QUESTIONS = (
    "办低保要哪些证明",
    "开饭店要什么证明",
    "我在乍浦镇，想申请公租房，要开收入证明吗",
    "考教资要准备什么",
    "社保卡补办",
    "注册个公司",
    "孩子上学要带啥",
    "老人过世后的手续",
    "居住证",
    "港澳台居民办居住证",
    "个税",
    "亲属关系证明",
)


def _every_task(catalogue, raw: str) -> list:
    """Task matching as it was before candidates were bounded: every task scored."""
    from lookup.core.text import han_only, normalise_query

    text = han_only(normalise_query(raw))
    evidence, everyday = catalogue._evidence(text, {})
    actions = [group for group in ACTIONS if any(a in text for a in group)]
    words = catalogue._spellings(text)
    found = []
    for task in catalogue.by_id.values():
        label = task.name + "".join(task.variants)
        if any(not any(a in label for a in group) for group in actions):
            continue
        m = catalogue._score(task, text, evidence, everyday, words, _pieces_of(text))
        if m is not None:
            found.append(m)
    found.sort(
        key=lambda m: (
            -len(m.used),
            m.via != "name",
            -m.evidence * (0.5 + 0.5 * m.score),
            len(m.task.key),
        )
    )
    return found


@pytest.mark.parametrize("question", QUESTIONS)
def test_bounded_task_candidates_lose_no_task(app, question):
    catalogue = follower(app).get().tasks
    assert catalogue.match(question) == _every_task(catalogue, question)


def test_some_questions_name_tasks(app):
    catalogue = follower(app).get().tasks
    assert catalogue.match("办低保要哪些证明")
    assert catalogue.match("开饭店要什么证明")
    assert not catalogue.match("今天天气")
