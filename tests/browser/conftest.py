"""Real-browser tests: the app served on 127.0.0.1 from its own committed database, driven through
Debian's Chromium with Playwright. Without Chromium they skip with the reason, except on CI
(CI=true), where they fail: the install is part of `make test`.
"""

from __future__ import annotations

import os
import shutil
import threading
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db

from ..conftest import own_database_url, reset_database

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# One folder per test run (SCREENSHOT_DIR overrides it), so a run never mixes with an earlier run's pictures.
ARTIFACTS = Path(
    os.environ.get("SCREENSHOT_DIR")
    or (
        Path(__file__).resolve().parents[2]
        / "test-artifacts"
        / "screenshots"
        / datetime.now().strftime("run-%Y%m%d-%H%M%S")
    )
)


def _missing(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI fails instead of skipping: `make test` installs it)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python is not installed")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _missing(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


class LiveServer:
    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        app.config["BASE_URL"] = self.url  # links in e-mail lead back to this server
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(timeout=10)


@contextmanager
def served_app(folder: Path, prepare=None, **config):
    """The app on a freshly migrated database, served on a free port of 127.0.0.1, with a worker-thread
    analysis executor (unless `config` says otherwise); `prepare(app)` runs before the first request."""
    app = create_app(
        {
            "CONFIG": "testing",
            "SQLALCHEMY_DATABASE_URI": own_database_url(folder, "live"),
            "JOBS_TRANSPORT": "thread",
            "MAIL_OUTBOX_DIR": str(folder / "outbox"),
            "UPLOAD_DIR": str(folder / "uploads"),
            **config,
        }
    )
    if prepare is not None:
        prepare(app)
    with app.app_context():
        reset_database(db.engine)
        upgrade()
    try:
        with LiveServer(app) as server:
            yield server
    finally:
        # Its job thread ends with it: left running, it would sweep with the next tests' `db.session`.
        transport = app.extensions["samrad_jobs"]
        if hasattr(transport, "stop"):
            transport.stop()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def live_server(tmp_path):
    """The app served for one test. Named `live_server`, so the suite's per-test rollback fixture stays out of
    the way."""
    with served_app(tmp_path) as server:
        yield server


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE", accept_downloads=True)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    """Full-page screenshots at 1280 px and 320 px wide, for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(size)


def pytest_terminal_summary(terminalreporter):
    """How many pages and states the axe-core checks covered in this run (tests/browser/axe.py)."""
    from .axe import CHECKED

    if CHECKED:
        pages = {url.split("?")[0] for _, url in CHECKED}
        terminalreporter.write_sep("-", "axe-core accessibility checks")
        terminalreporter.write_line(
            f"{len(CHECKED)} page states checked with axe-core (WCAG 2.1 A/AA), {len(pages)} distinct URLs"
        )
