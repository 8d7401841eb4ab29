"""gunicorn settings for Samråd in production: `gunicorn -c gunicorn.conf.py 'app:create_app()'`.

Measured with bench/load.py (issue 19) on a 2-core machine, gunicorn + PostgreSQL. Override any of
them with the environment variables below or on the command line (--workers 5).
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Processes do the CPU work (templates, password hashes); under the GIL more threads do not make
# a CPU-bound page faster: at 50 clients 1, 2 and 4 threads per worker gave the same requests/s
# within the noise of a shared 2-core machine (bench/load.py --only pages, README). Two threads
# let a worker serve another request while one waits on PostgreSQL, e.g. a double click waiting
# for the response row's lock, without crowding the CPU. workers * threads also bounds the
# database connections (SQLAlchemy's pool per process: 5, plus 10 overflow).
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# Issue 19's spike saw a gthread keep-alive of 2 s drop a few reused connections (a client reusing
# a connection gunicorn had just closed); 10 s is above the pause between a person's requests.
# Behind a reverse proxy keep it above the proxy's own idle time for upstream connections.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "10"))
# A long analysis runs in a thread of its own, not in the request; no request should take this long.
timeout = 60
graceful_timeout = 30
# Fresh processes now and then, so that memory an analysis grew is given back.
max_requests = 2000
max_requests_jitter = 200
# Each worker builds the app itself: a database pool must never be shared across a fork.
preload_app = False
accesslog = None
errorlog = "-"
loglevel = "warning"


def post_worker_init(_worker) -> None:
    """Once the worker has built the app, its ~130,000 objects (modules, the app, the models) are
    moved out of the garbage collector's reach: they live as long as the process. A full
    collection otherwise walks them all, in the middle of some request (cProfile in the test
    client: ~200 ms of CPU for one, every 20-40 requests of a list page; ~35 ms frozen)."""
    gc.freeze()
