"""gunicorn settings for the lookup service (`gunicorn -c gunicorn.conf.py wsgi:app`)."""

import gc
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = 100
# Load the app once in the master so that jieba's dictionary is shared by every worker.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
proc_name = "lookup"
limit_request_line = 8190


def when_ready(server):
    """Warm what workers share read-only (dictionary, vocabulary), then freeze it for fork.

    Runs in the master after the preloaded app was imported; another app (the benchmark's floor
    app) is served with the same settings and is left as it is.
    """
    import sys

    wsgi = sys.modules.get("wsgi")
    if wsgi is not None and os.environ.get("LOOKUP_RESPONSE_CACHE", "1") == "1":
        from lookup import respcache

        respcache.install(wsgi.app)
        from lookup import search

        # Repeats are answered by the response cache in front; the result cache behind it
        # (whole result dicts, ~10 KB each) is kept smaller so that workers stay lean.
        search.CACHE_SIZE = min(search.CACHE_SIZE, 512)
    if wsgi is not None:
        from lookup.warmup import warm

        warm(wsgi.app)
    gc.collect()
    gc.freeze()


def post_fork(server, worker):
    """Each worker opens its own whoosh searchers on the engine preloaded by the master."""
    import sys

    wsgi = sys.modules.get("wsgi")
    if wsgi is not None:
        from lookup.searcher import holder

        holder(wsgi.app).after_fork()
