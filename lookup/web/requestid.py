"""A request id for every request: in every log line, in the `X-Request-ID` answer header and
in error pages and JSON, so that a resident's screenshot leads to the log lines of that request.

The id comes from the proxy (nginx's `$request_id`, sent as `X-Request-ID`) when it looks like
one, otherwise it is made here. It is kept in a context variable for the duration of the
request, so that log lines of the response cache in front of Flask carry it too.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid

from flask import Flask

HEADER = "X-Request-ID"
ENVIRON_KEY = "lookup.request_id"
_VALID = re.compile(r"[A-Za-z0-9._-]{8,64}")
_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def current() -> str:
    """The id of the request being answered ("-" outside a request)."""
    return _current.get()


class RequestIds:
    """WSGI middleware: the id for the environ, the context and the answer header."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        offered = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = offered if _VALID.fullmatch(offered) else uuid.uuid4().hex
        environ[ENVIRON_KEY] = request_id
        token = _current.set(request_id)

        def with_id(status, headers, exc_info=None):
            headers = [(k, v) for k, v in headers if k.lower() != HEADER.lower()]
            headers.append((HEADER, request_id))
            return start_response(status, headers, exc_info)

        try:
            return self.wsgi_app(environ, with_id)
        finally:
            _current.reset(token)


_factory_installed = False


def _install_record_factory() -> None:
    """Every log record (of any logger, any handler) gets `request_id`."""
    global _factory_installed
    if _factory_installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        record.request_id = _current.get()
        return record

    logging.setLogRecordFactory(factory)
    _factory_installed = True


LOG_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


def init_app(app: Flask) -> None:
    """Log records carry the request id; errors and pages can read it as `request_id`."""
    _install_record_factory()
    app.context_processor(lambda: {"request_id": current()})


def install(app: Flask) -> None:
    """The outermost WSGI layer (after the response cache and the metrics are in place)."""
    if not isinstance(app.wsgi_app, RequestIds):
        app.wsgi_app = RequestIds(app.wsgi_app)
