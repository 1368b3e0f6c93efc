"""Search under load while two publishes run; report failed requests (``scripts/loadtest``).

Starts gunicorn with the project's config (2 workers, loopback, a free port) on a temporary,
freshly initialised LOOKUP_HOME, runs a thread pool of keep-alive clients against
/api/v1/search for a bounded time, and meanwhile publishes two new versions of the abolished
list with ``lookup import … --publish``, one after the other. Prints figures; exits 1 when any
request failed (non-2xx status or socket error), a publish failed, the servers did not move to
the last version, or any answer looked like a debug page. A script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
QUERIES = (
    "无犯罪记录证明", "亲属关系证明", "办居住证还要开亲属关系证明吗", "证明我妈是我妈",
    "居住证明", "wfzjl", "親屬關係證明", "低保要开收入证明吗", "出生医学证明", "收入证明",
    "婚姻状况证明", "死亡证明", "第17号压测证明", "压测证明", "未列入的证明", "村委会证明",
)  # fmt: skip
DEBUG_MARKERS = ("Traceback (most recent call last)", "Werkzeug Debugger", "__debugger__")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_for(home: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOOKUP_")}
    env.pop("DATABASE_URL", None)
    env.update(LOOKUP_HOME=str(home), **extra)
    return env


def make_lists(home: Path, out: Path) -> list[Path]:
    """Two new versions of the abolished list: the shipped items plus 500, then 1,500 more."""
    sys.path.insert(0, str(ROOT))
    from lookup import create_app
    from lookup.lists import store
    from lookup.lists.exporter import export_xlsx

    app = create_app({"LOOKUP_HOME": str(home)})
    with app.app_context():
        items = store.items_of(list_kind="abolished")
    files = []
    for n, extra in ((1, 500), (2, 1500)):
        added = [
            {"name": f"第{i}号压测证明", "matter": f"压测事项{i % 50}", "replacement": "告知承诺"}
            for i in range(1, extra + 1)
        ]
        path = out / f"publish-{n}.xlsx"
        path.write_bytes(export_xlsx([*items, *added], "abolished"))
        files.append(path)
    return files


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.statuses: Counter = Counter()
        self.errors: Counter = Counter()
        self.versions: list[tuple[float, int]] = []
        self.debug_pages = 0


def client(port: int, stop: threading.Event, stats: Stats, seed: int, limit: int) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    while not stop.is_set():
        with stats.lock:
            if len(stats.latencies) + sum(stats.errors.values()) >= limit:
                return
        q = rng.choice(QUERIES)
        started = time.perf_counter()
        try:
            conn.request("GET", f"/api/v1/search?q={quote(q)}&per_page={rng.choice((5, 10))}")
            response = conn.getresponse()
            body = response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as exc:
            with stats.lock:
                stats.errors[type(exc).__name__] += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            continue
        elapsed = time.perf_counter() - started
        text = body.decode("utf-8", "replace")
        with stats.lock:
            stats.latencies.append(elapsed)
            stats.statuses[status] += 1
            if any(m in text for m in DEBUG_MARKERS):
                stats.debug_pages += 1
            if status == 200:
                stats.versions.append((time.monotonic(), json.loads(text)["version"]))
    conn.close()


def get(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def wait_ready(port: int, server: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        try:
            if get(port, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz in time")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else values[0]
    )


def publish(home: Path, path: Path, note: str) -> tuple[int, float, str]:
    started = time.monotonic()
    done = subprocess.run(
        [str(BIN / "lookup"), "import", str(path), "--list", "abolished", "--publish"]
        + ["--note", note],
        env=env_for(home),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return done.returncode, time.monotonic() - started, (done.stdout + done.stderr)[-2000:]


def run(args: argparse.Namespace, home: Path) -> int:
    subprocess.run(
        [str(BIN / "lookup"), "init"], env=env_for(home), cwd=ROOT, check=True, capture_output=True
    )
    files = make_lists(home, home)
    port = free_port()
    env = env_for(
        home,
        LOOKUP_VERSION_CHECK_INTERVAL="0.5",
        LOOKUP_INSECURE_COOKIES="1",
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY=str(args.workers),
        GUNICORN_LOGLEVEL="warning",
    )
    log = open(home / "gunicorn.log", "wb")  # noqa: SIM115 - closed in finally
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    try:
        wait_ready(port, server)
        start_version = json.loads(get(port, "/healthz")[1])["version"]
        stats, stop = Stats(), threading.Event()
        threads = [
            threading.Thread(target=client, args=(port, stop, stats, i, args.max_requests))
            for i in range(args.threads)
        ]
        began = time.monotonic()
        for t in threads:
            t.start()
        time.sleep(args.warmup)
        publishes = []
        for n, path in enumerate(files, 1):
            publishes.append((n, *publish(home, path, f"压测发布 {n}")))
        published_at = time.monotonic()
        # Keep searching until the workers have had time to follow, within the time bound.
        time.sleep(max(2.0, began + args.seconds - time.monotonic()))
        stop.set()
        for t in threads:
            t.join(timeout=30)
        elapsed = time.monotonic() - began
        end_version = json.loads(get(port, "/healthz")[1])["version"]
        probes = [
            get(port, p)
            for p in ("/api/v1/search?q=%zz", "/api/v1/search?q=", "/nope", "/search?q=%ff%fe")
        ]
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
    return report(stats, publishes, probes, start_version, end_version, elapsed, published_at)


def report(stats, publishes, probes, start_version, end_version, elapsed, published_at) -> int:
    total = len(stats.latencies) + sum(stats.errors.values())
    non_2xx = sum(n for s, n in stats.statuses.items() if not 200 <= s < 300)
    failed = non_2xx + sum(stats.errors.values())
    ms = sorted(x * 1000 for x in stats.latencies)
    first = sorted({v for t, v in stats.versions if t < published_at})
    last_second = max((t for t, _ in stats.versions), default=0) - 1.0
    late = sorted({v for t, v in stats.versions if t >= last_second})
    print(f"requests        {total} in {elapsed:.1f} s ({total / elapsed:.0f}/s)")
    print(f"failed          {failed} (non-2xx {non_2xx}, socket errors {dict(stats.errors)})")
    print(f"statuses        {dict(sorted(stats.statuses.items()))}")
    print(f"latency ms      p50 {percentile(ms, 50):.1f}  p99 {percentile(ms, 99):.1f}  "
          f"max {max(ms, default=0):.1f}")  # fmt: skip
    print(f"versions        served {sorted({v for _, v in stats.versions})}; "
          f"healthz {start_version} -> {end_version}; in the last second {late}")  # fmt: skip
    for n, code, seconds, output in publishes:
        print(f"publish {n}       exit {code} in {seconds:.1f} s")
        if code:
            print(output)
    probe_debug = sum(any(m in b for m in DEBUG_MARKERS) for _, b in probes)
    print(f"debug pages     {stats.debug_pages + probe_debug}")
    print(f"malformed       {[s for s, _ in probes]}")
    ok = (
        failed == 0
        and total > 0
        and all(code == 0 for _, code, _, _ in publishes)
        and end_version == start_version + len(publishes)
        and late == [end_version]
        and stats.debug_pages == 0
        and all(s < 500 and not any(m in b for m in DEBUG_MARKERS) for s, b in probes)
        and first[:1] == [start_version]
    )
    print("result          " + ("OK" if ok else "FAILED"))
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30, help="minimum search time")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary LOOKUP_HOME")
    args = parser.parse_args(argv)
    if args.keep:
        home = Path(tempfile.mkdtemp(prefix="lookup-loadtest-"))
        print(f"home            {home}")
        return run(args, home)
    with tempfile.TemporaryDirectory(prefix="lookup-loadtest-") as tmp:
        return run(args, Path(tmp))


if __name__ == "__main__":
    sys.exit(main())
