"""Addresses the app writes: absolute links and static files.

Absolute links (the API's `url`, item pages' addresses, QR codes, slips) start with the
configured `PUBLIC_BASE_URL`, never with the request's Host header, which a client chooses.
Static files are linked with a digest of their content (`?v=…`), so that a proxy may cache
them for a year and an upgrade is still seen at once.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, current_app, request, url_for


def public_base(app: Flask | None = None) -> str:
    """The address residents use for the service's root, without a trailing slash."""
    return str((app or current_app).config["PUBLIC_BASE_URL"]).rstrip("/")


def external(endpoint: str, **values) -> str:
    """The absolute address of a page, on the public base URL."""
    path = url_for(endpoint, **values)
    root = request.script_root if request else ""
    if root and path.startswith(root):
        path = path[len(root) :]  # the base URL already says where the service is mounted
    return public_base() + path


@cache
def _digest(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def _static_version(app: Flask):
    folder = Path(app.static_folder or "")

    def add_version(endpoint: str, values: dict) -> None:
        if endpoint != "static" or "v" in values or "filename" not in values:
            return
        path = folder / values["filename"]
        try:
            values["v"] = _digest(str(path), path.stat().st_mtime)
        except OSError:  # no such file: the link answers 404 as it would anyway
            return

    return add_version


def init_app(app: Flask) -> None:
    """Static links with content digests."""
    app.url_defaults(_static_version(app))
