"""The office (司法局) pages under /admin: one blueprint, its routes grouped by concern.

`blueprint` defines `bp` and what every office page shares; `session` (sign in/out), `lists`
(dashboard, versions, rollback), `drafts` (upload, review, publish, discard), `items` (correct or
add one item), `inbox` (residents' reports as cases), `replies` (reply templates), `figures`
(the monthly figure), `insights` (search insights), `vocabulary` (vocabulary changes from a
failed query, versions, rollback), `auditlog` (the audit log) and `users` add their routes to
it. The pages call `lookup.office` services and only parse input and show outcomes.
"""

from __future__ import annotations

from flask import Flask

from lookup.web import auth
from lookup.web.admin import (
    auditlog,
    drafts,
    figures,
    inbox,
    insights,
    items,
    lists,
    replies,
    session,
    users,
    vocabulary,
)
from lookup.web.admin.blueprint import bp

ROUTE_MODULES = (
    session,
    lists,
    drafts,
    items,
    inbox,
    replies,
    figures,
    insights,
    vocabulary,
    auditlog,
    users,
)


def init_app(app: Flask) -> None:
    """Register the office blueprint and sign-in."""
    auth.init_app(app)
    app.register_blueprint(bp)
