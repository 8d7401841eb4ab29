"""Command-line tools: `flask users create`, `flask demo load`."""

from __future__ import annotations

import click
from flask import Flask, current_app
from sqlalchemy import select

from consultation.errors import ValidationFailed
from consultation.people import ActorType, Organisation, Role, accounts
from consultation.people.access import SYSTEM

from .extensions import db

users_cli = click.Group("users", help="Hantera användare.")
remiss_cli = click.Group("remiss", help="Remissrundor.")
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
@click.option("--organisation", "organisations", multiple=True, help="Organisationens namn; upprepa för flera.")
@click.password_option(help="Lösenord (frågas efter om det inte anges).")
def create_user(name, email, roles, organisations, password):
    """Skapa en användare med roller och organisationstillhörighet."""
    organisation_ids = []
    for org_name in organisations:
        org = db.session.scalar(select(Organisation).where(Organisation.name == org_name))
        if org is None:
            raise click.ClickException(f"Organisationen finns inte: {org_name}")
        organisation_ids.append(org.id)
    data = accounts.UserData(name=name, email=email, roles=roles, organisation_ids=organisation_ids, password=password)
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
    """Ladda demoprocesserna: RUS 2040 med organisationer, förslag, öppen remissrunda och användare, och RUS 2030
    med stängd remissrunda, ställningstaganden, publicerad sammanställning och antagen version 2."""
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


def _days(value: str) -> list[int]:
    try:
        days = sorted({int(part) for part in value.split(",") if part.strip()}, reverse=True)
    except ValueError as error:
        raise click.BadParameter("ange dagar som heltal, till exempel 14,7,2") from error
    if not days or min(days) < 1:
        raise click.BadParameter("ange minst en dag, 1 eller fler")
    return days


@remiss_cli.command("remind")
@click.option("--round", "round_id", type=int, required=True, help="Remissrundans id.")
@click.option("--days", default="14,7,2", show_default=True, help="Dagar före sista svarsdag.")
def remind(round_id, days):
    """Påminn remissinstanser som inte har svarat (en gång per påminnelsedag; lämplig för cron)."""
    from datetime import UTC, datetime

    from consultation.errors import NotFound
    from consultation.remiss import reminders

    from .mail import budget
    from .reminder_jobs import send_reminder

    try:
        mails, capped = reminders.due_reminders(db.session, SYSTEM, round_id, _days(days), datetime.now(UTC), budget())
    except NotFound as error:
        raise click.ClickException(f"Remissrundan {round_id} finns inte.") from error
    db.session.commit()
    failed = 0
    for mail in mails:
        try:
            send_reminder(mail)
        except OSError as error:
            failed += 1
            click.echo(f"Kunde inte skicka till {mail.organisation.name}: {error}", err=True)
    click.echo(f"Påminnelser skickade: {len(mails) - failed} av {len(mails)}.")
    if capped:
        names = ", ".join(o.name for o in capped)
        click.echo(f"Väntar till en senare körning (adressen har fått flera brev om remissrundor i dag): {names}.")
    if failed:
        raise SystemExit(1)


analysis_cli = click.Group("analysis", help="Temaanalys av remissvar och anteckningar.")


@analysis_cli.command("run")
@click.option("--round", "round_id", type=int, required=True, help="Remissrundans id.")
@click.option("--with-notes", is_flag=True, help="Ta med processens publicerade anteckningar från dialogträffar.")
@click.option(
    "--themes", "n_themes", type=int, default=None, help="Antal teman (utelämna för att låta analysen välja)."
)
@click.option(
    "--section", "section_keys", multiple=True, help="Avsnittets nyckel; upprepa för flera ('whole' = helheten)."
)
@click.option(
    "--actor-type",
    "actor_types",
    multiple=True,
    type=click.Choice([t.value for t in ActorType]),
    help="Bara synpunkter från denna aktörstyp; upprepa för flera.",
)
def run_analysis(round_id, with_notes, n_themes, section_keys, actor_types):
    """Kör en temaanalys nu (samma som arbetsgruppens knapp, men i terminalen) och skriv ut temana."""
    from consultation.review import analysis_runs

    params = analysis_runs.RunParameters(
        include_notes=with_notes, section_keys=tuple(section_keys), actor_types=tuple(actor_types), n_themes=n_themes
    )
    _run_and_report(round_id, params)


