"""证明事项查询: the Pinghu certificate-elimination lookup service.

`create_app()` builds the whole production stack (what gunicorn serves and what tests use):
configuration, the store, every blueprint, the response cache in front and the CLI commands.
The layers, from the bottom: `core` → `lists` → `search` → `office` → `web` and `cli`
(docs/architecture.md; tests/test_layers.py keeps imports going down only).
"""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask

from lookup.core import clock, config
from lookup.lists import db


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: defaults, then `LOOKUP_*` environment variables, then test overrides."""
    home = (
        Path(test_config["LOOKUP_HOME"])
        if test_config and "LOOKUP_HOME" in test_config
        else config.lookup_home()
    )
    config.keep_private(home)
    app = Flask(__name__, instance_path=str(home), instance_relative_config=False)
    app.config.from_mapping(config.defaults(home))
    app.config.from_prefixed_env("LOOKUP")
    if test_config:
        app.config.from_mapping(test_config)
    # Process-wide, like the clock itself: every app of a process reads the same file (or none).
    clock.use_file(app.config.get("CLOCK_FILE") or None)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config.secret_key(Path(app.config["LOOKUP_HOME"]))
    app.json.ensure_ascii = False
    app.json.sort_keys = False  # keys in the contract's order, and no sorting per response
    if app.config.get("PROXY_FIX"):
        # Behind a TLS-terminating proxy (LOOKUP_PROXY_FIX=1): trust one hop's X-Forwarded-*,
        # so that secure cookies, HSTS and absolute URLs see https.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    from lookup import cli, web
    from lookup.web import requestid, respcache

    logging.basicConfig(level=logging.INFO, format=requestid.LOG_FORMAT)

    db.init_app(app)
    web.init_app(app)
    cli.register(app)
    if app.config["RESPONSE_CACHE"]:
        respcache.install(app)
    web.wrap(app)  # request metrics and ids, outside the cache
    return app
