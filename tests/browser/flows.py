"""Shared steps for the browser flow tests: logging in and out, seeding the live server's database,
reading its outbox, and the checks every visited page gets (axe-core, then a screenshot)."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from app.extensions import db
from app.mail import outbox_messages
from consultation.drafts.files import read_draft
from consultation.drafts.publication import publish_version
from consultation.people.access import SYSTEM
from consultation.remiss import Invitation, RoundAccess
from consultation.remiss.setup import import_draft
from consultation.timezones import local_today

from ..conftest import PASSWORD
from ..factories import OrganisationFactory, ProcessFactory, UserFactory, add_phases, add_round
from .axe import assert_accessible
from .conftest import screenshot

DRAFT_MARKDOWN = """# 1 Inledning

Regionen växer, men inte överallt. Strategin pekar ut riktningen till 2040.

# 2 Kompetensförsörjning

Arbetsgivare i hela länet har svårt att rekrytera. Vuxenutbildningen behöver byggas ut.

## 2.1 Högre utbildning

Fler ska kunna studera på distans från hela länet.

# 3 Transporter och tillgänglighet

Pendlingen ska gå snabbare, med tåg och buss som hänger ihop.
"""


@contextmanager
def database(live_server):
    """The live server's session, committed at the end (the server reads the same SQLite file)."""
    with live_server.app.app_context():
        try:
            yield db.session
            db.session.commit()
        finally:
            db.session.remove()


def seed_process(code: str = "RUS2040", title: str = "Regional utvecklingsstrategi 2040", with_draft: bool = True):
    """A public process in its drafting and remiss phase, with the draft above imported (inside `database`)."""
    process = ProcessFactory(code=code, title=title, region="Region Fjälland")
    add_phases(process, local_today())  # the app's today: in Stockholm, not in UTC
    version = None
    if with_draft:
        version = import_draft(
            db.session,
            SYSTEM,
            process.id,
            read_draft("forslag.md", DRAFT_MARKDOWN.encode()),
            title="Förslag till regional utvecklingsstrategi 2040",
        )
        publish_version(db.session, SYSTEM, version.id)  # out on remiss, so public
    return process, version


ROUND_TITLE = "Remiss av RUS 2040"


def seed_invited_round(live_server) -> dict:
    """An invited-only round open for three weeks; Fjällby kommun is invited, Anna and Bo work there."""
    with database(live_server) as session:
        process, version = seed_process()
        round_ = add_round(
            process,
            version,
            title=ROUND_TITLE,
            opens_at=past(days=2),
            closes_at=future(days=21),
            access=RoundAccess.INVITED,
        )
        fjallby = OrganisationFactory(name="Fjällby kommun")
        session.add(Invitation(round=round_, organisation=fjallby))
        UserFactory(roles=["stakeholder"], organisations=[fjallby], email="anna@fjallby.example", name="Anna Andersson")
        UserFactory(roles=["stakeholder"], organisations=[fjallby], email="bo@fjallby.example", name="Bo Berg")
        session.flush()
        return {"round": round_.id, "code": process.code}


def log_in(page, base, email):
    page.goto(f"{base}/logga-in")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r".*/start.*|.*/$"))


def log_out(page):
    page.get_by_role("button", name="Logga ut").click()
    page.get_by_role("link", name="Logga in").first.wait_for()


def check_page(page, label: str, shot: str | None = None) -> None:
    """axe-core on the page as it is now, then (for main pages) screenshots at 1280 and 320 px."""
    assert_accessible(page, label)
    if shot:
        screenshot(page, shot)


def outbox(live_server):
    """The e-mails the live server has written to its outbox folder, oldest first."""
    return outbox_messages(live_server.app.config["MAIL_OUTBOX_DIR"])


def past(**delta) -> datetime:
    return datetime.now(UTC) - timedelta(**delta)


def future(**delta) -> datetime:
    return datetime.now(UTC) + timedelta(**delta)
