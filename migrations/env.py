"""Alembic environment, run through Flask-Migrate (`flask db upgrade`)."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

from consultation.base import UTCDateTime
from consultation.search.models import dialect_only

config = context.config
if config.config_file_name and not logging.getLogger().handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db


def render_item(type_, obj, autogen_context):
    """Write the project's UTC timestamp type as the plain column type it stores."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def configure_args(connection=None, url=None):
    args = dict(current_app.extensions["migrate"].configure_args)
    args.update(
        target_metadata=target_db.metadata,
        compare_type=True,
        render_item=render_item,
        # SQLite cannot ALTER most things; batch mode copies the table instead.
        render_as_batch=True,
        # The search index's FTS5 table and tsvector column are made by hand, each in one database only.
        include_name=lambda name, type_, parent_names: not dialect_only(name),
    )
    if connection is not None:
        args["connection"] = connection
    else:
        args.update(url=url, literal_binds=True)
    return args


def process_revision_directives(context_, revision, directives):
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def run_migrations_offline():
    context.configure(**configure_args(url=str(target_db.engine.url)))
    with context.begin_transaction():
        context.run_migrations()


def _sqlite_foreign_keys(connection, on: bool) -> None:
    """Batch mode on SQLite copies a table and drops the old one, which the foreign keys of the rows
    pointing at it refuse; so they are off while migrating (a PRAGMA that only works outside a
    transaction, hence on the driver's connection) and checked as a whole afterwards."""
    driver = connection.connection.driver_connection
    if not on:
        driver.execute("PRAGMA foreign_keys = OFF")
        return
    broken = driver.execute("PRAGMA foreign_key_check").fetchall()
    driver.execute("PRAGMA foreign_keys = ON")
    if broken:
        raise RuntimeError(f"the migration left rows pointing at nothing: {broken[:5]}")


def run_migrations_online():
    args = configure_args
    with target_db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _sqlite_foreign_keys(connection, on=False)
        options = args(connection=connection)
        options.setdefault("process_revision_directives", process_revision_directives)
        context.configure(**options)
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            _sqlite_foreign_keys(connection, on=True)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
