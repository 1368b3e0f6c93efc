"""The stack's floor: Flask returning a small fixed JSON, served with the same gunicorn settings."""

from __future__ import annotations

from flask import Flask, jsonify

app = Flask(__name__)
app.json.ensure_ascii = False

BODY = {"query": "亲属关系证明", "version": 1, "total": 1, "answer": {"status": "abolished"}}


@app.get("/api/v1/search")
def search():
    """A fixed answer: what the service would cost with nothing behind the route."""
    return jsonify(BODY)


@app.get("/healthz")
def healthz():
    """Ready when it answers."""
    return jsonify(status="ok", version=1)
