"""The office (司法局) pages under /admin: one blueprint, its routes grouped by concern.

`blueprint` defines `bp` and what every office page shares; `session` (sign in/out), `lists`
(dashboard, versions, rollback, audit log), `drafts` (upload, review, publish, discard), `items`
(correct or add one item), `inbox` (residents' reports, search insights) and `users` add their
routes to it. The pages call `lookup.office` services and only parse input and show outcomes.
"""

from __future__ import annotations

from flask import Flask

from lookup.web import auth
from lookup.web.admin import drafts, inbox, items, lists, session, users
from lookup.web.admin.blueprint import bp

ROUTE_MODULES = (session, lists, drafts, items, inbox, users)


def init_app(app: Flask) -> None:
    """Register the office blueprint and sign-in."""
    auth.init_app(app)
    app.register_blueprint(bp)
