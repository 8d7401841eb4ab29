"""A closed round with every kind of input the compilation has to handle, and an analysis of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from app.extensions import db
from consultation.meetings import Meeting, MeetingKind, MeetingNote, NoteKind, NoteStatus
from consultation.people import ActorType, Role
from consultation.people.access import SYSTEM
from consultation.remiss import Comment, Invitation, InvitationStatus, Response, ResponseStatus, RoundAccess
from consultation.review import Decision, Position, analysis_runs
from consultation.review.analysis_runs import Outcome, RunParameters

from ..conftest import csrf_token
from ..factories import OrganisationFactory, ProcessFactory, UserFactory, add_draft, add_round

CAMPAIGN_TEXT = "Rädda busslinje 42! Utan den kommer ingen till jobbet i Fjällby."
CONSENTING_NAME = "Vera Villig"
PRIVATE_NAME = "Hemlig Hansson"
DRAFT_TEXT = "UTKAST SOM ALDRIG SKICKATS IN"
WITHDRAWN_TEXT = "Återkallad synpunkt som inte ska synas"
_numbers = iter(range(1, 100_000))


def respond(
    round_,
    texts_by_section: dict,
    organisation=None,
    person=None,
    status=ResponseStatus.SUBMITTED,
    consent: bool = False,
) -> Response:
    """A response as it stands after submission (or a draft, which has no submitted text)."""
    author = person or UserFactory(roles=[Role.STAKEHOLDER])
    submitted = status != ResponseStatus.DRAFT
    response = Response(
        round=round_,
        organisation=organisation,
        person=person,
        created_by=author,
        status=status,
        reference=f"{round_.process.code}-2026-{next(_numbers):04d}" if submitted else None,
        submitted_at=round_.opens_at + timedelta(hours=1) if submitted else None,
        publish_name_consent=consent,
    )
    for section, text in texts_by_section.items():
        response.comments.append(Comment(section=section, body=text, submitted_body=text if submitted else None))
    db.session.add(response)
    db.session.flush()
    return response


def analyse_by_hand(round_, themes: dict[str, list[str]], campaigns=(), off_topic=(), include_notes=True):
    """A finished analysis whose themes we choose: {label: [input keys]}; keys "c<id>" and "n<id>"."""
    run = analysis_runs.start_run(db.session, SYSTEM, round_.id, RunParameters(include_notes=include_notes))
    analysis_runs.mark_running(db.session, run.id)
    inputs = analysis_runs.collect_inputs(db.session, run)
    known = {i.key for i in inputs}
    listed = [k for keys in themes.values() for k in keys]
    rest = [k for k in known if k not in listed]
    outcome = Outcome(
        themes=[
            SimpleNamespace(
                label=label,
                terms=[],
                item_ids=[k for k in keys if k in known] + (rest if n == 0 else []),
                representative_ids=[],
                summary=[],
            )
            for n, (label, keys) in enumerate(themes.items())
        ],
        campaigns=[SimpleNamespace(item_ids=list(keys), representative_id=keys[0]) for keys in campaigns],
    )
    analysis_runs.store_result(db.session, run, inputs, outcome)
    db.session.flush()
    for theme in run.themes:
        for item in theme.items:
            key = f"c{item.comment_id}" if item.comment_id else f"n{item.note_id}"
            if key in off_topic:
                item.off_topic = True
    db.session.flush()
    return run


@dataclass
class World:
    process: object
    version: object
    round: object
    orgs: dict = field(default_factory=dict)
    responses: dict = field(default_factory=dict)
    note: object = None
    run: object = None

    def comment(self, name: str, index: int = 0) -> Comment:
        return self.responses[name].comments[index]

    def key(self, name: str, index: int = 0) -> str:
        return f"c{self.comment(name, index).id}"


@pytest.fixture
def world(db_session) -> World:
    """A round that closed yesterday, with named, private, campaign, withdrawn and draft input."""
    now = datetime.now(UTC)
    process = ProcessFactory(code="RUS2050", title="Regional utvecklingsstrategi 2050")
    version = add_draft(process, sections=3)
    round_ = add_round(
        process,
        version,
        title="Remiss av RUS 2050",
        access=RoundAccess.OPEN,
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=1),
    )
    s1, s2, s3 = version.sections
    w = World(process=process, version=version, round=round_)
    w.orgs["kommun"] = OrganisationFactory(name="Fjällby kommun", actor_type=ActorType.MUNICIPALITY)
    w.orgs["foretag"] = OrganisationFactory(name="Fjällby Buss AB", actor_type=ActorType.BUSINESS)
    w.orgs["avstar"] = OrganisationFactory(name="Länsstyrelsen i Testland", actor_type=ActorType.AGENCY)
    w.orgs["tyst"] = OrganisationFactory(name="Trafikverket Testland", actor_type=ActorType.AGENCY)
    w.orgs["aterkallar"] = OrganisationFactory(name="Återkallande förening", actor_type=ActorType.CIVIL_SOCIETY)
    w.orgs["utkast"] = OrganisationFactory(name="Utkastföreningen", actor_type=ActorType.CIVIL_SOCIETY)
    for n in range(3):
        w.orgs[f"kampanj{n}"] = OrganisationFactory(
            name=f"Bussvännerna avdelning {n + 1}", actor_type=ActorType.CIVIL_SOCIETY
        )
    for key, status, reason in [
        ("kommun", InvitationStatus.RESPONDED, None),
        ("foretag", InvitationStatus.RESPONDED, None),
        ("avstar", InvitationStatus.DECLINED, "Vi har inte resurser att svara den här gången."),
        ("tyst", InvitationStatus.INVITED, None),
    ]:
        db.session.add(Invitation(round=round_, organisation=w.orgs[key], status=status, decline_reason=reason))

    w.responses["kommun"] = respond(
        round_,
        {
            s1: "Kommunen vill ha tätare busstrafik på landsbygden.",
            None: "Förslaget som helhet är bra men saknar tidsplan.",
        },
        organisation=w.orgs["kommun"],
    )
    w.responses["foretag"] = respond(
        round_, {s2: "Kompetensförsörjningen måste prioriteras."}, organisation=w.orgs["foretag"]
    )
    w.responses["privat"] = respond(
        round_,
        {s1: "Jag bor i byn och mitt personnummer är 19800101-1234, bussen behövs."},
        person=UserFactory(name=PRIVATE_NAME, roles=[Role.STAKEHOLDER]),
    )
    w.responses["samtycke"] = respond(
        round_,
        {s3: "Bygg fler hyresrätter för unga."},
        person=UserFactory(name=CONSENTING_NAME, roles=[Role.STAKEHOLDER]),
        consent=True,
    )
    for n in range(3):
        w.responses[f"kampanj{n}"] = respond(round_, {s3: CAMPAIGN_TEXT}, organisation=w.orgs[f"kampanj{n}"])
    w.responses["aterkallar"] = respond(
        round_, {s2: WITHDRAWN_TEXT}, organisation=w.orgs["aterkallar"], status=ResponseStatus.WITHDRAWN
    )
    w.responses["utkast"] = respond(
        round_, {s2: DRAFT_TEXT}, organisation=w.orgs["utkast"], status=ResponseStatus.DRAFT
    )

    meeting = Meeting(
        process=process,
        kind=MeetingKind.DIALOGUE,
        title="Dialogträff om resor",
        theme="Resor",
        starts_at=now - timedelta(days=40),
        ends_at=now - timedelta(days=40, hours=-3),
        is_published=True,
    )
    w.note = MeetingNote(
        meeting=meeting,
        kind=NoteKind.CHALLENGE,
        status=NoteStatus.PUBLISHED,
        body="Deltagarna beskrev att pendlingen med buss blivit omöjlig.",
        published_at=now - timedelta(days=39),
    )
    w.note.sections.append(s1)
    db.session.add_all([meeting, w.note])
    db.session.add(
        Position(
            comment=w.comment("kommun"),
            decision=Decision.ACCEPTED,
            motivation="Strategin skärper målet för kollektivtrafik.",
        )
    )
    db.session.add(Position(note=w.note, decision=Decision.NOTED, motivation="Tas med i arbetet med trafikplanen."))
    db.session.flush()

    campaign_keys = [w.key(f"kampanj{n}") for n in range(3)]
    w.run = analyse_by_hand(
        round_,
        {
            "Kollektivtrafik": [w.key("kommun"), w.key("privat"), f"n{w.note.id}", *campaign_keys],
            "Kompetens": [w.key("foretag")],
            "Bostäder": [w.key("samtycke"), w.key("kommun", 1)],
        },
        campaigns=[campaign_keys],
    )
    db.session.commit()
    return w


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMIN, email="samordnare@region.example", name="Sam Samordnare")


@pytest.fixture
def member(make_user):
    return make_user(Role.WORKING_GROUP, email="grupp@region.example", name="Greta Grupp")


@pytest.fixture
def post(client):
    """POST a form with a valid CSRF token (the token is per session, any page's token will do)."""

    def send(url: str, data: dict | None = None, **kwargs):
        return client.post(url, data={**(data or {}), "csrf_token": csrf_token(client, "/")}, **kwargs)

    return send


def review_url(world, order: str = "avsnitt") -> str:
    return f"/arbetsgrupp/rundor/{world.round.id}/sammanstallning?ordning={order}"


def public_url(world, suffix: str = "sammanstallning") -> str:
    return f"/process/{world.process.code}/remiss/{world.round.id}/{suffix}"
