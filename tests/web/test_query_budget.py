"""A page makes as many queries for a thousand rows as for ten: no query per row.

Each main page is opened in a seeded world and in one with ten times the responses, comments, attendance,
notes and sign-ups (and, for the stakeholder's own response and the draft, ten times the sections), and the
SQL statements sent for it are counted. A page whose count grows with the rows makes a query per row, which
is what made the process page, the working group's list and the analysis page slow under load (issue 19).

Run with `-s` to see the table of counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from app.extensions import db
from consultation.drafts import DocumentVersion, Section
from consultation.meetings import (
    Attendance,
    Meeting,
    MeetingKind,
    MeetingNote,
    NextStepStatus,
    NoteKind,
    NoteStatus,
    NoteTag,
    Signup,
)
from consultation.people import ActorType, Role
from consultation.remiss import (
    Comment,
    Invitation,
    InvitationStatus,
    Response,
    ResponseStatus,
    ResponseSubmission,
    RoundAccess,
)
from consultation.review import Decision, EditAction, Position, ThemeEdit

from ..compilation.conftest import analyse_by_hand
from ..conftest import PASSWORD, AuthActions
from ..factories import OrganisationFactory, ProcessFactory, UserFactory, add_draft, add_phases, add_round

SMALL, LARGE = 1, 10
ACTOR_TYPES = [
    ActorType.MUNICIPALITY,
    ActorType.BUSINESS,
    ActorType.AGENCY,
    ActorType.ACADEMIA,
    ActorType.CIVIL_SOCIETY,
]
# Statements that only bracket the test's rolled-back transaction, not the page's work.
_BRACKETS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


@dataclass
class World:
    """One process with its draft, an open round, meetings and an analysis, `scale` times over."""

    code: str
    round_id: int
    own_response_id: int
    held_meeting_id: int
    upcoming_meeting_id: int
    run_id: int
    theme_id: int
    campaign_id: int
    section_id: int
    users: dict = field(default_factory=dict)


def _snapshot(response: Response) -> list[dict]:
    return [
        {
            "section_key": c.section.key if c.section else None,
            "section_number": c.section.number if c.section else None,
            "heading": c.section.heading if c.section else None,
            "body": c.body,
        }
        for c in response.comments
    ]


def _submitted(round_, author, organisation=None, person=None, texts=()) -> Response:
    response = Response(
        round=round_,
        organisation=organisation,
        person=person,
        created_by=author,
        status=ResponseStatus.SUBMITTED,
        reference=f"{round_.process.code}-2026-{next(_references):05d}",
        submitted_at=datetime.now(UTC) - timedelta(hours=2),
    )
    for section, text in texts:
        response.comments.append(Comment(section=section, body=text, submitted_body=text, updated_by=author))
    db.session.add(response)
    db.session.flush()
    response.submissions.append(ResponseSubmission(number=1, submitted_by=author, snapshot=_snapshot(response)))
    return response


_references = iter(range(1, 1_000_000))


def _revise(version) -> None:
    """Version 2 of the draft: every other section's text changed, one removed, one new."""
    revised = DocumentVersion(document=version.document, number=2)
    for position, section in enumerate(version.sections[1:]):
        body = section.body + (" Med ett tillägg om pendling." if position % 2 else "")
        revised.sections.append(
            Section(
                key=section.key,
                number=section.number,
                heading=section.heading,
                body=body,
                level=section.level,
                position=position,
            )
        )
    revised.sections.append(
        Section(
            key="new", number="99", heading="Nytt avsnitt", body="Ny text.", level=1, position=len(revised.sections)
        )
    )
    db.session.add(revised)


