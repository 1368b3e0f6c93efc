"""The store on PostgreSQL: publish/diff/rollback, the publish lease, shared rate counters,
backup/restore, and two gunicorn nodes following one published version.

Needs `LOOKUP_TEST_POSTGRES` (an admin URL, e.g. postgresql://lookup:lookup@127.0.0.1:5432/postgres):
a fresh database is created for this module and dropped after. Without it these tests skip,
unless `LOOKUP_REQUIRE_POSTGRES=1` (CI), where a missing server fails.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from databases import postgres_database
from sqlalchemy import text
from support import import_and_publish, make_app
from test_backup import change_things, snapshot

from lookup.core.errors import PublishBusy
from lookup.lists import backup, exporter, lease, store
from lookup.lists.db import engine_for
from lookup.lists.models import Base
from lookup.office import publishing, ratelimit, setup

pytestmark = [pytest.mark.postgres]
ROOT = Path(__file__).resolve().parents[2]
NEW_NAME = "平湖测试专用船舶停泊情况证明"


@pytest.fixture(scope="module")
def pg_url():
    with postgres_database("lookup_test") as url:
        yield url


def reset(url: str) -> None:
    """An empty database: every table of the store and the migrations' bookkeeping dropped."""
    engine = engine_for(url)
    Base.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture
def pg_app(pg_url, tmp_path):
    """An app on the module's database, emptied and initialised from data/ for each test."""
    reset(pg_url)
    app = make_app(tmp_path / "pg-home", DATABASE_URL=pg_url)
    with app.app_context():
        setup.init(app)
        yield app


def _new_list(path: Path) -> Path:
    """A real .xlsx of the abolished list with one new certificate added."""
    items = store.items_of(list_kind="abolished")
    extra = {**items[0], "id": "", "seq": str(len(items) + 1), "name": NEW_NAME}
    extra["matter"] = "船舶登记"
    data = exporter.export_xlsx([*items, extra], "abolished", version=store.current_version())
    path.write_bytes(data)
    return path


def test_publish_diff_rollback(pg_app, tmp_path):
    xlsx = _new_list(tmp_path / "abolished.xlsx")
    import_and_publish(pg_app, xlsx, "abolished", note="新增一项")
    assert store.current_version() == 2
    added = store.diff(1, 2)["abolished"]["added"]
    assert [i["name"] for i in added] == [NEW_NAME]
    client = pg_app.test_client()
    found = client.get(f"/api/v1/search?q={quote(NEW_NAME)}").get_json()
    assert found["version"] == 2
    assert NEW_NAME in [r["name"] for r in found["results"]]
    assert publishing.republish(pg_app, 1, author="test") == 3
    assert store.diff(1, 3) == {
        k: {"added": [], "removed": [], "changed": []} for k in ("abolished", "retained")
    }
    assert [v["number"] for v in store.versions()] == [3, 2, 1]


def test_the_publish_lease_serialises_publishers(pg_app):
    from lookup.lists.db import session_factory

    other = "elsewhere:1:abcdef12"
    with session_factory(pg_app)() as session:
        assert lease.acquire(session, publishing.LEASE, other, 60, "另一个节点的发布") is None
        with pytest.raises(PublishBusy):
            publishing.republish(pg_app, 1, author="test")
        lease.release(session, publishing.LEASE, other)
    assert publishing.republish(pg_app, 1, author="test") == 2

    # Racing for a free lease: exactly one of many takes it.
    barrier = threading.Barrier(6)

    def take(n: int) -> bool:
        with session_factory(pg_app)() as session:
            barrier.wait()
            return lease.acquire(session, "race", f"elsewhere:{n}:x", 60) is None

    with ThreadPoolExecutor(max_workers=6) as pool:
        assert sum(pool.map(take, range(6))) == 1


def test_two_publishers_at_once_never_share_a_version(pg_app):
    results: list = []

    def publish() -> None:
        with pg_app.app_context():
            try:
                results.append(publishing.republish(pg_app, 1, author="test"))
            except PublishBusy as exc:
                results.append(exc)

    threads = [threading.Thread(target=publish) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    numbers = [r for r in results if isinstance(r, int)]
    assert numbers
    assert len(set(numbers)) == len(numbers)
    assert store.current_version() == max(numbers)


def test_rate_counters_are_shared_and_atomic(pg_app):
    def one(_):
        with pg_app.app_context():
            return ratelimit.allow("pg:race", 30, 3600)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one, range(50)))
    assert results.count(True) == 30
    ratelimit.reset("pg:race")
    assert ratelimit.allow("pg:race", 1, 3600)


