"""The service's Prometheus metrics, defined once (prometheus-client; no web framework here).

Under gunicorn every worker is a process of its own: `gunicorn.conf.py` sets
`PROMETHEUS_MULTIPROC_DIR` before anything imports this module, so that each process writes
its values to files there and `/metrics` adds them up (multiprocess mode). Without it (tests,
the command line) the values live in this process's default registry.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
LONG_BUCKETS = (0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0)

REQUESTS = Counter(
    "lookup_http_requests",
    "HTTP requests answered, by endpoint, method and status code.",
    ["endpoint", "method", "status"],
)
LATENCY = Histogram(
    "lookup_http_request_duration_seconds",
    "Time from receiving a request to its answer, by endpoint.",
    ["endpoint"],
    buckets=LATENCY_BUCKETS,
)
ANSWERS = Counter(
    "lookup_search_answers",
    "Searches answered, by answer status (their rate is the searches per second).",
    ["status"],
)
SERVED_VERSION = Gauge(
    "lookup_served_version",
    "The published version of the lists this worker answers with.",
    multiprocess_mode="liveall",
)
STORE_REACHABLE = Gauge(
    "lookup_store_reachable",
    "1 when this worker's last version check reached the database, 0 while it serves without.",
    multiprocess_mode="liveall",
)
PUBLISH_SECONDS = Histogram(
    "lookup_publish_duration_seconds",
    "Time to publish a version: store, index, mark published.",
    buckets=LONG_BUCKETS,
)
INDEX_SECONDS = Histogram(
    "lookup_index_build_duration_seconds",
    "Time to build one version's search index.",
    buckets=LONG_BUCKETS,
)
REPORTS = Counter("lookup_reports", "Residents' reports received.")
