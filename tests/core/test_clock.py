"""The one clock: moved in a process by set_offset, across processes by a shared file."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest

from lookup.core import clock


@pytest.fixture
def clock_file(tmp_path):
    path = tmp_path / "clock"
    clock.use_file(path)
    yield path
    clock.use_file(None)


def test_a_missing_or_empty_file_is_real_time(clock_file):
    before = clock.utcnow()
    assert abs(clock.utcnow() - before) < timedelta(seconds=5)
    clock_file.write_text("")
    assert abs(clock.utcnow() - before) < timedelta(seconds=5)


def test_the_file_moves_the_clock_and_is_read_again_when_it_changes(clock_file):
    real = clock.utcnow()
    clock.write_file_offset(clock_file, timedelta(days=40))
    assert clock.utcnow() - real >= timedelta(days=40)
    clock.write_file_offset(clock_file, timedelta(days=-2))
    assert real - clock.utcnow() >= timedelta(days=1, hours=23)
    clock_file.write_text("nonsense")  # a wrong file: real time, not an error
    assert abs(clock.utcnow() - real) < timedelta(minutes=1)


def test_another_process_reading_the_file_sees_the_same_time(clock_file, tmp_path):
    clock.write_file_offset(clock_file, timedelta(days=400))
    code = (
        "from lookup.core import clock; import sys; clock.use_file(sys.argv[1]);"
        "print(clock.today().isoformat())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(clock_file)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == clock.today().isoformat()
    assert date.fromisoformat(out.stdout.strip()) - date.today() >= timedelta(days=399)


def test_a_config_key_names_the_file(tmp_path):
    from support import make_app

    path = tmp_path / "clock"
    clock.write_file_offset(path, timedelta(days=3))
    try:
        make_app(tmp_path / "home", CLOCK_FILE=str(path))
        assert clock.today() - date.today() >= timedelta(days=2)
    finally:
        clock.use_file(None)
    assert abs(clock.today() - date.today()) <= timedelta(days=1)


@pytest.mark.parametrize(
    ("day", "stored"),
    [
        (date(2027, 1, 1), datetime(2026, 12, 31, 16, 0)),
        (date(2026, 7, 1), datetime(2026, 6, 30, 16, 0)),
    ],
)
def test_a_date_in_pinghu_starts_at_midnight_beijing_time(day, stored):
    assert clock.start_of_day(day) == stored
    assert clock.beijing(stored) == f"{day.isoformat()} 00:00"
    assert clock.beijing_date(stored) == day
    assert clock.iso_beijing(stored) == f"{day.isoformat()}T00:00:00+08:00"


def test_chinese_dates():
    assert clock.chinese_date(date(2027, 1, 1)) == "2027 年 1 月 1 日"
    assert clock.chinese_date("2027-10-08") == "2027 年 10 月 8 日"
    assert clock.chinese_date(None) == ""