def test_search_statistics_add_up(pg_app):
    from lookup.office import insights

    # Searches of the module's earlier tests are written by the insights thread whenever it
    # wakes; write them now and count only this test's from here on.
    insights.flush_all()
    since, until = datetime(2000, 1, 1), datetime(2100, 1, 1)
    before = {q["query"]: q["count"] for q in insights.top_queries(since, until)}
    for _ in range(3):
        insights.record("亲属关系证明", "abolished", 0.9, 2)
    insights.flush_all()
    insights.record("亲属关系证明", "abolished", 0.9, 2)
    insights.flush_all()
    after = {q["query"]: q for q in insights.top_queries(since, until)}
    assert after["亲属关系证明"]["count"] - before.get("亲属关系证明", 0) == 4
    assert after["亲属关系证明"]["outcomes"] == {"ok": 4 + before.get("亲属关系证明", 0)}


def test_backup_and_restore(pg_app, tmp_path, seeded_home):
    path = tmp_path / "pg.jsonl.gz"
    before = snapshot(pg_app)
    backup.backup(pg_app, path)
    change_things(pg_app)
    backup.restore(pg_app, path)
    assert snapshot(pg_app) == before
    from lookup.office import reports

    assert reports.create({"certificate": "x证明", "office": "丙", "happened_on": "2024-01-02"})
    # A backup taken on SQLite restores into PostgreSQL.
    sqlite_app = make_app(seeded_home)
    with sqlite_app.app_context():
        backup.backup(sqlite_app, tmp_path / "sqlite.jsonl.gz")
        expected = snapshot(sqlite_app)
    backup.restore(pg_app, tmp_path / "sqlite.jsonl.gz")
    assert snapshot(pg_app) == expected


# Two nodes ---------------------------------------------------------------------------------


def _tool(name: str) -> str:
    local = ROOT / ".venv" / "bin" / name
    return str(local) if local.exists() else str(Path(sys.executable).with_name(name))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get_json(url: str) -> dict | None:
    import json

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return json.load(response)
    except (OSError, ValueError):
        return None


def _node_env(home: Path, url: str, port: int) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOOKUP_")}
    env.update(
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY="1",
        LOOKUP_HOME=str(home),
        DATABASE_URL=url,
        LOOKUP_VERSION_CHECK_INTERVAL="0.5",
        LOOKUP_INSECURE_COOKIES="1",
    )
    return env


def _lookup(env: dict, *args: str) -> str:
    done = subprocess.run(
        [_tool("lookup"), *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _logs(folder: Path) -> str:
    return "\n".join(
        f"--- {p.name}\n" + p.read_text(errors="replace")[-3000:]
        for p in sorted(folder.glob("gunicorn-*.log"))
    )


def _wait(check, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    return check()


@pytest.mark.slow
def test_two_nodes_follow_a_publish(pg_url, tmp_path):
    reset(pg_url)
    nodes = {}
    for name in ("a", "b"):
        home = tmp_path / f"node-{name}"
        port = _free_port()
        nodes[name] = (home, port, _node_env(home, pg_url, port))
    _lookup(nodes["a"][2], "init")  # loads data/ into the store
    _lookup(nodes["b"][2], "init")  # builds node B's own index from the store
    servers = []
    try:
        for name, (_home, _port, env) in nodes.items():
            log = open(tmp_path / f"gunicorn-{name}.log", "wb")  # noqa: SIM115 - closed below
            servers.append(
                (
                    subprocess.Popen(
                        [_tool("gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"],
                        env=env,
                        cwd=ROOT,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    ),
                    log,
                )
            )
        bases = [f"http://127.0.0.1:{port}" for _, port, _ in nodes.values()]
        for base in bases:
            health = _wait(lambda base=base: _get_json(base + "/healthz"), 60)
            assert health == {"status": "ok", "version": 1}, health

        app_a = make_app(nodes["a"][0], DATABASE_URL=pg_url)
        with app_a.app_context():
            xlsx = _new_list(tmp_path / "new-abolished.xlsx")
        started = time.monotonic()
        _lookup(nodes["a"][2], "import", str(xlsx), "--list", "abolished", "--publish")
        published = time.monotonic()

        def serves_new(base: str) -> bool:
            health = _get_json(base + "/healthz") or {}
            found = _get_json(f"{base}/api/v1/search?q={quote(NEW_NAME)}") or {}
            names = [r["name"] for r in found.get("results", [])]
            return health.get("version") == 2 and found.get("version") == 2 and NEW_NAME in names

        for base in bases:
            followed = _wait(lambda base=base: serves_new(base), 20)
            assert followed, f"{base} did not follow:\n{_logs(tmp_path)}"
        done = time.monotonic()
        print(
            f"\ntwo nodes: import+publish took {published - started:.1f}s; "
            f"both nodes served version 2 {done - published:.1f}s after the publish"
        )
    finally:
        for process, _log in servers:
            process.terminate()
        for process, log in servers:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()
        shutil.rmtree(tmp_path / "node-a", ignore_errors=True)
