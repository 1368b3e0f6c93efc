"""gunicorn settings for the lookup service (`gunicorn -c gunicorn.conf.py wsgi:app`)."""

import gc
import os
import shutil
from pathlib import Path

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
# The request id (X-Request-ID, from nginx or made by the app) on every access log line too.
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms rid=%({x-request-id}o)s'
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
proc_name = "lookup"
limit_request_line = 8190



def _metrics_folder() -> str:
    """Prometheus multiprocess mode: each worker writes its metrics to files in a folder of
    this node (emptied at start); /metrics adds them up. Set before the app is imported."""
    home = Path(os.environ.get("LOOKUP_HOME") or Path(__file__).resolve().parent / "instance")
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or str(home / "metrics")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder, mode=0o700, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    return folder


_metrics_folder()


def when_ready(server):
    """In the master, after the preloaded app was imported: warm what workers share, freeze it.

    Another app (the benchmark's floor app) is served with the same settings and left as it is.
    """
    import sys

    wsgi = sys.modules.get("wsgi")
    if wsgi is not None:
        from lookup.web.serving import before_fork

        before_fork(wsgi.app)
    gc.collect()
    gc.freeze()


def post_fork(server, worker):
    """Each worker opens its own whoosh searchers on the engine preloaded by the master."""
    import sys

    wsgi = sys.modules.get("wsgi")
    if wsgi is not None:
        from lookup.web.serving import after_fork

        after_fork(wsgi.app)


def child_exit(server, worker):
    """A worker that ended: its live gauges (the version it served) stop being reported."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
