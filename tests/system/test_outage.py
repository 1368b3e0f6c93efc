"""A real PostgreSQL outage under load: residents notice nothing, the office is told, and
everything recovers by itself.

The test starts its own throwaway PostgreSQL cluster (initdb/pg_ctl in a temporary folder, as
an unprivileged user, on a free loopback port: never the shared server), a two-worker gunicorn
on it, and a bounded load of public requests (search pages, the search API, item pages) from
two threads. It stops the database with `pg_ctl stop -m fast`, checks what everyone sees while
it is down, starts it again and measures the recovery. Needs Debian's `postgresql` (CI
installs it); skips without it unless LOOKUP_REQUIRE_POSTGRES=1.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"
OUTAGE_QUERY = "停电期间查询的测试证明"
MAX_REQUESTS = 20_000  # the load stops by itself at this count or after LOAD_SECONDS
LOAD_SECONDS = 120


def _pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))
    if not found:
        message = "PostgreSQL server binaries not found (Debian package postgresql)"
        if os.environ.get("LOOKUP_REQUIRE_POSTGRES") == "1":
            pytest.fail(message + " (LOOKUP_REQUIRE_POSTGRES=1)")
        pytest.skip(message)
    return found[-1].parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A PostgreSQL cluster of the test's own, run by an unprivileged user."""

    def __init__(self) -> None:
        self.bin = _pg_bin()
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="lookup-outage-pg-"))
        self.data = self.root / "data"
        self.user = None
        if os.geteuid() == 0:  # initdb refuses root: run as the postgres (or nobody) user
            for name in ("postgres", "nobody"):
                try:
                    self.user = pwd.getpwnam(name)
                    break
                except KeyError:
                    continue
            os.chmod(self.root, 0o700)
            os.chown(self.root, self.user.pw_uid, self.user.pw_gid)

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.user is not None:
            command = ["runuser", "-u", self.user.pw_name, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd="/")
        assert done.returncode == 0, f"{args[0]}: {done.stdout}\n{done.stderr}\n{self.log()}"

    def log(self) -> str:
        path = self.root / "postgres.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "lookup", "--auth=trust", "-E", "UTF8")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root}"
        log = str(self.root / "postgres.log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://lookup@127.0.0.1:{self.port}/{database}"

    def remove(self) -> None:
        with contextlib.suppress(AssertionError):  # not running
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def _tool(name: str) -> str:
    local = ROOT / ".venv" / "bin" / name
    return str(local) if local.exists() else str(Path(sys.executable).with_name(name))


class Browser:
    """A client with cookies (the office user) that reads status codes, never raises on them."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            _NoRedirect(),
        )

    def request(self, path: str, data: dict | None = None, json_body=None) -> tuple[int, str]:
        body, headers = None, {}
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
        elif json_body is not None:
            body, headers = json.dumps(json_body).encode(), {"Content-Type": "application/json"}
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=15) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")
        except OSError as exc:  # not listening (yet)
            return 0, str(exc)

    def login(self, name: str) -> int:
        _status, page = self.request("/admin/login")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        status, _ = self.request(
            "/admin/login", {"csrf_token": token, "name": name, "password": PASSWORD}
        )
        return status


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Load:
    """Public requests from two threads until stopped (bounded in count and time)."""

    def __init__(self, base: str, paths: list[str]) -> None:
        self.base, self.paths = base, paths
        self.results: list[tuple[float, str, int | str]] = []
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, args=(n,)) for n in range(2)]

    def _run(self, offset: int) -> None:
        deadline = time.monotonic() + LOAD_SECONDS
        n = offset
        while not self.stop.is_set() and time.monotonic() < deadline:
            with self.lock:
                if len(self.results) >= MAX_REQUESTS:
                    return
            path = self.paths[n % len(self.paths)]
            n += 2
            try:
                with urllib.request.urlopen(self.base + path, timeout=15) as response:
                    response.read()
                    outcome: int | str = response.status
            except urllib.error.HTTPError as exc:
                outcome = exc.code
            except OSError as exc:
                outcome = f"{type(exc).__name__}: {exc}"
            with self.lock:
                self.results.append((time.monotonic(), path, outcome))

    def __enter__(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def between(self, start: float, end: float) -> list:
        with self.lock:
            return [r for r in self.results if start <= r[0] <= end]


def _wait(check, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    return check()


def _health(browser: Browser) -> dict:
    status, body = browser.request("/healthz")
    try:
        return {"http": status, **json.loads(body)}
    except ValueError:
        return {"http": status}


@pytest.fixture
def cluster():
    made = Cluster()
    try:
        made.init()
        made.start()
        yield made
    finally:
        made.remove()


@pytest.fixture
def node(cluster, tmp_path):
    """`lookup init` on the cluster, a publisher, and gunicorn with two workers."""
    import psycopg

    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE lookup")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOOKUP_", "PROMETHEUS_"))}
    env.update(
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY="2",
        LOOKUP_HOME=str(tmp_path / "home"),
        DATABASE_URL=cluster.url("lookup"),
        LOOKUP_VERSION_CHECK_INTERVAL="0.5",
        LOOKUP_INSECURE_COOKIES="1",
        LOOKUP_NEW_PASSWORD=PASSWORD,
    )
    for args in (["init"], ["user", "add", "publisher1", "--role", "publisher"]):
        done = subprocess.run(
            [_tool("lookup"), *args], env=env, cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
    log_path = tmp_path / "gunicorn.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [_tool("gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            up = _wait(lambda: _health(Browser(base)).get("status") == "ok", 60)
            assert up, log_path.read_text(errors="replace")[-3000:]
            yield base, log_path
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _public_paths(base: str) -> list[str]:
    found = json.loads(urllib.request.urlopen(base + "/api/v1/lists/abolished").read())
    ids = [item["id"] for item in found["items"][:6]]
    names = [item["name"] for item in found["items"][:6]]
    quote = urllib.parse.quote
    paths = []
    for item_id, name in zip(ids, names, strict=True):
        paths += [
            f"/items/{item_id}",
            f"/search?q={quote(name)}",
            f"/api/v1/search?q={quote(name)}",
        ]
    return paths + ["/", f"/api/v1/items/{ids[0]}", "/lists/retained"]


def test_postgresql_stopped_under_load(cluster, node):
    import psycopg

    base, log_path = node
    office = Browser(base)
    assert office.login("publisher1") == 302
    assert office.request("/admin/")[0] == 200
    with Load(base, _public_paths(base)) as load:
        time.sleep(2)
        stopped_at = time.monotonic()
        cluster.stop()
        health = _wait(lambda: _health(office).get("status") == "degraded" and _health(office), 15)
        assert health, _health(office)
        assert health["http"] == 200
        assert "database unreachable" in health["reason"]
        status, page = office.request("/admin/")
        assert status == 503
        assert "数据库暂时无法连接" in page
        status, body = office.request(
            "/api/v1/reports",
            json_body={
                "certificate": "无犯罪记录证明",
                "office": "某单位",
                "happened_on": "2024-01-02",
            },
        )
        assert (status, json.loads(body)["error"]) == (503, "database_unavailable")
        for _ in range(3):
            status, _ = office.request("/api/v1/search?q=" + urllib.parse.quote(OUTAGE_QUERY))
            assert status == 200
        time.sleep(3)
        started_at = time.monotonic()
        cluster.start()
        recovered = _wait(
            lambda: _health(office).get("status") == "ok" and office.request("/admin/")[0] == 200,
            30,
        )
        recovery = time.monotonic() - started_at
        assert recovered, f"not recovered:\n{log_path.read_text(errors='replace')[-3000:]}"
        time.sleep(2)
    failed = [r for r in load.results if r[2] != 200]
    during = load.between(stopped_at, started_at)
    print(
        f"\noutage: {len(load.results)} public requests, {len(during)} while the database was "
        f"down ({started_at - stopped_at:.1f} s), {len(failed)} failed; office and health "
        f"recovered {recovery:.1f} s after the database started"
    )
    log = log_path.read_text(errors="replace")
    assert failed == [], log[log.find("Error handling request") :][:8000] or log[-4000:]
    assert len(during) >= 20
    assert {p.split("?")[0].split("/")[1] for _, p, _ in during} >= {"items", "search", "api"}

    # Searches counted while the database was away are written once it is back.
    def outage_query_counted() -> int:
        with psycopg.connect(cluster.url("lookup")) as conn:
            row = conn.execute(
                "SELECT sum(count) FROM query_stats WHERE query = %s", (OUTAGE_QUERY,)
            ).fetchone()
        return int(row[0] or 0)

    assert _wait(lambda: outage_query_counted() >= 3, 20)
    assert outage_query_counted() == 3

    # Every worker reports the version it serves; requests are added up across workers.
    status, text = office.request("/metrics")
    assert status == 200
    assert len(re.findall(r'^lookup_served_version\{pid="\d+"\} 1\.0$', text, re.M)) == 2
    assert re.search(r'^lookup_search_answers_total\{status="[a-z_]+"\} \d+', text, re.M)
    total = sum(
        float(v)
        for v in re.findall(
            r'^lookup_http_requests_total\{endpoint="public.item",method="GET",status="200"\} '
            r"([0-9.e+]+)$",
            text,
            re.M,
        )
    )
    assert total >= len([r for r in load.results if r[1].startswith("/items/")])
