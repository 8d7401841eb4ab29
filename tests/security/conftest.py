"""A seeded world with every kind of object a URL can point at, and visitors for each role.

Every request of a sweep runs inside a savepoint that is rolled back afterwards, so one world
serves hundreds of requests: an allowed POST (delete a note, log out, publish) cannot change what
the next request sees, and a refused one can be checked against a fingerprint of the database.
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from consultation import meetings
from consultation.drafts import Adoption
from consultation.drafts.versions import add_version, parse_markdown
from consultation.followup import agendas, councils, initiatives, periods
from consultation.followup.initiatives import InitiativeData
from consultation.jobs import queue as jobs_queue
from consultation.letters import ExcerptKind, Letter, LetterExcerpt, LetterStatus
from consultation.meetings import Meeting
from consultation.meetings import files as meeting_files
from consultation.people import Role
from consultation.people.access import SYSTEM
from consultation.remiss import (
    Comment,
    Invitation,
    InvitationStatus,
    Response,
    ResponseStatus,
    RoundAccess,
    TokenPurpose,
    outreach,
    responses,
)
from consultation.remiss.responses import CommentInput
from consultation.review import Decision, Position, theme_edits
from consultation.search import SearchDocument
from consultation.timezones import local_days_from_today, local_today

from ..compilation.conftest import analyse_by_hand
from ..conftest import PASSWORD, AuthActions, csrf_token
from ..factories import (
    OrganisationFactory,
    ProcessFactory,
    UserFactory,
    add_draft,
    add_phases,
    add_round,
    built_compilation_file,
)
from ..followup.conftest import adopt

ROLES = ("anonymous", "stakeholder", "lonely", "facilitator", "working_group", "admin")
PDF = b"%PDF-1.4\n% samrad test\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
LETTER_PDF = PDF  # unreadable as a letter: a reading started by the sweep fails at once, without the splitter
DRAFT_ONLY_TEXT = "Ej inskickad arbetstext från Organisation A."
SUBMITTED_TEXT = "Inskickad synpunkt från Organisation A om avsnitt 1."
_references = iter(range(1, 1_000_000))


@dataclass
class World:
    """Plain ids and values only: nothing here lazy-loads from a session during a sweep."""

    emails: dict[str, str] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)


def _meeting(session, process, facilitator, organisation, title: str, days: int):
    start = local_days_from_today(
        days, time(13)
    )  # afternoon in Stockholm: never past midnight, whatever the hour the suite runs
    return meetings.save_meeting(
        session,
        SYSTEM,
        process.id,
        meetings.MeetingData(
            kind="dialogue",
            title=title,
            theme="Kompetens",
            description="Beskrivning.",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            capacity=20,
            is_published=True,
            facilitator_ids=[facilitator.id],
            invited_organisation_ids=[organisation.id],
        ),
    )


def _notes(session, meeting, sections) -> tuple:
    """A published note and a draft note of the meeting, and its attendance."""
    published = meetings.save_note(
        session,
        SYSTEM,
        meeting.id,
        meetings.NoteData(
            kind="next_step",
            body=f"Publicerat nästa steg ({meeting.title}).",
            tags=["tagg"],
            owner_name="Regionen",
            section_ids=[sections[0].id],
            step_status="open",
        ),
    )
    meetings.publish_notes(session, SYSTEM, meeting.id, [published.id], datetime.now(UTC))
    draft = meetings.save_note(
        session, SYSTEM, meeting.id, meetings.NoteData(kind="proposal", body=f"Opublicerat utkast ({meeting.title}).")
    )
    return published, draft


def respond(round_, texts_by_section: dict, organisation) -> Response:
    """A response as it stands after submission, with a reference no real submission will use."""
    author = UserFactory(roles=[Role.STAKEHOLDER], organisations=[organisation])
    response = Response(
        round=round_,
        organisation=organisation,
        created_by=author,
        status=ResponseStatus.SUBMITTED,
        reference=f"TEST-{next(_references):04d}",
        submitted_at=round_.opens_at + timedelta(hours=1),
    )
    for section, text in texts_by_section.items():
        response.comments.append(Comment(section=section, body=text, submitted_body=text))
    db.session.add(response)
    db.session.flush()
    return response


@pytest.fixture
def upload_dir(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "uploads"))
    return Path(app.config["UPLOAD_DIR"]) / "meetings"


@pytest.fixture
def world(db_session, upload_dir) -> World:
    """Two processes; an open round with organisation A's and B's responses; a closed, analysed, published round."""
    session = db_session
    now = datetime.now(UTC)
    w = World()
    process = ProcessFactory(code="RUS2040")
    add_phases(process, local_today())
    version = add_draft(process, sections=3)
    s1, s2, s3 = version.sections
    org_a = OrganisationFactory(name="Organisation A")
    org_b = OrganisationFactory(name="Organisation B")
    people = {
        "stakeholder": UserFactory(roles=[Role.STAKEHOLDER], organisations=[org_a], name="Anna A"),
        "stakeholder_b": UserFactory(roles=[Role.STAKEHOLDER], organisations=[org_b], name="Bertil B"),
        "lonely": UserFactory(roles=[Role.STAKEHOLDER], name="Ensam Aktör"),
        "facilitator": UserFactory(roles=[Role.FACILITATOR], name="Fia Processledare"),
        "other_facilitator": UserFactory(roles=[Role.FACILITATOR], name="Främling Processledare"),
        "working_group": UserFactory(roles=[Role.WORKING_GROUP], name="Greta Grupp"),
        "admin": UserFactory(roles=[Role.ADMIN], name="Sam Samordnare"),
    }
    process.facilitators.append(people["facilitator"])
    other = ProcessFactory(code="ANNAN")
    other_version = add_draft(other, sections=2)
    other.facilitators.append(people["other_facilitator"])
    session.flush()
    # The other process's version 1 is adopted: its strategy page and Word file are public.
    session.add(
        Adoption(
            process=other, version=other_version, body="Regionfullmäktige", decided_on=local_today(), reference="§ 1"
        )
    )

    # The open round: A has submitted and keeps editing (working text differs), B has a draft.
    open_round = add_round(process, version, title="Öppen remiss", access=RoundAccess.OPEN)
    # Version 2 is a draft (utkast) the working group is writing: not public.
    add_version(session, version.document, parse_markdown("# 1 Avsnitt 1\n\nUtkast till version 2.\n"))
    for organisation in (org_a, org_b):
        session.add(Invitation(round=open_round, organisation=organisation, status=InvitationStatus.INVITED))
    session.flush()
    anna, bertil = people["stakeholder"], people["stakeholder_b"]
    response_a = responses.open_response(session, anna, open_round.id, f"org-{org_a.id}", now)
    responses.save_comments(
        session,
        anna,
        response_a.id,
        [CommentInput(None, "Helheten enligt A."), CommentInput(s1.id, SUBMITTED_TEXT)],
        now,
    )
    responses.submit_response(session, anna, response_a.id, now)
    revision = next(c.revision for c in response_a.comments if c.section_id == s1.id)
    responses.save_comments(session, anna, response_a.id, [CommentInput(s1.id, DRAFT_ONLY_TEXT, revision)], now)
    response_b = responses.open_response(session, bertil, open_round.id, f"org-{org_b.id}", now)
    responses.save_comments(session, bertil, response_b.id, [CommentInput(s2.id, "B:s utkast.")], now)

    # The closed round: submitted input, an analysis with themes and a campaign, a published compilation.
    closed_round = add_round(
        process,
        version,
        title="Stängd remiss",
        access=RoundAccess.OPEN,
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=1),
    )
    closed_a = respond(closed_round, {s1: "Tätare busstrafik, säger A."}, organisation=org_a)
    closed_b = respond(closed_round, {s2: "Kompetens, säger B."}, organisation=org_b)
    campaign = [
        respond(closed_round, {s3: "Rädda busslinje 42!"}, organisation=OrganisationFactory()) for _ in range(2)
    ]

    meeting = _meeting(session, process, people["facilitator"], org_a, "Dialogträff om kompetens", 5)
    note, draft_note = _notes(session, meeting, version.sections)
    meetings.register_attendance(session, SYSTEM, meeting.id, meetings.AttendanceData([org_a.id], 12, []))
    document = meeting_files.add_document(session, SYSTEM, meeting.id, "Program", "program.pdf", PDF, upload_dir)
    other_meeting = _meeting(session, other, people["other_facilitator"], org_b, "Annan process träff", 6)
    other_note, other_draft = _notes(session, other_meeting, other_version.sections)
    other_document = meeting_files.add_document(
        session, SYSTEM, other_meeting.id, "Annat", "annat.pdf", PDF, upload_dir
    )

    run = analyse_by_hand(
        closed_round,
        {
            "Kollektivtrafik": [f"c{closed_a.comments[0].id}", f"n{note.id}"]
            + [f"c{r.comments[0].id}" for r in campaign],
            "Kompetens": [f"c{closed_b.comments[0].id}"],
        },
        campaigns=[[f"c{r.comments[0].id}" for r in campaign]],
    )
    theme = min(run.themes, key=lambda t: t.id)
    edit = theme_edits.rename_theme(session, SYSTEM, run.id, theme.id, "Resor och pendling")
    session.add(Position(comment=closed_a.comments[0], decision=Decision.ACCEPTED, motivation="Vi skärper målet."))
    closed_round.compilation_published_at = now - timedelta(hours=1)

    invitation_token = outreach.issue_token(
        session, TokenPurpose.COLLEAGUE, "ny.kollega@a.example", now, organisation=org_a, created_by=anna
    )
    pending = UserFactory(roles=[Role.STAKEHOLDER], name="Väntande Person", is_active=False)
    confirm_token = outreach.issue_token(session, TokenPurpose.CONFIRM_EMAIL, pending.email, now, user=pending)
    created = UserFactory(roles=[Role.STAKEHOLDER], name="Nyskapad Person")
    password_token = outreach.issue_token(session, TokenPurpose.SET_PASSWORD, created.email, now, user=created)
    failed_job = jobs_queue.enqueue(session, "test.gone", max_attempts=1)
    jobs_queue.fail(session, jobs_queue.claim(session, "worker", failed_job.id), "Jobbet misslyckades.", retry=False)
    session.commit()

    w.emails = {role: user.email for role, user in people.items()}
    w.ids = {
        "process": process.id,
        "other_process": other.id,
        "failed_job": failed_job.id,
        "org_a": org_a.id,
        "org_b": org_b.id,
        "open_round": open_round.id,
        "closed_round": closed_round.id,
        "response_a": response_a.id,
        "response_b": response_b.id,
        "closed_a": closed_a.id,
        "closed_b": closed_b.id,
        "comment_a_whole": next(c.id for c in response_a.comments if c.section_id is None),
        "comment_a_s1": next(c.id for c in response_a.comments if c.section_id == s1.id),
        "comment_b_s2": response_b.comments[0].id,
        "closed_comment_a": closed_a.comments[0].id,
        "closed_comment_b": closed_b.comments[0].id,
        "s1": s1.id,
        "s2": s2.id,
        "s3": s3.id,
        "other_s1": other_version.sections[0].id,
        "meeting": meeting.id,
        "note": note.id,
        "draft_note": draft_note.id,
        "document": document.id,
        "other_meeting": other_meeting.id,
        "other_note": other_note.id,
        "other_draft_note": other_draft.id,
        "other_document": other_document.id,
        "run": run.id,
        "theme": theme.id,
        "other_theme": max(t.id for t in run.themes),
        "campaign": run.campaigns[0].id,
        "edit": edit.id,
        "user_a": anna.id,
        "user_b": bertil.id,
        "pending_user": pending.id,
        "search_text": session.scalar(
            sa.select(SearchDocument.id).where(SearchDocument.comment_id == closed_a.comments[0].id)
        ),
    }
    # Organisation A's letter, read and waiting for review (the letters' routes: never for anyone else).
    letter = Letter(
        response_id=response_a.id,
        filename="brev.pdf",
        kind="pdf",
        size_bytes=len(LETTER_PDF),
        sha256=hashlib.sha256(LETTER_PDF).hexdigest(),
        data=LETTER_PDF,
        status=LetterStatus.READ,
        warnings=[],
        ocr_pages=[],
    )
    letter.excerpts.append(
        LetterExcerpt(position=0, text="Ett stycke.\n\nEtt till.", paragraph_pages=[1, 1], kind=ExcerptKind.COMMENT)
    )
    session.add(letter)
    session.flush()
    w.ids["letter"], w.ids["excerpt"] = letter.id, letter.excerpts[0].id
    # The closed round's compilation as Word files built by their job, for the working group and the public.
    w.ids["review_file"], w.ids["public_file"] = (
        built_compilation_file(closed_round.id, public) for public in (False, True)
    )
    # An adopted strategy of its own (the follow-up's routes), so the other routes' process stays undecided.
    followed = ProcessFactory(code="UPPF")
    adoption = adopt(followed)
    shared = {"organisation_id": org_a.id, "section_ids": [adoption.version.sections[0].id]}
    approved = initiatives.create_initiative(
        session, SYSTEM, "UPPF", InitiativeData(title="Godkänd insats", **shared), now
    )
    initiatives.propose_initiative(session, anna, "UPPF", InitiativeData(title="Föreslagen insats", **shared), now)
    session.flush()
    w.ids["initiative"] = approved.id
    w.ids["followup_section"] = adoption.version.sections[0].id
    _councils(session, w, followed, adoption, people, org_a, now)
    # A reporting period open for organisation A's report (its approved insats is the one above).
    w.ids["period"] = periods.open_period(
        session, SYSTEM, "UPPF", "Uppföljning, våren", now.date() + timedelta(days=60), "", now
    ).id
    w.values = {
        "followup_code": followed.code,
        "goal_area": adoption.version.sections[0].key,
        "code": process.code,
        "other_code": other.code,
        "section_key": s1.key,
        "invitation_token": invitation_token,
        "confirm_token": confirm_token,
        "password_token": password_token,
    }
    # Nothing from the building session may lazy-load in the middle of a rolled-back request.
    session.expunge_all()
    return w


def _councils(session, w: World, process, adoption, people, org_a, now) -> None:
    """A council with no convenor (so only the coordinator publishes), the strategic group with Anna in it,
    and two of the council's meetings facilitated by the facilitator: one with a draft agenda, one published
    with a commitment for organisation A; and a meeting of the process that no council holds yet."""
    council = councils.create_council(session, SYSTEM, process.code, councils.CouncilData("Rådet", "regional"), now)
    group = councils.create_council(session, SYSTEM, process.code, councils.CouncilData("Gruppen", "strategic"), now)
    councils.add_member(session, SYSTEM, group, user_id=people["stakeholder"].id)
    member = councils.add_member(session, SYSTEM, council, organisation_id=org_a.id)
    start = local_days_from_today(8, time(13))
    made = []
    for title in ("Rådsmöte med utkast", "Rådsmöte med publicerad dagordning", "Möte utan råd"):
        meeting = Meeting(
            process=process,
            kind="council",
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            is_published=True,
        )
        meeting.facilitators.append(people["facilitator"])
        session.add(meeting)
        made.append(meeting)
    session.flush()
    draft, published, free = made
    area = adoption.version.sections[0].id
    for meeting in (draft, published):
        councils.link_meeting(session, SYSTEM, council, meeting.id)
        item = agendas.add_item(
            session, SYSTEM, process.code, council.id, meeting.id, agendas.ItemData("Punkt", goal_area_id=area), now
        )
        w.ids["draft_item" if meeting is draft else "published_item"] = item.id
    agendas.publish_agenda(session, SYSTEM, process.code, council.id, published.id, now)
    commitment = agendas.add_commitment(
        session,
        SYSTEM,
        process.code,
        council.id,
        published.id,
        w.ids["published_item"],
        agendas.CommitmentData(org_a.id, "Ett åtagande"),
        now,
    )
    w.ids |= {
        "council": council.id,
        "council_member": member.id,
        "draft_council_meeting": draft.id,
        "published_council_meeting": published.id,
        "free_meeting": free.id,
        "commitment": commitment.id,
    }


# --- the routes and their URLs --------------------------------------------------------------------

IGNORED_ENDPOINTS = {"static"}  # files from app/static, served without any rule of ours


def routes(app) -> list[tuple[str, str, object]]:
    """(method, rule, werkzeug rule) for every route and method but HEAD and OPTIONS, in a stable order."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in IGNORED_ENDPOINTS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, rule.rule, rule))
    return sorted(found, key=lambda item: (item[1], item[0]))


