"""Search insights: normalised, masked queries counted per hour and outcome."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from lookup.lists.db import get_session
from lookup.lists.models import QueryStat, utcnow
from lookup.office import insights


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("  亲属关系证明  ", "亲属关系证明"),
        ("ＷＦＺＪＬ", "wfzjl"),
        ("身份证330482199001011234的证明", "身份证＊＊＊的证明"),
        ("33048219900101123X 无犯罪", "＊＊＊ 无犯罪"),
        ("电话 138 1234 5678 居住证明", "电话 ＊＊＊ 居住证明"),
        ("１３８１２３４５６７８", "＊＊＊"),
        ("邮箱 zhang.san@example.com", "邮箱 ＊＊＊"),
        ("2023年收入证明", "2023年收入证明"),
        ("12345 热线", "12345 热线"),
        ("证" * 150, "证" * 100),
    ],
)
def test_normalise_masks_and_truncates(query, expected):
    assert insights.normalise(query) == expected


@pytest.mark.parametrize(
    ("status", "confidence", "total", "expected"),
    [
        ("abolished", 0.9, 3, "ok"),
        ("mixed", 0.7, 2, "ok"),
        ("retained", 0.3, 2, "low_confidence"),
        ("not_listed", 0.2, 4, "not_listed"),
        ("not_listed", 0.0, 0, "zero_results"),
    ],
)
def test_outcome(status, confidence, total, expected):
    assert insights.outcome(status, confidence, total) == expected


def _rows():
    session = get_session()
    session.expire_all()
    return {
        (r.query, r.outcome): r.count
        for r in session.scalars(select(QueryStat).order_by(QueryStat.query))
    }


def test_records_are_aggregated_and_flushed(app):
    for _ in range(3):
        insights.record("亲属关系证明", "abolished", 0.95, 2)
    insights.record("亲属关系证明 ", "abolished", 0.95, 2)
    insights.record("身份证号码330482199001011234", "not_listed", 0.0, 0)
    insights.record("火星居住证明", "not_listed", 0.1, 3)
    insights.record("", "not_listed", 0.0, 0)
    insights.flush_all()
    assert _rows() == {
        ("亲属关系证明", "ok"): 4,
        ("身份证号码＊＊＊", "zero_results"): 1,
        ("火星居住证明", "not_listed"): 1,
    }
    insights.record("亲属关系证明", "abolished", 0.95, 2)
    insights.flush_all()
    assert _rows()[("亲属关系证明", "ok")] == 5
    assert all("330482" not in query for query, _ in _rows())


def test_flushes_after_enough_searches(app, monkeypatch):
    monkeypatch.setattr(insights, "FLUSH_HITS", 3)
    insights.record("a证明", "abolished", 0.9, 1)
    insights.record("a证明", "abolished", 0.9, 1)
    assert _rows() == {}
    insights.record("a证明", "abolished", 0.9, 1)
    # Written by the background thread, woken at once rather than after FLUSH_SECONDS.
    deadline = time.monotonic() + 10
    while _rows() != {("a证明", "ok"): 3} and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _rows() == {("a证明", "ok"): 3}


def test_top_and_failed_queries(app):
    for query, status, confidence, total, n in (
        ("亲属关系证明", "abolished", 0.9, 2, 5),
        ("无犯罪记录证明", "retained", 0.9, 1, 3),
        ("证明我是我", "not_listed", 0.1, 0, 4),
        ("居住证明", "abolished", 0.3, 6, 2),
        ("居住证明", "abolished", 0.9, 6, 1),
    ):
        for _ in range(n):
            insights.record(query, status, confidence, total)
    now = utcnow()
    since, until = now - timedelta(days=1), now + timedelta(hours=1)
    top = insights.top_queries(since, until, limit=3)
    assert [(r["query"], r["count"]) for r in top] == [
        ("亲属关系证明", 5),
        ("证明我是我", 4),
        ("居住证明", 3),
    ]
    failed = insights.failed_queries(since, until)
    assert failed == [
        {"query": "证明我是我", "count": 4, "outcomes": {"zero_results": 4}},
        {"query": "居住证明", "count": 2, "outcomes": {"low_confidence": 2}},
    ]
    assert insights.top_queries(now + timedelta(hours=2), now + timedelta(hours=3)) == []


def test_record_result_reads_the_search_body(app):
    body = {"query": "wfzjl", "total": 0, "answer": {"status": "not_listed", "confidence": 0.0}}
    insights.record_result(body)
    insights.flush_all()
    assert _rows() == {("wfzjl", "zero_results"): 1}


def test_an_unreachable_store_keeps_the_counts_and_logs_one_traceback(tmp_path, caplog):
    """While the database is away the counts are kept and retried; the log gets one traceback,
    then one line per retry, and a line when writing works again."""
    from lookup.lists.db import engine_for

    folder = tmp_path / "not-yet"
    url = f"sqlite:///{folder}/store.db"
    tally = insights.Tally(url)
    key = (insights.hour(), "亲属关系证明", "ok")
    caplog.set_level("INFO", logger=insights.log.name)
    for _ in range(3):
        tally.pending[key] += 1  # as add() counts, without starting the writer thread
        assert tally.flush() == 0
    failures = [r for r in caplog.records if r.levelname in ("ERROR", "WARNING")]
    assert [r.levelname for r in failures] == ["ERROR", "WARNING", "WARNING"]
    assert failures[0].exc_info
    assert not failures[1].exc_info
    folder.mkdir()
    QueryStat.__table__.create(engine_for(url))  # the database is back, migrated
    assert tally.flush() == 1
    assert "written again" in caplog.records[-1].getMessage()
    with engine_for(url).connect() as conn:
        assert conn.execute(select(QueryStat.count)).scalar_one() == 3
