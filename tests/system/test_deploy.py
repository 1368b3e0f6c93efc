"""docs/deploy as operators use it: the nginx site passes Debian's `nginx -t`, and the app
answers through it on loopback (TLS, gzip, static files with long cache lifetimes served by
nginx, the proxy headers the app trusts, /metrics closed, the request id passed on).

Needs nginx and openssl (CI installs them); skips without, unless LOOKUP_REQUIRE_NGINX=1.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "docs" / "deploy"
SERVER_NAME = "zmcx.pinghu.example.gov.cn"


def _need(tool: str) -> str:
    found = shutil.which(tool) or shutil.which(tool, path="/usr/sbin:/usr/bin")
    if found:
        return found
    message = f"{tool} not installed (Debian package {tool})"
    if os.environ.get("LOOKUP_REQUIRE_NGINX") == "1":
        pytest.fail(message + " (LOOKUP_REQUIRE_NGINX=1)")
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tool(name: str) -> str:
    local = ROOT / ".venv" / "bin" / name
    return str(local) if local.exists() else str(Path(sys.executable).with_name(name))


def _site(tmp: Path, ports: dict[str, int]) -> Path:
    """The shipped site with this machine's ports, paths and a throwaway certificate; every
    replaced text must be in the file, so the test follows the document, not a copy of it."""
    text = (DEPLOY / "nginx-lookup.conf").read_text()
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{ports['http']};",
        "listen [::]:80;": "",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{ports['https']} ssl http2;",
        "listen [::]:443 ssl http2;": "",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{ports['app']};",
        "/etc/ssl/lookup/fullchain.pem": str(tmp / "cert.pem"),
        "/etc/ssl/lookup/privkey.pem": str(tmp / "key.pem"),
        "/srv/lookup/lookup/static/": str(ROOT / "lookup" / "static") + "/",
        "/var/log/nginx/": str(tmp) + "/",
    }
    for old, new in replacements.items():
        assert old in text, f"docs/deploy/nginx-lookup.conf no longer has {old!r}"
        text = text.replace(old, new)
    site = tmp / "site.conf"
    site.write_text(text)
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the test's folder
    temp = "\n".join(
        f"  {name}_temp_path {tmp / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {tmp / 'nginx.pid'};\n"
        f"error_log {tmp / 'error.log'} warn;\nevents {{ worker_connections 64; }}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  types_hash_max_size 2048;\n"
        f"  sendfile on;\n  access_log {tmp / 'access.log'};\n"
        f"{temp}\n  include {site};\n}}\n"
    )
    return tmp / "nginx.conf"


def _certificate(tmp: Path) -> None:
    done = subprocess.run(
        [
            _need("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", f"/CN={SERVER_NAME}", "-keyout", str(tmp / "key.pem"),
            "-out", str(tmp / "cert.pem"),
        ],
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def _wait_for(url: str, context, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5, context=context):
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            time.sleep(0.3)
    return False


def _until(check, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str, context, headers: dict | None = None):
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=context), _NoRedirect()
    )
    request = urllib.request.Request(url, headers=headers or {})
    try:
        response = opener.open(request, timeout=15)
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()
    with response:
        return response.status, dict(response.headers), response.read()


def test_nginx_site_checks_and_serves_the_app(tmp_path):
    nginx = _need("nginx")
    tmp = Path(tmp_path)
    _certificate(tmp)
    ports = {"http": _free_port(), "https": _free_port(), "app": _free_port()}
    conf = _site(tmp, ports)
    check = subprocess.run(
        [nginx, "-t", "-c", str(conf), "-p", str(tmp)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr

    base = f"https://{SERVER_NAME}:{ports['https']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOOKUP_", "PROMETHEUS_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        HOST="127.0.0.1",
        PORT=str(ports["app"]),
        WEB_CONCURRENCY="1",
        LOOKUP_HOME=str(tmp / "home"),
        LOOKUP_PROXY_FIX="1",
        LOOKUP_PUBLIC_BASE_URL=base,
    )
    init = subprocess.run(
        [_tool("lookup"), "init"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert init.returncode == 0, init.stderr
    context = ssl.create_default_context(cafile=str(tmp / "cert.pem"))
    context.check_hostname = False  # the certificate names SERVER_NAME; we connect to 127.0.0.1
    logs = open(tmp / "servers.log", "wb")  # noqa: SIM115 - closed below
    app = subprocess.Popen(
        [_tool("gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"],
        env=env, cwd=ROOT, stdout=logs, stderr=subprocess.STDOUT,
    )  # fmt: skip
    proxy = subprocess.Popen(
        [nginx, "-c", str(conf), "-p", str(tmp)], stdout=logs, stderr=subprocess.STDOUT
    )
    try:
        via = f"https://127.0.0.1:{ports['https']}"
        assert _wait_for(f"http://127.0.0.1:{ports['app']}/healthz", None), (
            tmp / "servers.log"
        ).read_text()
        assert _wait_for(via + "/healthz", context), (tmp / "servers.log").read_text()
        host = {"Host": SERVER_NAME}

        # The end-to-end request: a search through TLS, compressed, with the request id.
        q = urllib.parse.quote("无犯罪记录证明")
        status, headers, body = _get(
            f"{via}/api/v1/search?q={q}", context, {**host, "Accept-Encoding": "gzip"}
        )
        assert status == 200
        assert headers["Content-Encoding"] == "gzip"
        found = json.loads(gzip.decompress(body))
        assert found["results"]
        assert all(r["url"].startswith(f"{base}/items/") for r in found["results"])
        assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])  # nginx's $request_id
        access_log = tmp / "lookup.access.log"
        logged = _until(lambda: headers["X-Request-ID"] in access_log.read_text())
        assert logged, access_log.read_text()
        assert headers["Strict-Transport-Security"].startswith("max-age=")  # https was seen

        # The app saw https and the client's address: a secure, host-prefixed cookie.
        status, headers, _ = _get(f"{via}/report", context, host)
        assert status == 200
        assert headers["Set-Cookie"].startswith("__Host-session=")
        assert "Secure" in headers["Set-Cookie"]

        # Static files come from nginx (no app header), cached for a year.
        status, _, page = _get(f"{via}/", context, host)
        css = re.search(r'href="(/static/site\.css\?v=[0-9a-f]+)"', page.decode()).group(1)
        status, headers, _ = _get(via + css, context, host)
        assert status == 200
        assert "max-age=31536000" in headers["Cache-Control"]
        assert "X-Request-ID" not in headers

        assert _get(f"{via}/metrics", context, host)[0] == 404
        assert _get(f"http://127.0.0.1:{ports['app']}/metrics", None)[0] == 200
        status, headers, _ = _get(f"http://127.0.0.1:{ports['http']}/search?q=x", None, host)
        assert status == 301
        assert headers["Location"] == f"https://{SERVER_NAME}/search?q=x"
        big = urllib.request.Request(
            f"{via}/api/v1/reports", data=b"x" * (21 * 1024 * 1024), headers=host, method="POST"
        )
        try:
            urllib.request.urlopen(big, timeout=30, context=context)
            refused = None
        except urllib.error.HTTPError as exc:
            refused = exc.code
        except OSError:  # nginx may close the connection while the body is still being sent
            refused = 413
        assert refused == 413
    finally:
        for process in (proxy, app):
            process.terminate()
        for process in (proxy, app):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        logs.close()