def url_values(world: World, rule) -> dict:
    """Fill a rule's parameters from the world: each endpoint points at an object that exists."""
    ids, values, endpoint = world.ids, world.values, rule.endpoint
    round_id = ids["open_round"] if endpoint.startswith("remiss.") else ids["closed_round"]
    response_id = (
        ids["closed_a"] if endpoint in ("compilation.public_response", "compilation.feedback") else ids["response_a"]
    )
    subject_id = ids["note"] if endpoint == "answers.note" else ids["closed_comment_a"]
    token = {"accounts.confirm": values["confirm_token"], "accounts.set_password": values["password_token"]}.get(
        endpoint, values["invitation_token"]
    )
    followup = endpoint.startswith(
        ("followup.", "followup_admin.", "followup_periods.", "followup_reports.", "councils.")
    )
    # A council's draft agenda is prepared and published; its minutes and commitments go on a published one.
    recorded = endpoint in (
        "councils.minutes",
        "councils.add_commitment",
        "councils.make_initiative",
        "councils.commitment_status",
    )
    candidates = {
        "code": (
            values["followup_code"]
            if followup
            else values["other_code"]
            if endpoint in ("main.strategy", "main.strategy_docx")
            else values["code"]
        ),
        "initiative_id": ids.get("initiative"),
        "period_id": ids.get("period"),
        "key": values.get("goal_area"),
        "decision": "godkann",
        "round_id": round_id,
        "response_id": response_id,
        "number": 2 if endpoint.startswith("drafts.") else 1,
        "organisation_id": ids["org_a"],
        "user_id": ids["user_a"],
        "meeting_id": (
            ids["meeting"]
            if not endpoint.startswith("councils.")
            else ids["published_council_meeting"]
            if recorded
            else ids["draft_council_meeting"]
        ),
        "council_id": ids["council"],
        "member_id": ids["council_member"],
        "item_id": ids["published_item"] if recorded else ids["draft_item"],
        "commitment_id": ids["commitment"],
        "note_id": ids["note"],
        "document_id": ids["document"],
        "state": "oppna",
        "run_id": ids["run"],
        "theme_id": ids["theme"],
        "campaign_id": ids["campaign"],
        "subject_id": subject_id,
        "edit_id": ids["edit"],
        "comment_id": ids["closed_comment_a"],
        "section_key": values["section_key"],
        "section": str(ids["s1"]),
        "fmt": "docx" if endpoint == "followup_reports.annual" else "csv",
        "direction": "ner",
        "token": token,
        "text_id": ids["search_text"],
        "job_id": ids["failed_job"],
        "letter_id": ids["letter"],
        "excerpt_id": ids["excerpt"],
        "file_id": ids["public_file"] if endpoint.startswith("compilation.public") else ids["review_file"],
    }
    wanted = set(rule.arguments) - set(rule.defaults or {})
    missing = wanted - set(candidates)
    assert not missing, f"{rule.endpoint} ({rule.rule}): no value for {sorted(missing)}; add one to url_values"
    return {name: candidates[name] for name in wanted}