def _run_and_report(round_id: int, params) -> None:
    from consultation.errors import Conflict, NotFound
    from consultation.review import RunStatus, analysis_runs

    from .analysis_jobs import run_job

    try:
        run = analysis_runs.start_run(db.session, SYSTEM, round_id, params)
        db.session.commit()
    except NotFound as error:
        raise click.ClickException(f"Remissrundan {round_id} finns inte.") from error
    except (ValidationFailed, Conflict) as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    run_id = run.id
    run_job(run_id)  # here and now, whatever the transport: the command waits for its result
    db.session.expire_all()
    run = analysis_runs.get_run(db.session, SYSTEM, run_id)
    if run.status != RunStatus.DONE:
        raise click.ClickException(f"Analysen {run_id} misslyckades: {run.error}")
    seconds = sum(run.timings.values())
    click.echo(
        f"Analys {run.id}: texter {run.item_count}, teman {len(run.themes)}, "
        f"kampanjer {len(run.campaigns)}, {seconds:.1f} s ({run.embedding_model or 'bara lexikala vektorer'})."
    )
    for theme in run.themes:
        click.echo(f"{theme.size:5d}  {theme.label}")


@demo_cli.command("analyse")
def analyse_demo():
    """Kör en temaanalys av varje remissrunda som har svar men ännu ingen färdig analys."""
    from consultation.remiss import ConsultationRound, Response
    from consultation.review import AnalysisRun, RunStatus, analysis_runs

    rounds = db.session.scalars(
        select(ConsultationRound)
        .where(ConsultationRound.id.in_(select(Response.round_id).where(Response.reference.is_not(None))))
        .where(~ConsultationRound.id.in_(select(AnalysisRun.round_id).where(AnalysisRun.status == RunStatus.DONE)))
        .order_by(ConsultationRound.id)
    ).all()
    if not rounds:
        click.echo("Alla remissrundor med svar har redan en temaanalys.")
    for round_ in rounds:
        click.echo(f"Temaanalys av {round_.title} (första gången tar det en stund) …")
        _run_and_report(round_.id, analysis_runs.RunParameters(include_notes=True))


@demo_cli.command("prepare")
@click.pass_context
def prepare_demo(ctx):
    """Allt `make run` behöver: migrera databasen, ladda demodata om den är tom, analysera en gång, visa kontona."""
    from flask_migrate import upgrade

    # One process instead of four: each `flask` command pays for starting the app again.
    upgrade()
    ctx.invoke(load_demo, if_empty=True)
    ctx.invoke(analyse_demo)
    ctx.invoke(demo_accounts)


search_cli = click.Group("search", help="Sökindexet över processernas texter.")


@search_cli.command("reindex")
@click.option("--process", "process_code", help="Bara denna process (dess kod); annars alla.")
def reindex(process_code):
    """Bygg om sökindexet (efter en import eller en uppgradering)."""
    from consultation.drafts.models import Process
    from consultation.search import indexing

    process_id = None
    if process_code:
        process = db.session.scalar(select(Process).where(Process.code == process_code))
        if process is None:
            raise click.ClickException(f"Ingen process med koden {process_code}.")
        process_id = process.id
    written = indexing.reindex(db.session, process_id)
    db.session.commit()
    click.echo(f"Sökindexet byggt: {written} texter.")


def init_app(app: Flask) -> None:
    app.cli.add_command(search_cli)
    app.cli.add_command(analysis_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(remiss_cli)
    app.cli.add_command(demo_cli)
