"""A publish killed with SIGKILL at any moment: the previous version goes on being served, the
store stays consistent, no half-built index is used, and the next publish succeeds at once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import make_app

from lookup.lists import store
from lookup.lists.exporter import export_xlsx

pytestmark = pytest.mark.slow

LOOKUP = Path(sys.executable).with_name("lookup")
ROWS = 3000
METHODS = ("直接取消", "告知承诺", "部门核验", "数据共享", "以现有证照替代")


def _big_list(path: Path) -> Path:
    items = [
        {
            "seq": str(i),
            "name": f"第{i}号测试证明",
            "matter": f"办理第{i % 97}类事项",
            "requiring_department": f"平湖市第{i % 13}局",
            "issuing_authority": "村（居）委会",
            "basis": "《浙江省保障“最多跑一次”改革规定》",
            "replacement": METHODS[i % len(METHODS)],
            "note": "",
        }
        for i in range(1, ROWS + 1)
    ]
    path.write_bytes(export_xlsx(items, "abolished"))
    return path


def _env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOOKUP_")}
    env.pop("DATABASE_URL", None)
    env["LOOKUP_HOME"] = str(home)
    return env


def _publish(home: Path, xlsx: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(LOOKUP),
            "import",
            str(xlsx),
            "--list",
            "abolished",
            "--publish",
            "--note",
            "故障测试",
        ],
        # the synthetic list replaces the whole list on purpose: no removal count to confirm
        env={**_env(home), "LOOKUP_REMOVAL_CONFIRM_SHARE": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _statuses(home: Path) -> dict[int, str]:
    db = sqlite3.connect(f"file:{home / 'lookup.sqlite3'}?mode=ro", uri=True, timeout=5)
    try:
        return dict(db.execute("SELECT number, status FROM versions"))
    except sqlite3.OperationalError:  # locked by the writer for a moment
        return {}
    finally:
        db.close()


def _tmp_dirs(home: Path) -> list[Path]:
    root = home / "indexes"
    return [p for p in root.iterdir() if p.name.startswith(".tmp-")] if root.exists() else []


def _new_index(home: Path, before: int) -> bool:
    root = home / "indexes"
    return any(
        p.name.startswith(f"v{before + 1}-") and (p / "meta.json").exists() for p in root.iterdir()
    )


MOMENTS = {
    "starting": lambda home, before: True,
    "db_written": lambda home, before: "building" in _statuses(home).values(),
    "indexing": lambda home, before: bool(_tmp_dirs(home)),
    "index_renamed": _new_index,
}


def _search(client) -> dict:
    response = client.get("/api/v1/search", query_string={"q": "无犯罪记录证明"})
    assert response.status_code == 200
    return response.get_json()


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_publish_killed_midway(home, tmp_path, moment):
    xlsx = _big_list(tmp_path / "big.xlsx")
    serving = make_app(home)  # a worker that was serving before the publish started
    with serving.app_context():
        before = store.current_version()
        before_body = _search(serving.test_client())
    assert before_body["version"] == before
    assert before_body["results"]

    process = _publish(home, xlsx)
    deadline = time.monotonic() + 120
    while not MOMENTS[moment](home, before):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            output = process.communicate()[0].decode()
            pytest.skip(f"the publish ended before the moment '{moment}' was seen: {output}")
        time.sleep(0.005)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL

    # Readers see the previous version, or (killed after the very last step) the new one whole.
    served = before
    if moment == "index_renamed" and _statuses(home).get(before + 1) == "published":
        served = before + 1
    with serving.app_context():
        assert store.current_version() == served
        body = _search(serving.test_client())
        assert body == before_body if served == before else body["version"] == served
        versions = serving.test_client().get("/api/v1/versions").get_json()
        assert versions["current"] == served
        assert all(v["number"] <= served for v in versions["versions"])
    fresh = make_app(home)
    with fresh.app_context():
        assert store.current_version() == served
        assert _search(fresh.test_client())["version"] == served

    # The next publish takes over the dead holder's lease and succeeds promptly (or, when the
    # killed one had already finished, is refused at once: it would change nothing).
    again = _publish(home, xlsx)
    output = again.communicate(timeout=180)[0].decode()
    if served == before:
        assert again.returncode == 0, output
    else:
        assert again.returncode == 1, output
        assert f"内容与第 {served} 版完全相同" in output
    statuses = _statuses(home)
    assert "building" not in statuses.values()
    after = max(n for n, s in statuses.items() if s == "published")
    assert after > before
    assert _tmp_dirs(home) == []
    with fresh.app_context():
        assert store.current_version() == after
        body = fresh.test_client().get("/api/v1/search", query_string={"q": "第17号测试证明"})
        assert body.get_json()["version"] == after
        assert "第17号测试证明" in [r["name"] for r in body.get_json()["results"]]
        assert len(store.items_of(list_kind="abolished")) == ROWS
    with serving.app_context():
        assert _search(serving.test_client())["version"] == after