def url_for_rule(world: World, rule) -> str:
    _domain, path = rule.build(url_values(world, rule), append_unknown=False)
    return path


# --- visitors ------------------------------------------------------------------------------------


class Visitor:
    """One person's browser. Its session cookie (login and CSRF secret) is restored before every request,
    so a request that logs out or logs in cannot change who the next request comes from."""

    def __init__(self, app, role: str, email: str | None):
        self.role = role
        self.client = app.test_client()
        if email is not None:
            response = AuthActions(self.client).login(email, PASSWORD)
            assert response.status_code == 302 and "/logga-in" not in response.location, f"{role} could not log in"
        self.token = csrf_token(self.client, "/")
        self.cookie = self.client.get_cookie("session").value

    def restore(self) -> None:
        self.client.set_cookie("session", self.cookie)

    def get(self, url: str, **kwargs):
        self.restore()
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict | None = None, token: str | bool | None = True, **kwargs):
        """POST with this session's token (True), another token (a string) or none (None)."""
        self.restore()
        payload = dict(data or {})
        if token is True:
            payload["csrf_token"] = self.token
        elif token:
            payload["csrf_token"] = token
        return self.client.post(url, data=payload, **kwargs)

    def open(self, method: str, url: str, **kwargs):
        return self.get(url, **kwargs) if method == "GET" else self.post(url, **kwargs)


