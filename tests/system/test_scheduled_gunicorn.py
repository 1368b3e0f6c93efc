"""A version announced for a future 施行日期 takes effect on time on two gunicorn workers.

The workers read the clock from a shared file (`LOOKUP_CLOCK_FILE`, see lookup.core.clock):
the test moves that clock past the 施行日期 instead of waiting for the date, and nobody
publishes anything at that moment — each worker notices by itself, at its version check.
"""

from __future__ import annotations

import subprocess
import time
from datetime import timedelta

import pytest
from servers import gunicorn
from support import make_app
from test_e2e_gunicorn import VENV, Poller, get_json, new_list

from lookup.core import clock
from lookup.lists import store

pytestmark = pytest.mark.slow


@pytest.fixture
def served_with_clock(home, tmp_path):
    """gunicorn with two workers whose clock is the file `clock` in tmp_path."""
    clock_file = tmp_path / "clock"
    with gunicorn(
        home,
        tmp_path / "gunicorn.log",
        LOOKUP_VERSION_CHECK_INTERVAL="0.3",
        LOOKUP_CLOCK_FILE=str(clock_file),
    ) as (base, env, _server):
        yield base, env, clock_file


def all_answer(poller: Poller, since: float, version: int, new: bool, count: int = 40):
    recent = poller.since(since)[-count:]
    return len(recent) == count and all(v == version and n is new for _t, v, n in recent)


def test_a_future_version_takes_effect_on_time_on_both_workers(served_with_clock, home, tmp_path):
    base, env, clock_file = served_with_clock
    effective = clock.today() + timedelta(days=10)
    workbook = new_list(home, tmp_path / "平湖市取消证明材料清单.xlsx")
    command = [
        str(VENV / "lookup"), "import", str(workbook), "--list", "abolished", "--publish",
        "--doc-number", "平司〔2026〕30号", "--effective-on", effective.isoformat(),
    ]  # fmt: skip
    with Poller(base) as poller:
        result = subprocess.run(
            command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"自 {clock.chinese_date(effective)}起施行（已公告）" in result.stdout
        announced = time.monotonic()
        # Before the date every answer, from both workers, is the current version 1.
        deadline = announced + 20
        while not all_answer(poller, announced, 1, False, 80):
            assert time.monotonic() < deadline, poller.since(announced)[-10:]
            time.sleep(0.2)
        versions = get_json(base, "/api/v1/versions")
        assert (versions["current"], versions["scheduled"]) == (1, [2])

        # One minute before midnight in Pinghu on the 施行日期: still version 1.
        app = make_app(home)
        with app.app_context():
            moment = clock.start_of_day(effective)
            assert store.version_info(2)["effective_at"] == clock.iso_utc(moment)
        clock.write_file_offset(clock_file, moment - timedelta(minutes=1) - clock.utcnow())
        before = time.monotonic()
        time.sleep(1)  # longer than the version check interval: workers have looked again
        assert all_answer(poller, before + 0.5, 1, False, 20)

        # The date has come: both workers answer from version 2 by themselves.
        clock.write_file_offset(clock_file, moment + timedelta(seconds=5) - clock.utcnow())
        moved = time.monotonic()
        deadline = moved + 20
        while not all_answer(poller, moved, 2, True, 40):
            assert time.monotonic() < deadline, poller.since(moved)[-10:]
            time.sleep(0.2)
    assert poller.failures == []
    assert get_json(base, "/healthz")["version"] == 2
    versions = get_json(base, "/api/v1/versions")
    assert (versions["current"], versions["scheduled"]) == (2, [])
