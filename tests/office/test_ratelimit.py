"""The shared fixed-window rate limiter: counts, windows, reset and concurrent hits."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from lookup.lists.db import get_session
from lookup.lists.models import RateCounter
from lookup.office import ratelimit


def test_allows_up_to_the_limit_then_refuses(app):
    results = [ratelimit.allow("t:a", 3, 60) for _ in range(5)]
    assert results == [True, True, True, False, False]


def test_keys_are_independent(app):
    assert ratelimit.allow("t:a", 1, 60)
    assert not ratelimit.allow("t:a", 1, 60)
    assert ratelimit.allow("t:b", 1, 60)


def test_reset_forgets_the_key(app):
    assert ratelimit.allow("t:a", 1, 60)
    assert not ratelimit.allow("t:a", 1, 60)
    ratelimit.reset("t:a")
    assert ratelimit.allow("t:a", 1, 60)
    ratelimit.reset("never-seen")


def test_a_new_window_starts_over(app, monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    assert ratelimit.allow("t:w", 2, 60)
    assert ratelimit.allow("t:w", 2, 60)
    assert not ratelimit.allow("t:w", 2, 60)
    now[0] += 60
    assert ratelimit.allow("t:w", 2, 60)
    row = get_session().scalar(select(RateCounter).where(RateCounter.key == "t:w"))
    assert row.count == 1
    assert row.window_start == ratelimit.window_start(60, now[0])


def test_window_start_is_aligned():
    assert ratelimit.window_start(60, 125.0) == ratelimit.window_start(60, 179.9)
    assert ratelimit.window_start(60, 180.0) != ratelimit.window_start(60, 179.9)


def test_concurrent_hits_are_all_counted(app):
    def one(_):
        with app.app_context():
            return ratelimit.allow("t:race", 25, 3600)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one, range(40)))
    assert results.count(True) == 25
    assert ratelimit.hit("t:race", 3600) == 41
