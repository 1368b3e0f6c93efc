"""The web layer: blueprints for residents, the staff desk, the office and the JSON API.

Owns URLs, forms, templates, error pages, security headers and the response cache. It may import
`lookup.office`, `lookup.search`, `lookup.lists` and `lookup.core`; nothing below imports it.
"""

from __future__ import annotations

from flask import Flask

from lookup.core import clock
from lookup.web import (
    admin,
    api,
    desk,
    errors,
    links,
    metrics,
    public,
    reports,
    requestid,
    security,
    tasks,
)


def init_app(app: Flask) -> None:
    """Register the error handler, security headers, the time filter and every blueprint."""
    app.add_template_filter(clock.beijing, "beijing")
    app.add_template_filter(clock.chinese_date, "chinese_date")
    errors.init_app(app)
    requestid.init_app(app)
    links.init_app(app)
    metrics.init_app(app)
    security.init_app(app)
    app.register_blueprint(public.bp)
    app.register_blueprint(api.bp)
    security.csrf.exempt(api.bp)
    desk.init_app(app)
    admin.init_app(app)
    reports.init_app(app)
    tasks.init_app(app)


def wrap(app: Flask) -> None:
    """The WSGI layers outside everything else (after the response cache): request metrics,
    then request ids outermost."""
    metrics.install(app)
    requestid.install(app)
