"""Searching for the pages and the API: the engine this process serves, item URLs, insights.

The search service returns plain data; here a search gets the engine of the published
version, adds each result's page address and is counted for the office's insights — the one
place searches are counted (`count` is also what the response cache calls for a repeat it
answers itself).
"""

from __future__ import annotations

import logging

from lookup.core import metrics
from lookup.office import insights
from lookup.office.engines import current_engine
from lookup.search import service, suggest
from lookup.web import links

log = logging.getLogger(__name__)


def item_url(item_id: str) -> str:
    return links.external("public.item", item_id=item_id)


def search(query: str, **filters) -> dict:
    """`service.search` on this process's engine, with URLs, counted for insights."""
    result = service.search(current_engine(), query, **filters)
    count(result)
    return dict(result, results=[dict(r, url=item_url(r["id"])) for r in result["results"]])


def suggestions(prefix: str) -> list[str]:
    return suggest.suggest(current_engine(), prefix)


def count(result: dict) -> None:
    """Count a search (its query, answer and total) for insights and metrics; never fail a
    search."""
    status = str((result.get("answer") or {}).get("status") or "none")[:32]
    metrics.ANSWERS.labels(status).inc()
    try:
        insights.record_result(result)
    except Exception:  # insights are a by-product: the answer matters more
        log.exception("recording a search for insights failed")
