"""gunicorn settings for Samråd in production: `gunicorn -c gunicorn.conf.py 'app:create_app()'`.

Measured with bench/load.py (issue 19) on a 2-core machine, gunicorn + PostgreSQL: see the README's
"Running in production" for the numbers. Override any of them on the command line (--workers 5).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Processes do the CPU work (templates, password hashes), threads hide the waits on PostgreSQL.
# Two per core plus one is gunicorn's rule of thumb; here workers*threads also bounds the
# database connections (SQLAlchemy's pool: 5 + 10 overflow per process).
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A gthread keep-alive of 2 s dropped a few reused connections in the deadline spike (a browser
# reusing a connection gunicorn had just closed); behind a reverse proxy keep it above the time
# between a proxy's requests on one connection.
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
