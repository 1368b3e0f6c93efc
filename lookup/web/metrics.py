"""Metrics for Prometheus at /metrics: requests and latency per endpoint, answers by status,
the version each worker serves, publish and index times, reports (`lookup.core.metrics`).

Requests are counted by a WSGI layer outside the response cache, so that answers the cache
sends without Flask count too. /metrics answers only the addresses in `METRICS_ALLOW`
(e.g. `127.0.0.1,::1,10.20.0.0/16`), and nothing that came through a proxy unless the app
trusts the proxy (`PROXY_FIX`); to anyone else it does not exist (404).
"""

from __future__ import annotations

import ipaddress
import os
import time

from flask import Flask, abort, current_app, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client import multiprocess as prometheus_multiprocess

from lookup.core import metrics

ENDPOINT_KEY = "lookup.endpoint"


def _networks(value) -> list:
    items = value.split(",") if isinstance(value, str) else list(value or ())
    return [ipaddress.ip_network(str(item).strip(), strict=False) for item in items if item]


def allowed(remote_addr: str | None, app: Flask | None = None) -> bool:
    """Whether an address may read /metrics."""
    app = app or current_app
    if request and request.headers.get("X-Forwarded-For") and not app.config.get("PROXY_FIX"):
        return False  # came through a proxy we do not trust: the address is the proxy's
    try:
        address = ipaddress.ip_address((remote_addr or "").split("%")[0])
    except ValueError:
        return False
    return any(address in network for network in app.extensions["lookup_metrics_allow"])


def metrics_page():
    """The metrics of every worker of this node, in Prometheus' text format."""
    if not allowed(request.remote_addr):
        abort(404)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        prometheus_multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return current_app.response_class(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)


def _note_endpoint(response):
    """Tell the WSGI layer which endpoint answered; note the version this worker serves."""
    request.environ[ENDPOINT_KEY] = request.endpoint or "none"
    found = current_app.extensions.get("lookup_search")
    engine = found.engine if found is not None else None
    if engine is not None:
        metrics.SERVED_VERSION.set(engine.version)
        metrics.STORE_REACHABLE.set(0 if found.last_error else 1)
    return response


class RequestMetrics:
    """WSGI layer: one count and one latency observation per request."""

    def __init__(self, app: Flask, wsgi_app) -> None:
        self.app, self.wsgi_app = app, wsgi_app

    def _endpoint(self, environ) -> str:
        found = environ.get(ENDPOINT_KEY)
        if found:
            return found
        try:  # answered in front of Flask (the response cache): find the endpoint by path
            endpoint, _args = self.app.url_map.bind_to_environ(environ).match()
        except Exception:
            return "none"
        return endpoint

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        status = ["500"]

        def note(code, headers, exc_info=None):
            status[0] = code.split(" ", 1)[0]
            return start_response(code, headers, exc_info)

        try:
            return self.wsgi_app(environ, note)
        finally:
            endpoint = self._endpoint(environ)
            method = environ.get("REQUEST_METHOD", "")
            method = method if method in ("GET", "POST", "HEAD") else "other"
            metrics.REQUESTS.labels(endpoint, method, status[0]).inc()
            metrics.LATENCY.labels(endpoint).observe(time.perf_counter() - started)


def init_app(app: Flask) -> None:
    """The /metrics route, its allowed addresses, and the endpoint note on every answer."""
    app.extensions["lookup_metrics_allow"] = _networks(app.config.get("METRICS_ALLOW"))
    app.add_url_rule("/metrics", "metrics", metrics_page, methods=["GET"])
    app.after_request(_note_endpoint)


def install(app: Flask) -> None:
    """Count every request, the response cache's answers included (idempotent)."""
    if not isinstance(app.wsgi_app, RequestMetrics):
        app.wsgi_app = RequestMetrics(app, app.wsgi_app)
