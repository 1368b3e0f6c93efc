"""End to end: gunicorn with the real config, and a publish from the command line while serving."""

from __future__ import annotations

import json
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from servers import gunicorn
from support import make_app
from xlsx_factory import item_row, official_list, rows_of

from lookup.core.config import PROJECT_ROOT
from lookup.lists import store

pytestmark = pytest.mark.slow

VENV = PROJECT_ROOT / ".venv" / "bin"
NEW_NAME = "测试专用鸭梨证明"


def get(base: str, path: str, **params) -> tuple[int, bytes]:
    url = base + path + ("?" + urllib.parse.urlencode(params) if params else "")
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def get_json(base: str, path: str, **params) -> dict:
    status, body = get(base, path, **params)
    assert status == 200, body[:300]
    return json.loads(body)


@pytest.fixture
def served(home, tmp_path):
    """gunicorn on a free port over a copy of the seeded home; stopped with SIGTERM."""
    with gunicorn(home, tmp_path / "gunicorn.log", LOOKUP_VERSION_CHECK_INTERVAL="0.5") as up:
        yield up


def new_list(home, path):
    app = make_app(home)
    with app.app_context():
        items = store.items_of(None, "abolished")
    rows = rows_of(items, renumber=True)
    rows.append(item_row(len(rows) + 1, NEW_NAME, "测试事项办理"))
    return official_list(path, rows)


class Poller:
    """Threads that query the API without pause and record every answer."""

    def __init__(self, base: str, threads: int = 4) -> None:
        self.base = base
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.answers: list[tuple[float, int, bool]] = []  # (time, version, has new item)
        self.failures: list[str] = []
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(threads)]

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                status, body = get(self.base, "/api/v1/search", q=NEW_NAME)
                if status != 200:
                    raise RuntimeError(f"HTTP {status}: {body[:200]!r}")
                data = json.loads(body)
                has_new = any(r["name"] == NEW_NAME for r in data["results"])
                with self.lock:
                    self.answers.append((time.monotonic(), data["version"], has_new))
            except Exception as exc:  # noqa: BLE001 - every failure is counted
                with self.lock:
                    self.failures.append(repr(exc))

    def since(self, moment: float) -> list[tuple[float, int, bool]]:
        with self.lock:
            return [a for a in self.answers if a[0] >= moment]

    def __enter__(self) -> Poller:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=15)


def test_gunicorn_serves_and_follows_a_publish(served, home, tmp_path):
    base, env, server = served

    status, page = get(base, "/")
    assert status == 200
    assert "证明" in page.decode()
    status, page = get(base, "/search", q="无犯罪记录证明")
    assert status == 200
    assert "无犯罪记录证明" in page.decode()

    body = get_json(base, "/api/v1/search", q="亲属关系证明")
    assert body["version"] == 1
    assert body["answer"]["status"]
    assert body["results"]
    for result in body["results"]:
        assert {
            "id", "list", "name", "matter", "requiring_department", "issuing_authority", "basis",
            "url",
        } <= set(result)  # fmt: skip
        assert result["list"] in ("abolished", "retained")
    item_path = urllib.parse.urlsplit(body["results"][0]["url"]).path
    status, page = get(base, item_path)
    assert status == 200
    assert body["results"][0]["name"] in page.decode()

    abolished = get_json(base, "/api/v1/lists/abolished", format="json")
    assert len(abolished["items"]) >= 200
    retained = get_json(base, "/api/v1/lists/retained", format="json")
    assert len(retained["items"]) >= 30

    workbook = new_list(home, tmp_path / "平湖市取消证明材料清单.xlsx")
    with Poller(base) as poller:
        time.sleep(1)
        result = subprocess.run(
            [str(VENV / "lookup"), "import", str(workbook), "--list", "abolished", "--publish"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "新增 1 项" in result.stdout
        published = time.monotonic()
        # Both workers are kept busy by the four threads: once the last 40 answers all carry
        # the new item, each worker has served it.
        deadline = published + 20
        while time.monotonic() < deadline:
            recent = poller.since(published)[-40:]
            if len(recent) == 40 and all(v == 2 and new for _t, v, new in recent):
                break
            time.sleep(0.2)
        else:
            pytest.fail(f"workers did not all follow version 2: {poller.since(published)[-40:]}")
    assert poller.failures == []
    assert len(poller.answers) > 40
    assert get_json(base, "/healthz")["version"] == 2

    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=30) == 0
