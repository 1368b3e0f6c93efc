"""End to end: gunicorn with two workers follows a vocabulary published from the command line
(another process), and its rollback, without a restart and without a failed request."""

from __future__ import annotations

import json
import subprocess
import threading
import time

import pytest
from test_e2e_gunicorn import VENV, get
from test_e2e_gunicorn import served as served  # the fixture, shared with that module

pytestmark = pytest.mark.slow

QUERY = "犬证"


class Answers:
    """Threads that ask the API without pause and keep (time, answer status)."""

    def __init__(self, base: str, threads: int = 4) -> None:
        self.base = base
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.seen: list[tuple[float, str]] = []
        self.failures: list[str] = []
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(threads)]

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                status, body = get(self.base, "/api/v1/search", q=QUERY)
                if status != 200:
                    raise RuntimeError(f"HTTP {status}: {body[:200]!r}")
                answer = json.loads(body)["answer"]["status"]
                with self.lock:
                    self.seen.append((time.monotonic(), answer))
            except Exception as exc:  # noqa: BLE001 - every failure is counted
                with self.lock:
                    self.failures.append(repr(exc))

    def settle_on(self, status: str, since: float) -> None:
        """Wait until the last 40 answers (both workers, kept busy) all say `status`."""
        deadline = since + 60
        while time.monotonic() < deadline:
            with self.lock:
                recent = [a for t, a in self.seen if t >= since][-40:]
            if len(recent) == 40 and set(recent) == {status}:
                return
            time.sleep(0.2)
        pytest.fail(f"workers did not all answer {status}: {recent}")

    def __enter__(self) -> Answers:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=15)


def lookup(env, tmp_path, *args: str) -> str:
    result = subprocess.run(
        [str(VENV / "lookup"), *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_workers_follow_a_vocabulary_publish_and_its_rollback(served, tmp_path):
    base, env, _server = served
    folder = tmp_path / "vocab"
    lookup(env, tmp_path, "vocab", "export", str(folder))
    with open(folder / "synonyms.txt", "a", encoding="utf-8") as fh:
        fh.write("犬证 宠物证 => 居民养犬证明\n")

    with Answers(base) as answers:
        answers.settle_on("not_listed", time.monotonic())
        assert "已发布检索词表第 1 版" in lookup(env, tmp_path, "vocab", "publish", str(folder))
        answers.settle_on("abolished", time.monotonic())
        assert "第 2 版" in lookup(env, tmp_path, "vocab", "rollback", "0")
        answers.settle_on("not_listed", time.monotonic())
    assert answers.failures == []
