"""The web layer: `create_app` builds a configured Flask application."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask


def _load_config(app: Flask, config: Any) -> None:
    import config as config_module

    if config is None:
        config = os.environ.get("SAMRAD_CONFIG", "development")
    if isinstance(config, str):
        config = config_module.CONFIGS[config]
    if isinstance(config, dict):
        app.config.from_object(config_module.CONFIGS[config.pop("CONFIG", "testing")])
        app.config.update(config)
    else:
        if hasattr(config, "check"):
            config.check()
        app.config.from_object(config)


def create_app(config: Any = None) -> Flask:
    """Build the app; `config` is a name ("production"), a config class, or a dict of overrides."""
    app = Flask(__name__, instance_relative_config=True)
    _load_config(app, dict(config) if isinstance(config, dict) else config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    register_extensions(app)
    register_blueprints(app)
    register_database_retry(app)
    register_errorhandlers(app)
    register_commands(app)
    register_template_helpers(app)
    return app


def register_extensions(app: Flask) -> None:
    from . import auth, i18n, jobs, page_cache, request_limits, search, security
    from .database import configure_engine
    from .extensions import csrf, db, migrate

    request_limits.init_app(app)  # first: the URL converters and the form limits apply to everything after
    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    csrf.init_app(app)
    auth.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    jobs.init_app(app)
    search.init_app(app)  # every write of a text keeps the search index current
    page_cache.init_app(app)  # every commit that wrote raises the counter the kept pages are keyed by


def register_blueprints(app: Flask) -> None:
    from .accounts.routes import bp as accounts_bp
    from .admin.routes import bp as admin_bp
    from .answers.routes import bp as answers_bp
    from .api.routes import bp as api_bp
    from .auth.routes import bp as auth_bp
    from .compilation.routes import bp as compilation_bp
    from .drafts.routes import bp as drafts_bp
    from .followup.coordination import bp as followup_admin_bp
    from .followup.councils import bp as councils_bp
    from .followup.period_admin import bp as followup_periods_bp
    from .followup.reports import bp as followup_reports_bp
    from .followup.routes import bp as followup_bp
    from .jobs.routes import bp as jobs_bp
    from .letters.routes import bp as letters_bp
    from .main.routes import bp as main_bp
    from .meetings.routes import bp as meetings_bp
    from .remiss.routes import bp as remiss_bp
    from .review.routes import bp as review_bp
    from .rounds.routes import bp as rounds_bp
    from .search.routes import bp as search_bp
    from .themes.routes import bp as themes_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(drafts_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(remiss_bp)
    app.register_blueprint(letters_bp)
    app.register_blueprint(meetings_bp)
    app.register_blueprint(followup_bp)
    app.register_blueprint(followup_reports_bp)
    app.register_blueprint(followup_admin_bp, url_prefix="/admin")
    app.register_blueprint(councils_bp)
    app.register_blueprint(followup_periods_bp, url_prefix="/admin")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(rounds_bp, url_prefix="/admin")
    app.register_blueprint(jobs_bp, url_prefix="/admin")
    app.register_blueprint(review_bp, url_prefix="/arbetsgrupp")
    app.register_blueprint(themes_bp, url_prefix="/arbetsgrupp")
    app.register_blueprint(answers_bp, url_prefix="/arbetsgrupp")
    app.register_blueprint(search_bp, url_prefix="/arbetsgrupp")
    # Public pages (/process/...) and the working group's pages (/arbetsgrupp/...) of the compilation.
    app.register_blueprint(compilation_bp)
    app.register_blueprint(api_bp)


def register_database_retry(app: Flask) -> None:
    from .database import retry_locked_requests

    retry_locked_requests(app)


def register_errorhandlers(app: Flask) -> None:
    from .errors import init_app

    init_app(app)


def register_commands(app: Flask) -> None:
    from .cli import init_app

    init_app(app)


def register_template_helpers(app: Flask) -> None:
    from .templating import init_app

    init_app(app)
