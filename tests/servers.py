"""A real gunicorn for the tests that need one: the project's gunicorn.conf.py on a free
127.0.0.1 port over a given LOOKUP_HOME, waited for on /healthz, stopped with SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(
                f"gunicorn exited with {server.returncode}:\n"
                + log.read_text(errors="replace")[-3000:]
            )
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.HTTPError):
            pass
        time.sleep(0.2)
    pytest.fail("gunicorn did not answer /healthz:\n" + log.read_text(errors="replace")[-3000:])


@contextmanager
def gunicorn(
    home: Path, log: Path, **settings: str
) -> Iterator[tuple[str, dict, subprocess.Popen]]:
    """Serve `home`; `settings` are extra environment variables (LOOKUP_…, WEB_CONCURRENCY).
    Yields the base URL, the environment (for CLI commands on the same home) and the process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOOKUP_", "DATABASE_URL"))}
    env.update(
        HOST="127.0.0.1",
        PORT=str(free_port()),
        WEB_CONCURRENCY="2",
        LOOKUP_HOME=str(home),
        PYTHONWARNINGS="ignore",
    )
    env.update(settings)
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{env['PORT']}"
    try:
        wait_until_up(base, server, log)
        yield base, env, server
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