@pytest.fixture
def visitors(app, world):
    """A logged-in visitor per role (anonymous too), built lazily: a test pays only for the roles it uses."""
    cache: dict[str, Visitor] = {}

    def visitor(role: str) -> Visitor:
        if role not in cache:
            cache[role] = Visitor(app, role, None if role == "anonymous" else world.emails[role])
        return cache[role]

    return visitor


# --- the database, rolled back and fingerprinted -------------------------------------------------


def connection():
    """The test's connection (the per-test transaction), straight, without a session on top."""
    return db.session.get_bind()


@contextmanager
def rolled_back():
    """Whatever happens inside (commits included: they release inner savepoints) is undone afterwards."""
    savepoint = connection().begin_nested()
    try:
        yield
    finally:
        savepoint.rollback()


_tables: list[sa.Table] = []


def fingerprint() -> dict[str, tuple[int, str]]:
    """Per table of the migrated database: the number of rows and a hash of every value in them."""
    result = {}
    conn = connection()
    if not _tables:
        reflected = sa.MetaData()
        reflected.reflect(conn)
        _tables.extend(sorted(reflected.tables.values(), key=lambda t: t.name))
    for table in _tables:
        rows = conn.execute(sa.select(table)).all()
        digest = hashlib.sha256(repr(sorted(repr(tuple(row)) for row in rows)).encode()).hexdigest()
        result[table.name] = (len(rows), digest)
    return result


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before if before[name] != after.get(name))


def is_login_redirect(response) -> bool:
    if response.status_code == 401:  # the login page that keeps posted text
        return True
    return response.status_code == 302 and response.location.split("?")[0].endswith("/logga-in")
