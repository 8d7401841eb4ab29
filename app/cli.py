"""Command-line tools: `flask users create`, `flask demo load`."""

from __future__ import annotations

import click
from flask import Flask, current_app
from sqlalchemy import select

from consultation import accounts
from consultation.access import SYSTEM
from consultation.errors import ValidationFailed
from consultation.models import Organisation, Role

from .extensions import db

users_cli = click.Group("users", help="Hantera användare.")
demo_cli = click.Group("demo", help="Demodata.")


@users_cli.command("create")
@click.option("--name", required=True, help="Personens namn.")
@click.option("--email", required=True, help="E-postadress (inloggningsnamn).")
@click.option(
    "--role",
    "roles",
    multiple=True,
    type=click.Choice([r.value for r in Role]),
    help="En roll; upprepa för flera.",
)
@click.option(
    "--organisation", "organisations", multiple=True, help="Organisationens namn; upprepa för flera."
)
@click.password_option(help="Lösenord (frågas efter om det inte anges).")
def create_user(name, email, roles, organisations, password):
    """Skapa en användare med roller och organisationstillhörighet."""
    organisation_ids = []
    for org_name in organisations:
        org = db.session.scalar(select(Organisation).where(Organisation.name == org_name))
        if org is None:
            raise click.ClickException(f"Organisationen finns inte: {org_name}")
        organisation_ids.append(org.id)
    data = accounts.UserData(
        name=name, email=email, roles=roles, organisation_ids=organisation_ids, password=password
    )
    try:
        user = accounts.create_user(db.session, SYSTEM, data)
        db.session.commit()
    except ValidationFailed as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    click.echo(f"Skapade {user.name} <{user.email}> med roller: {', '.join(sorted(roles)) or '-'}")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Ladda bara om databasen saknar processer.")
def load_demo(if_empty):
    """Ladda demoprocessen RUS 2040 med organisationer, förslag, remissrunda och användare."""
    from .demo.loader import database_is_empty, load_demo_data

    if if_empty and not database_is_empty(db.session):
        click.echo("Databasen har redan data; demodata laddas inte igen.")
        return
    password = current_app.config["DEMO_PASSWORD"]
    summary = load_demo_data(db.session, password=password)
    db.session.commit()
    click.echo(summary.describe())


@demo_cli.command("accounts")
def demo_accounts():
    """Skriv ut demokontona."""
    from .demo.loader import describe_accounts

    click.echo(describe_accounts(db.session, current_app.config["DEMO_PASSWORD"]))


def init_app(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
