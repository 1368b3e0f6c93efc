"""Response headers every page and API answer carries."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.is_secure:
        # Only over https, so that plain-http setups (tests, loopback) stay usable.
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if request.path.startswith("/api/") or request.path == "/healthz":
        # Answers change with each published version; errors must never be cached.
        response.headers.setdefault(
            "Cache-Control", "no-cache" if response.status_code < 400 else "no-store"
        )
    return response


def init_app(app: Flask) -> None:
    """Security headers on every response; CSRF on every form (the JSON API is exempt: it uses
    no cookies for authority, and its one write, POST /api/v1/reports, is rate-limited)."""
    app.after_request(_headers)
    csrf.init_app(app)
