"""What the search works out once per version must give the answers it gave when it worked
them out per question: bounded candidate sets lose no task, and nothing outlives a version."""

from __future__ import annotations

import pytest
from support import NEW, publish

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


@pytest.mark.parametrize(
    "question", ["乍浦镇那边村委会开的证明", "渔业船员", "公积金贷款要去哪里", "农村宅基地建房审批"]
)
def test_full_text_scores_as_whoosh_does(app, question):
    """Postings kept per engine give whoosh's own BM25F ranking of the same terms."""
    from whoosh.collectors import TopCollector
    from whoosh.query import Or, Term

    from lookup.search import fulltext
    from lookup.search.query import understand

    engine = follower(app).get()
    q = understand(question, engine.seg, engine.official_words())
    searcher = engine.items_searcher
    terms = [
        Term(f, w, boost=b)
        for w in dict.fromkeys(q.words)
        if w not in fulltext.GENERIC_WORDS
        for f, b in fulltext.BOOSTS.items()
        if 0 < searcher.doc_frequency(f, w) <= max(50, 0.02 * searcher.doc_count())
    ]
    assert terms
    collector = TopCollector(limit=fulltext.LIMIT, usequality=False)
    searcher.search_with_collector(Or(terms), collector)
    expected = [(engine.by_id[hit["id"]], hit.score) for hit in collector.results()]
    assert expected
    assert fulltext.search_text(engine, q, 5.0) == expected
    assert fulltext.search_text(engine, q, 5.0) == expected  # from the kept postings


def test_kept_postings_die_with_the_version(app):
    """Postings and the document map kept by one version's engine never answer for the next:
    after a publish, full text finds the new item (and the new engine kept nothing before)."""
    from lookup.lists import store
    from lookup.search import fulltext
    from lookup.search.query import understand

    def found(engine) -> list[str]:
        q = understand("测试专用鸭梨", engine.seg, engine.official_words())
        return [engine.items[i]["name"] for i, _s in fulltext.search_text(engine, q, 5.0)]

    before = follower(app).get().warm()
    assert NEW["name"] not in found(before)
    assert before.text_postings
    drop = ("id", "list", "since_version", "method", "task_id")
    rows = [{k: v for k, v in i.items() if k not in drop} for i in store.items_of(1, "abolished")]
    publish(app, {"abolished": [*rows, NEW]}, note="新增")
    after = follower(app).get()
    assert after is not before
    assert not after.text_postings
    assert sorted(after.documents()) == list(range(len(after.items)))
    assert NEW["name"] in found(after)
