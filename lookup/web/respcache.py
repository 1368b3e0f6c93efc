"""A per-process cache of whole search responses, in front of Flask (installed by create_app).

Popular questions repeat: a cached answer is sent without routing, searching or serialising.
The key holds everything the response depends on (path, query string, host, scheme, forwarded
headers) and the published lists' version and vocabulary this process serves, checked as often
as the engine checks them (VERSION_CHECK_INTERVAL), so a publish of either is followed exactly as
without the cache. Only plain 200 answers without cookies are kept, bounded by count and bytes.
A search answered from here is still counted for the office's insights, through
`lookup.web.searching.count`.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict

from flask import Flask

from lookup.office.engines import follower
from lookup.web import searching

log = logging.getLogger(__name__)

PATHS = frozenset({"/api/v1/search", "/api/v1/suggest"})
_VARY = ("HTTP_HOST", "wsgi.url_scheme", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST")


class ResponseCache:
    def __init__(self, app: Flask, wsgi_app, max_entries: int, max_bytes: int):
        self.app, self.wsgi_app = app, wsgi_app
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self.entries: OrderedDict = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") != "GET" or environ.get("PATH_INFO") not in PATHS:
            return self.wsgi_app(environ, start_response)
        try:
            engine = follower(self.app).get()
        except Exception:  # no index or no store: let the app answer (and report) it
            return self.wsgi_app(environ, start_response)
        key = (
            engine.version,
            engine.settings.vocabulary.digest,
            environ["PATH_INFO"],
            environ.get("QUERY_STRING", ""),
            *(environ.get(name) for name in _VARY),
        )
        with self.lock:
            hit = self.entries.get(key)
            if hit is not None:
                self.entries.move_to_end(key)
        if hit is not None:
            status, headers, body, counted = hit
            if counted is not None:
                self._count(counted)
            start_response(status, list(headers))
            return [body]
        return self._fill(key, environ, start_response)

    def _fill(self, key, environ, start_response):
        captured: list = []

        def capture(status, headers, exc_info=None):
            captured[:] = [status, headers]
            return start_response(status, headers, exc_info)

        chunks = self.wsgi_app(environ, capture)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        status, headers = captured
        if status.startswith("200") and not any(k.lower() == "set-cookie" for k, _v in headers):
            counted = _insight(body) if environ["PATH_INFO"] == "/api/v1/search" else None
            self._store(key, (status, tuple(headers), body, counted))
        return [body]

    def _count(self, counted: dict) -> None:
        with self.app.app_context():
            searching.count(counted)

    def _store(self, key, entry) -> None:
        size = len(entry[2]) + 512
        if size > self.max_bytes // 16:
            return
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = entry
            self.size += size
            while len(self.entries) > self.max_entries or self.size > self.max_bytes:
                _k, old = self.entries.popitem(last=False)
                self.size -= len(old[2]) + 512


def installed(app: Flask) -> ResponseCache | None:
    """The cache among the app's WSGI layers (request ids and metrics wrap it), if any."""
    layer = app.wsgi_app
    while layer is not None and not isinstance(layer, ResponseCache):
        layer = getattr(layer, "wsgi_app", None)
    return layer


def install(app: Flask) -> None:
    """Put the cache in front of the app's WSGI callable (idempotent), sized by the config."""
    if installed(app) is None:
        app.wsgi_app = ResponseCache(
            app,
            app.wsgi_app,
            max_entries=int(app.config["RESPONSE_CACHE_ENTRIES"]),
            max_bytes=int(app.config["RESPONSE_CACHE_BYTES"]),
        )


def _insight(body: bytes) -> dict | None:
    """The parts of a search body insights.record_result reads (query, answer, total)."""
    try:
        data = json.loads(body)
        answer = {k: data["answer"].get(k) for k in ("status", "confidence")}
        return {"query": data["query"], "answer": answer, "total": data["total"]}
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