def build_world(code: str, scale: int) -> World:
    now = datetime.now(UTC)
    process = ProcessFactory(code=code)
    add_phases(process, now.date())
    version = add_draft(process, sections=3 * scale)
    round_ = add_round(process, version, title=f"Remiss {code}", access=RoundAccess.OPEN)
    sections = version.sections

    own_organisation = OrganisationFactory(name=f"Fjällby kommun {code}", actor_type=ActorType.MUNICIPALITY)
    stakeholder = UserFactory(roles=[Role.STAKEHOLDER], organisations=[own_organisation])
    facilitator = UserFactory(roles=[Role.FACILITATOR])
    process.facilitators.append(facilitator)
    members = [UserFactory(roles=[Role.WORKING_GROUP]) for _ in range(scale)]
    member = members[0]

    # The stakeholder's own response: a comment on every section and on the whole document.
    own = _submitted(
        round_,
        stakeholder,
        organisation=own_organisation,
        texts=[(s, f"Kommunens synpunkt på avsnitt {s.number}.") for s in sections] + [(None, "Förslaget som helhet.")],
    )
    db.session.add(Invitation(round=round_, organisation=own_organisation, status=InvitationStatus.RESPONDED))

    organisations = []
    for n in range(5 * scale):
        organisation = OrganisationFactory(actor_type=ACTOR_TYPES[n % len(ACTOR_TYPES)])
        organisations.append(organisation)
        author = UserFactory(roles=[Role.STAKEHOLDER], organisations=[organisation])
        status = [InvitationStatus.RESPONDED, InvitationStatus.INVITED, InvitationStatus.DECLINED][n % 3]
        db.session.add(
            Invitation(
                round=round_,
                organisation=organisation,
                status=status,
                decline_reason="Inga resurser." if status == InvitationStatus.DECLINED else None,
            )
        )
        if status == InvitationStatus.RESPONDED:
            _submitted(
                round_,
                author,
                organisation=organisation,
                texts=[
                    (sections[n % len(sections)], f"Busstrafiken på landsbygden måste bli tätare ({n})."),
                    (None, f"Helheten saknar en tidsplan ({n})."),
                ],
            )
        elif status == InvitationStatus.INVITED:  # started, never submitted
            db.session.add(
                Response(
                    round=round_,
                    organisation=organisation,
                    created_by=author,
                    comments=[Comment(section=sections[0], body="Utkast som aldrig skickats in.")],
                )
            )
    for n in range(2 * scale):
        person = UserFactory(roles=[Role.STAKEHOLDER])
        _submitted(round_, person, person=person, texts=[(sections[-1], f"Bygg fler hyresrätter för unga ({n}).")])
    campaigns = []
    for n in range(scale):
        keys = []
        for _ in range(3):
            organisation = OrganisationFactory(actor_type=ActorType.CIVIL_SOCIETY)
            author = UserFactory(roles=[Role.STAKEHOLDER], organisations=[organisation])
            text = f"Rädda busslinje {40 + n}!"
            response = _submitted(round_, author, organisation=organisation, texts=[(sections[1], text)])
            keys.append(f"c{response.comments[0].id}")
        campaigns.append(keys)

    held = Meeting(
        process=process,
        kind=MeetingKind.DIALOGUE,
        title=f"Dialogträff om resor {code}",
        theme="Resor",
        starts_at=now - timedelta(days=20),
        ends_at=now - timedelta(days=20, hours=-3),
        is_published=True,
        participant_count=10 * scale,
        facilitators=[facilitator],
    )
    for n, organisation in enumerate(organisations):
        held.attendances.append(Attendance(organisation=organisation))
        held.attendances.append(Attendance(participant_name=f"Deltagare {n}", participant_affiliation="Byalaget"))
    for n in range(4 * scale):
        kind = list(NoteKind)[n % len(NoteKind)]
        step = kind == NoteKind.NEXT_STEP
        note = MeetingNote(
            kind=kind,
            status=NoteStatus.PUBLISHED,
            body=f"Deltagarna beskrev att pendlingen blivit svår ({n}).",
            published_at=now - timedelta(days=19),
            owner_organisation=organisations[n % len(organisations)] if step else None,
            step_status=NextStepStatus.OPEN if step else None,
            due_on=(now + timedelta(days=60)).date() if step else None,
            created_by_id=facilitator.id,
        )
        note.sections.append(sections[n % len(sections)])
        note.tags.append(NoteTag(tag=f"tagg{n % 5}"))
        held.notes.append(note)
    upcoming = Meeting(
        process=process,
        kind=MeetingKind.DIALOGUE,
        title=f"Dialogträff om kompetens {code}",
        theme="Kompetens",
        starts_at=now + timedelta(days=10),
        ends_at=now + timedelta(days=10, hours=3),
        is_published=True,
        facilitators=[facilitator],
        invited_organisations=organisations[: 2 * scale],
    )
    for organisation in organisations[: 3 * scale]:
        upcoming.signups.append(Signup(user=UserFactory(roles=[Role.STAKEHOLDER]), organisation=organisation))
    db.session.add_all([held, upcoming])
    db.session.flush()

    # Half of the texts in the first theme (the one the theme pages show), the rest spread over 3 x scale themes.
    comments = db.session.scalars(sa.select(Comment).join(Response).where(Response.round_id == round_.id)).all()
    keys = [f"c{c.id}" for c in comments if c.submitted_body is not None] + [f"n{n.id}" for n in held.notes]
    labels = [f"Tema {n}" for n in range(3 * scale)]
    themes = {label: keys[1 + n : len(keys) // 2 : len(labels)] if n else [] for n, label in enumerate(labels)}
    run = analyse_by_hand(round_, themes, campaigns=campaigns)
    for n in range(scale):
        db.session.add(
            ThemeEdit(run_id=run.id, user=members[n], action=EditAction.RENAME, description=f"Döpte om tema {n}.")
        )
    # Half of what there is to answer has a position, each acted on in a section of the next version.
    for n, comment in enumerate(comments[::2]):
        db.session.add(
            Position(
                comment=comment,
                decision=Decision.ACCEPTED,
                motivation="Beaktas.",
                decided_by=members[n % scale],
                acted_on_section_key=sections[n % len(sections)].key,
            )
        )
    for n, note in enumerate(held.notes[::2]):
        db.session.add(
            Position(
                note=note,
                decision=Decision.PARTLY,
                motivation="Beaktas delvis.",
                decided_by=members[n % scale],
                acted_on_section_key=sections[n % len(sections)].key,
            )
        )
    _revise(version)
    db.session.commit()
    return World(
        code=code,
        round_id=round_.id,
        own_response_id=own.id,
        held_meeting_id=held.id,
        upcoming_meeting_id=upcoming.id,
        run_id=run.id,
        campaign_id=run.campaigns[0].id,
        theme_id=min(run.themes, key=lambda t: (t.rank, t.id)).id,
        section_id=sections[0].id,
        users={"stake": stakeholder, "group": member, "facil": facilitator},
    )


# (page, who opens it, its address in a world)
PAGES = [
    ("start page (stakeholder)", "stake", lambda w: "/start"),
    ("start page (working group)", "group", lambda w: "/start"),
    ("start page (facilitator)", "facil", lambda w: "/start"),
    ("process page", "anon", lambda w: f"/process/{w.code}"),
    ("draft", "anon", lambda w: f"/process/{w.code}/forslag"),
    ("comparison of versions", "anon", lambda w: f"/process/{w.code}/forslag/jamfor"),
    ("comparison (working group)", "group", lambda w: f"/process/{w.code}/forslag/jamfor"),
    ("round", "stake", lambda w: f"/remiss/{w.round_id}"),
    ("stakeholder's response", "stake", lambda w: f"/svar/{w.own_response_id}"),
    ("receipt", "stake", lambda w: f"/svar/{w.own_response_id}/kvitto"),
    ("submitted version", "stake", lambda w: f"/svar/{w.own_response_id}/version/1"),
    ("response list", "group", lambda w: f"/arbetsgrupp/rundor/{w.round_id}/svar"),
    ("a response", "group", lambda w: f"/arbetsgrupp/svar/{w.own_response_id}"),
    ("comments per section", "group", lambda w: f"/arbetsgrupp/rundor/{w.round_id}/avsnitt"),
    ("one section's comments", "group", lambda w: f"/arbetsgrupp/rundor/{w.round_id}/avsnitt/{w.section_id}"),
    ("analysis result", "group", lambda w: f"/arbetsgrupp/analys/{w.run_id}"),
    ("a theme", "group", lambda w: f"/arbetsgrupp/analys/{w.run_id}/teman/{w.theme_id}"),
    ("compilation by section", "group", lambda w: f"/arbetsgrupp/rundor/{w.round_id}/sammanstallning"),
    ("compilation by theme", "group", lambda w: f"/arbetsgrupp/rundor/{w.round_id}/sammanstallning?ordning=tema"),
    ("answering overview", "group", lambda w: f"/arbetsgrupp/analys/{w.run_id}/svara"),
    ("positions of a theme", "group", lambda w: f"/arbetsgrupp/analys/{w.run_id}/teman/{w.theme_id}/svara"),
    ("positions of a campaign", "group", lambda w: f"/arbetsgrupp/analys/{w.run_id}/kampanjer/{w.campaign_id}/svara"),
    ("unanswered texts", "group", lambda w: f"/arbetsgrupp/analys/{w.run_id}/obesvarade"),
    ("meeting notes", "group", lambda w: f"/arbetsgrupp/process/{w.code}/anteckningar"),
    ("search, every text", "group", lambda w: f"/arbetsgrupp/process/{w.code}/sok"),
    ("search, words and filters", "group", lambda w: f"/arbetsgrupp/process/{w.code}/sok?q=text+synpunkt&unanswered=y"),
    ("next steps", "anon", lambda w: f"/process/{w.code}/nasta-steg"),
    ("meeting list", "anon", lambda w: f"/process/{w.code}/dialogtraffar"),
    ("meeting page", "anon", lambda w: f"/dialogtraffar/{w.held_meeting_id}"),
    ("meeting page (facilitator)", "facil", lambda w: f"/dialogtraffar/{w.held_meeting_id}"),
    ("meeting sign-ups", "facil", lambda w: f"/dialogtraffar/{w.upcoming_meeting_id}/hantera"),
    ("attendance", "facil", lambda w: f"/dialogtraffar/{w.held_meeting_id}/narvaro"),
]


@contextmanager
def counting_queries() -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(_BRACKETS):
            statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


def queries_per_page(app, world: World) -> dict[str, int]:
    clients = {"anon": app.test_client()}
    for role, user in world.users.items():
        clients[role] = app.test_client()
        AuthActions(clients[role]).login(user.email, PASSWORD)
    counts = {}
    for name, role, url_of in PAGES:
        url = url_of(world)
        warm = clients[role].get(url)  # the first request may fill caches (translations, templates)
        assert warm.status_code == 200, f"{name}: {url} answered {warm.status_code}"
        with counting_queries() as statements:
            response = clients[role].get(url)
        assert response.status_code == 200, f"{name}: {url} answered {response.status_code}"
        counts[name] = len(statements)
    return counts


def test_no_page_makes_a_query_per_row(app, clock):
    small = queries_per_page(app, build_world("SMALL", SMALL))
    large = queries_per_page(app, build_world("LARGE", LARGE))

    table = [f"{'page':<30} {'queries':>8} {'10x rows':>9}"]
    table += [f"{name:<30} {small[name]:>8} {large[name]:>9}" for name, _, _ in PAGES]
    print("\n" + "\n".join(table))
    growing = {name: (small[name], large[name]) for name, _, _ in PAGES if small[name] != large[name]}
    assert not growing, "queries grow with the rows (seeded, 10x): " + ", ".join(
        f"{name} {a} -> {b}" for name, (a, b) in growing.items()
    )
