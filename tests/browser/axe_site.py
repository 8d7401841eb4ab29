"""The world the axe-core checks open (tests/browser/test_axe_pages.py): what is seeded into the live
server, and which pages and forms each role is checked on."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import select

from app.extensions import db
from consultation import meetings
from consultation.drafts import Adoption
from consultation.drafts import publication as draft_publication
from consultation.drafts.versions import add_version, parse_markdown
from consultation.followup import agendas, councils, initiatives, periods, reporting
from consultation.followup.initiatives import IndicatorData, InitiativeData
from consultation.jobs import queue as jobs_queue
from consultation.letters import ExcerptKind, Letter, LetterExcerpt, LetterStatus
from consultation.letters import registration as letter_registration
from consultation.meetings import files as meeting_files
from consultation.people import ActorType, Organisation
from consultation.people.access import SYSTEM
from consultation.remiss import (
    Comment,
    Invitation,
    InvitationStatus,
    Reminder,
    Response,
    ResponseStatus,
    RoundAccess,
    outreach,
    reminder_schedule,
    responses,
)
from consultation.remiss.responses import CommentInput
from consultation.review import (
    Decision,
    Position,
    analysis_runs,
    compilation,
    compilation_files,
    publication,
    readiness,
)
from consultation.search import SearchDocument
from consultation.timezones import local_days_from_today, local_today

from ..compilation.conftest import analyse_by_hand
from ..conftest import PASSWORD
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

ROLES = ["anonymous", "stakeholder", "admin", "working_group", "facilitator"]
EMAILS = {
    "stakeholder": "aktor@fjallby.example",
    "admin": "samordnare@region.example",
    "working_group": "grupp@region.example",
    "facilitator": "ledare@region.example",
    "newcomer": "ny@nybyggarna.example",
}
_numbers = iter(range(1, 10_000))
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def seed(app) -> SimpleNamespace:
    now = datetime.now(UTC)
    s = SimpleNamespace()
    kommun = OrganisationFactory(name="Fjällby kommun", actor_type=ActorType.MUNICIPALITY)
    nybyggarna = OrganisationFactory(name="Nybyggarna", actor_type=ActorType.CIVIL_SOCIETY)
    people = {
        role: UserFactory(roles=[role], email=EMAILS[role], name=name)
        for role, name in [("admin", "Sam Samordnare"), ("working_group", "Greta Grupp"), ("facilitator", "Pia Ledare")]
    }
    people["stakeholder"] = UserFactory(
        roles=["stakeholder"], email=EMAILS["stakeholder"], name="Anna Aktör", organisations=[kommun]
    )
    newcomer = UserFactory(roles=["stakeholder"], email=EMAILS["newcomer"], name="Nils Ny", organisations=[nybyggarna])

    process = ProcessFactory(code="RUS2040", title="Regional utvecklingsstrategi 2040")
    add_phases(process, local_today())
    process.facilitators.append(people["facilitator"])
    version = add_draft(process, sections=4)
    open_round = add_round(process, version, title="Remiss RUS 2040", access=RoundAccess.OPEN)
    invitation = Invitation(round=open_round, organisation=kommun, status=InvitationStatus.INVITED)
    db.session.add(invitation)
    db.session.flush()
    # The round's page with its reminder tables: a schedule, and one reminder sent a week ago.
    reminder_schedule.save_schedule(db.session, people["admin"], open_round.id, "30, 14, 7, 2", time(9), now)
    db.session.add(
        Reminder(invitation_id=invitation.id, remind_on=local_today(), email="registrator@fjallby.example", sent_at=now)
    )

    # The open round: a submitted response with comments (filled), a new one without comments (empty).
    stakeholder = people["stakeholder"]
    filled = responses.open_response(db.session, stakeholder, open_round.id, f"org-{kommun.id}", now)
    responses.save_comments(
        db.session,
        stakeholder,
        filled.id,
        [
            CommentInput(None, "Förslaget som helhet är bra men saknar en tidsplan.\n\nTvå stycken."),
            CommentInput(version.sections[1].id, "Kollektivtrafiken på landsbygden måste bli tätare."),
        ],
        now,
    )
    responses.submit_response(db.session, stakeholder, filled.id, now)
    letter = _letter_in_review(filled, version.sections[1])
    empty = responses.open_response(db.session, newcomer, open_round.id, f"org-{nybyggarna.id}", now)
    pending_run = analysis_runs.start_run(
        db.session, people["working_group"], open_round.id, analysis_runs.RunParameters()
    )

    # The closed round: read only for its authors; analysed, answered and published.
    closed_round = add_round(
        process,
        version,
        title="Remiss av inriktningen",
        access=RoundAccess.OPEN,
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(days=1),
    )
    during = closed_round.opens_at + timedelta(days=2)
    late = responses.open_response(db.session, stakeholder, closed_round.id, f"org-{kommun.id}", during)
    responses.save_comments(
        db.session,
        stakeholder,
        late.id,
        [CommentInput(version.sections[0].id, "Bygg fler hyresrätter för unga i kommunerna.")],
        during,
    )
    responses.submit_response(db.session, stakeholder, late.id, during)
    s1, s2, s3, _ = version.sections
    others = {
        "foretag": respond(
            closed_round,
            {s2: "Kompetensförsörjningen måste prioriteras högre."},
            organisation=OrganisationFactory(name="Fjällby Buss AB", actor_type=ActorType.BUSINESS),
        ),
        "privat": respond(
            closed_round,
            {s1: "Jag bor i byn och bussen behövs."},
            person=UserFactory(name="Vera Villig", roles=["stakeholder"]),
            consent=True,
        ),
        "aterkallat": respond(
            closed_round,
            {s2: "Återkallad synpunkt."},
            status=ResponseStatus.WITHDRAWN,
            organisation=OrganisationFactory(name="Återkallande förening"),
        ),
    }
    campaign = [
        respond(
            closed_round,
            {s3: "Rädda busslinje 42! Utan den kommer ingen till jobbet."},
            organisation=OrganisationFactory(name=f"Bussvännerna avdelning {n}", actor_type=ActorType.CIVIL_SOCIETY),
        )
        for n in (1, 2, 3)
    ]
    db.session.add(
        Invitation(
            round=closed_round,
            organisation=OrganisationFactory(name="Länsstyrelsen i Testland", actor_type=ActorType.AGENCY),
            status=InvitationStatus.DECLINED,
            decline_reason="Vi har inte resurser att svara den här gången.",
        )
    )

    # Meetings: an upcoming one with attendance, notes and a document; a past one without notes. Both in the
    # afternoon, Stockholm time, whatever the hour the suite runs: a meeting seeded at `now` in the evening would
    # run past midnight.
    facilitator = people["facilitator"]
    start = local_days_from_today(5, time(13), now)
    meeting = meetings.save_meeting(
        db.session,
        facilitator,
        process.id,
        meetings.MeetingData(
            kind="dialogue",
            title="Dialogträff om kompetens",
            theme="Kompetens",
            description="Vi samtalar om kompetens.",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            location="Kulturhuset, Fjällby",
            capacity=20,
            is_published=True,
            facilitator_ids=[facilitator.id],
            invited_organisation_ids=[kommun.id],
        ),
    )
    meetings.register_attendance(
        db.session,
        facilitator,
        meeting.id,
        meetings.AttendanceData(organisation_ids=[kommun.id], participant_count=12, others=[("Kim Gäst", "Gymnasiet")]),
    )
    next_step = meetings.save_note(
        db.session,
        facilitator,
        meeting.id,
        meetings.NoteData(
            kind="next_step",
            body="Regionen bjuder in skolorna till ett uppföljningsmöte.",
            tags=["kompetens"],
            owner_name="Regionen",
            due_on=local_today() + timedelta(days=30),
            step_status="open",
            section_ids=[s2.id],
        ),
    )
    meetings.save_note(
        db.session,
        facilitator,
        meeting.id,
        meetings.NoteData(
            kind="challenge", body="Företagen hittar inte utbildad personal.", tags=["kompetens", "rekrytering"]
        ),
    )
    meetings.publish_notes(db.session, facilitator, meeting.id, [], now)
    meetings.save_note(
        db.session,
        facilitator,
        meeting.id,
        meetings.NoteData(kind="proposal", body="Ett utkast som inte är publicerat.", tags=[]),
    )
    document = meeting_files.add_document(
        db.session, facilitator, meeting.id, "Underlag", "underlag.pdf", PDF, Path(app.config["UPLOAD_DIR"])
    )
    past_start = local_days_from_today(-20, time(13), now)
    quiet = meetings.save_meeting(
        db.session,
        facilitator,
        process.id,
        meetings.MeetingData(
            kind="workshop",
            title="Verkstad om bostäder",
            theme="Bostäder",
            description="",
            starts_at=past_start,
            ends_at=past_start + timedelta(hours=3),
            is_published=True,
        ),
    )
    db.session.flush()

    run = analyse_by_hand(
        closed_round,
        {
            "Kollektivtrafik": [f"c{others['privat'].comments[0].id}", f"n{next_step.id}"]
            + [f"c{r.comments[0].id}" for r in campaign],
            "Kompetens": [f"c{others['foretag'].comments[0].id}"],
            "Bostäder": [f"c{late.comments[0].id}"],
        },
        campaigns=[[f"c{r.comments[0].id}" for r in campaign]],
    )
    db.session.add(
        Position(
            comment=others["foretag"].comments[0],
            decision=Decision.ACCEPTED,
            motivation="Strategin skärper målet för kompetensförsörjning.",
            acted_on_section_key=s2.key,
        )
    )
    db.session.add(Position(note=next_step, decision=Decision.NOTED, motivation="Tas med i handlingsplanen."))
    db.session.flush()
    publication.publish_compilation(
        db.session,
        SYSTEM,
        closed_round.id,
        now,
        readiness.readiness(db.session, SYSTEM, closed_round.id, now).checked(publish_unanswered=True),
    )
    # Version 2, revised after the closed round and published: the comparison page has each kind of
    # change to show, to everyone.
    revised = add_version(db.session, version.document, parse_markdown(REVISED_DRAFT))
    draft_publication.publish_version(db.session, SYSTEM, revised.id)
    # Version 3, a draft (utkast) the working group is writing: its pages are theirs and the admins'.
    draft = add_version(db.session, version.document, parse_markdown("# 1 Inledning\n\nUtkast till version 3.\n"))
    s.draft_section_key = draft.sections[0].key

    # Tokens: a colleague's invitation and a registration waiting for confirmation (and approval).
    invitation_token = outreach.invite_colleague(db.session, stakeholder, kommun.id, "kollega@fjallby.example", now)
    confirm_token = outreach.register(
        db.session,
        outreach.Registration(
            name="Rut Registrerad",
            email="rut@forening.example",
            password=PASSWORD,
            organisation_name="Nya föreningen",
            actor_type="civil_society",
            municipality="Fjällby",
        ),
        now,
    ).token

    # A user an admin created, who has not yet chosen a password through the e-mailed link.
    waiting = UserFactory(roles=["stakeholder"], email="vera@fjallby.example", name="Vera Väntar")
    db.session.flush()
    set_password_token = outreach.password_link(db.session, SYSTEM, waiting.id, now)

    # A background job that failed for good, for the jobs page's error and "Försök igen" button.
    failed_job = jobs_queue.enqueue(db.session, analysis_runs.ANALYSIS_JOB, {"run_id": 0}, max_attempts=1)
    jobs_queue.fail(db.session, jobs_queue.claim(db.session, "worker", failed_job.id), jobs_queue.UNEXPECTED)

    # A letter received by post before the closed round's deadline, registered by the coordinator after it.
    bergby = OrganisationFactory(name="Bergby kommun", email="registrator@bergby.example")
    registered = letter_registration.register_response(
        db.session,
        people["admin"],
        closed_round.id,
        letter_registration.IncomingResponse(
            received_on=local_today() - timedelta(days=2),
            organisation_id=bergby.id,
            diarienummer="RS 2026/0412",
            files=[("Yttrande Bergby.pdf", b"%PDF-1.4\n%%EOF\n")],
        ),
        now,
    ).response

    empty_process = ProcessFactory(code="RUS2050", title="Regional utvecklingsstrategi 2050")
    empty_process.facilitators.append(facilitator)
    empty_version = add_draft(empty_process, sections=2)
    empty_round = add_round(empty_process, empty_version, title="Remiss RUS 2050", access=RoundAccess.INVITED)
    # Its version 1 is adopted, for the adopted strategy's page (RUS2040's is not: a 404 that says so).
    db.session.add(
        Adoption(
            process=empty_process,
            version=empty_version,
            body="Regionfullmäktige",
            decided_on=local_today(),
            reference="§ 12, RS 2050/1",
        )
    )
    db.session.commit()
    # The closed round's compilation as Word files from their job: built (the download page) and
    # one still waiting for a worker (the progress page), for the working group and the public.
    review_file, public_file = (built_compilation_file(closed_round.id, public) for public in (False, True))
    waiting_file, _hand_on = compilation_files.request_file(
        db.session, compilation.build_compilation(db.session, SYSTEM, closed_round.id, "theme"), "sv", None
    )
    # An adopted strategy to follow up (issue 17): approved insatser with indicators, a proposal, an empty goal area.
    followed = ProcessFactory(code="UPPF2040", title="Regional utvecklingsstrategi, antagen")
    adoption = adopt(followed)
    area = adoption.version.sections
    for title, number, status, progress in [("Kompetenslyft", 2, "ongoing", 40), ("Cykelvägar", 0, "done", 100)]:
        followed_initiative = initiatives.create_initiative(
            db.session,
            SYSTEM,
            followed.code,
            InitiativeData(
                title=title,
                organisation_id=kommun.id,
                section_ids=[area[number].id],
                description="Kort beskrivning.\nPå två rader.",
                contact_name="Anna Aktör",
                contact_email="anna@fjallby.example",
                status=status,
                progress=progress,
                indicators=[IndicatorData("Deltagare", "personer", 10, 1200)],
            ),
            now,
        )
    proposal = initiatives.propose_initiative(
        db.session,
        people["stakeholder"],
        followed.code,
        InitiativeData(title="Föreslagen insats", organisation_id=kommun.id, section_ids=[area[3].id]),
        now,
    )
    council_pages = _councils(followed, adoption, people, kommun, followed_initiative, now)
    # A published period with a submitted report (the goal area's charts and comments), and an open one.
    autumn = periods.open_period(
        db.session, SYSTEM, followed.code, "Uppföljning 2026, hösten", local_today(now), "", now
    )
    autumn_lines = [
        reporting.LineInput(i.id, "ongoing", "50", "Det går framåt.", {ind.id: "600" for ind in i.indicators})
        for i in reporting.reported_initiatives(db.session, followed.id, kommun.id)
    ]
    reporting.submit_report(db.session, SYSTEM, followed.code, autumn.id, kommun.id, autumn_lines, now)
    periods.publish_period(db.session, SYSTEM, followed.code, autumn.id, now)
    period = periods.open_period(
        db.session,
        SYSTEM,
        followed.code,
        "Uppföljning 2027, våren",
        local_today(now) + timedelta(days=30),
        "14, 3",
        now,
    )
    db.session.commit()

    theme = next(t for t in run.themes if t.label == "Kollektivtrafik")
    s.__dict__.update(
        kommun=kommun.id,
        nybyggarna=nybyggarna.id,
        user=people["stakeholder"].id,
        open_round=open_round.id,
        closed_round=closed_round.id,
        empty_round=empty_round.id,
        filled=filled.id,
        letter=letter.id,
        review_file=review_file,
        public_file=public_file,
        waiting_file=waiting_file.id,
        registered=registered.id,
        empty=empty.id,
        late=late.id,
        public_response=others["foretag"].id,
        pending_run=pending_run.id,
        run=run.id,
        theme=theme.id,
        other_theme=next(t.id for t in run.themes if t.label == "Kompetens"),
        campaign=run.campaigns[0].id,
        comment=others["foretag"].comments[0].id,
        private_comment=others["privat"].comments[0].id,
        note=next_step.id,
        section=s2.id,
        section_key=s2.key,
        meeting=meeting.id,
        quiet_meeting=quiet.id,
        document=document.id,
        invitation_token=invitation_token,
        confirm_token=confirm_token,
        initiative=followed_initiative.id,
        proposal=proposal.id,
        period=period.id,
        goal_area=area[0].key,
        empty_goal_area=area[3].key,
        set_password_token=set_password_token,
        **council_pages,
        pending_org=db.session.scalar(select(Organisation.id).where(Organisation.name == "Nya föreningen")),
        search_text=db.session.scalar(
            select(SearchDocument.id).where(SearchDocument.comment_id == others["foretag"].comments[0].id)
        ),
    )
    return s


def _councils(process, adoption, people, kommun, initiative, now) -> dict:
    """A council convened by the coordinator, with the stakeholder's organisation in it, and two meetings:
    one with a published agenda (minutes, a decision, a commitment of Fjällby kommun), one with a draft."""
    council = councils.create_council(
        db.session,
        SYSTEM,
        process.code,
        councils.CouncilData("Regionala utvecklingsrådet", "regional", "", people["admin"].id),
        now,
    )
    councils.add_member(db.session, SYSTEM, council, organisation_id=kommun.id)
    councils.add_member(db.session, SYSTEM, council, user_id=people["facilitator"].id)
    made = {}
    for name, days in (("published", 20), ("draft", 50)):
        start = local_days_from_today(days, time(13))
        meeting = meetings.Meeting(
            process=process,
            kind="council",
            title=f"Rådsmöte om {days} dagar",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            is_published=True,
        )
        db.session.add(meeting)
        db.session.flush()
        councils.link_meeting(db.session, SYSTEM, council, meeting.id)
        area = adoption.version.sections[0].id
        item = agendas.add_item(
            db.session,
            SYSTEM,
            process.code,
            council.id,
            meeting.id,
            agendas.ItemData("Läget i målområdet", goal_area_id=area, initiative_ids=(initiative.id,)),
            now,
        )
        agendas.add_item(db.session, SYSTEM, process.code, council.id, meeting.id, agendas.ItemData("Nästa möte"), now)
        made[name] = (meeting, item)
    meeting, item = made["published"]
    agendas.publish_agenda(db.session, SYSTEM, process.code, council.id, meeting.id, now)
    agendas.record_minutes(
        db.session,
        SYSTEM,
        process.code,
        council.id,
        meeting.id,
        item.id,
        "Vi gick igenom läget.\nPå två rader.",
        "Rådet beslutar att gå vidare.",
        now,
    )
    agendas.add_commitment(
        db.session,
        SYSTEM,
        process.code,
        council.id,
        meeting.id,
        item.id,
        agendas.CommitmentData(kommun.id, "Ta fram en plan för yrkesvux."),
        now,
    )
    return {
        "council": council.id,
        "council_meeting": meeting.id,
        "draft_council_meeting": made["draft"][0].id,
        "draft_agenda_item": made["draft"][1].id,
    }


def _letter_in_review(response, section) -> Letter:
    """A read letter waiting for its sender's review: a letterhead and a comment of two paragraphs."""
    letter = Letter(
        response=response,
        filename="Yttrande från kommunen.pdf",
        kind="pdf",
        size_bytes=4,
        sha256="0" * 64,
        data=b"%PDF",
        pages=2,
        status=LetterStatus.READ,
        decision_body="Kommunstyrelsen",
        decision_paragraph="§ 12",
        warnings=[],
        ocr_pages=[],
    )
    letter.excerpts += [
        LetterExcerpt(
            position=0,
            text="Fjällby kommun\n\nKommunstyrelsen",
            paragraph_pages=[1, 1],
            kind=ExcerptKind.BOILERPLATE,
            reason="brevhuvud",
        ),
        LetterExcerpt(
            position=1,
            text="Kommunen vill ha tätare busstrafik.\n\nSärskilt på landsbygden.",
            paragraph_pages=[1, 2],
            kind=ExcerptKind.COMMENT,
            section=section,
            reason=f"nämner avsnitt {section.number}",
        ),
    ]
    db.session.add(letter)
    db.session.flush()
    return letter


def respond(
    round_,
    texts_by_section: dict,
    organisation=None,
    person=None,
    status=ResponseStatus.SUBMITTED,
    consent: bool = False,
) -> Response:
    """A response as it stood when submitted during the round (numbered apart from the service's counter)."""
    submitted = status != ResponseStatus.DRAFT
    response = Response(
        round=round_,
        organisation=organisation,
        person=person,
        created_by=person or UserFactory(roles=["stakeholder"]),
        status=status,
        reference=f"{round_.process.code}-1999-{next(_numbers):04d}" if submitted else None,
        submitted_at=round_.opens_at + timedelta(hours=1) if submitted else None,
        publish_name_consent=consent,
    )
    for section, text in texts_by_section.items():
        response.comments.append(Comment(section=section, body=text, submitted_body=text if submitted else None))
    db.session.add(response)
    db.session.flush()
    return response


REVISED_DRAFT = """# 1 Avsnitt 1

Text för avsnitt 1.

# 2 Avsnitt 2

Text för avsnitt 2, med kompetensförsörjningen först.

# 3 Avsnitt 3 och pendling

Ny text för avsnitt 3.

# 5 Klimat och energi

Ett klimatneutralt län år 2040.
"""


def pages_for(who: str, s) -> list[tuple[str, str, int]]:
    """(label, url, expected status) for every page `who` can open, in its filled and empty states."""
    public = [
        ("start page", "/", 200),
        ("process", "/process/RUS2040", 200),
        ("process, empty", "/process/RUS2050", 200),
        ("draft", "/process/RUS2040/forslag", 200),
        ("draft, version 1", "/process/RUS2040/forslag/v1", 200),
        ("comparison of versions", "/process/RUS2040/forslag/jamfor", 200),
        ("comparison, no changes", "/process/RUS2040/forslag/jamfor?fran=2&till=2", 200),
        ("adopted strategy", "/process/RUS2050/strategi", 200),
        ("adopted strategy, not adopted yet", "/process/RUS2040/strategi", 404),
        ("round", f"/remiss/{s.open_round}", 200),
        ("round, closed", f"/remiss/{s.closed_round}", 200),
        ("meetings", "/dialogtraffar", 200),
        ("meetings of a process", "/process/RUS2040/dialogtraffar", 200),
        ("meetings of a process, empty", "/process/RUS2050/dialogtraffar", 200),
        ("meeting", f"/dialogtraffar/{s.meeting}", 200),
        ("meeting without notes", f"/dialogtraffar/{s.quiet_meeting}", 200),
        ("next steps", "/process/RUS2040/nasta-steg", 200),
        ("next steps, empty", "/process/RUS2050/nasta-steg", 200),
        ("published compilation", f"/process/RUS2040/remiss/{s.closed_round}/sammanstallning", 200),
        (
            "published compilation by theme",
            f"/process/RUS2040/remiss/{s.closed_round}/sammanstallning?ordning=tema",
            200,
        ),
        (
            "published compilation by theme and stance",
            f"/process/RUS2040/remiss/{s.closed_round}/sammanstallning?ordning=tema&installning=ja",
            200,
        ),
        (
            "published compilation's Word file",
            f"/process/RUS2040/remiss/{s.closed_round}/sammanstallning/filer/{s.public_file}",
            200,
        ),
        ("published responses", f"/process/RUS2040/remiss/{s.closed_round}/svar", 200),
        ("published response", f"/process/RUS2040/remiss/{s.closed_round}/svar/{s.public_response}", 200),
        ("we asked, you answered, we did", f"/process/RUS2040/remiss/{s.closed_round}/vi-gjorde", 200),
        ("an adopted process with its årshjul", "/process/UPPF2040", 200),
        ("follow-up overview", "/process/UPPF2040/uppfoljning", 200),
        ("follow-up, a goal area", f"/process/UPPF2040/uppfoljning/mal/{s.goal_area}", 200),
        ("follow-up, an empty goal area", f"/process/UPPF2040/uppfoljning/mal/{s.empty_goal_area}", 200),
        ("follow-up, an insats", f"/process/UPPF2040/uppfoljning/insats/{s.initiative}", 200),
        ("councils", "/process/UPPF2040/uppfoljning/rad", 200),
        ("a council", f"/process/UPPF2040/uppfoljning/rad/{s.council}", 200),
        (
            "a council meeting's agenda by goal area",
            f"/process/UPPF2040/uppfoljning/rad/{s.council}/moten/{s.council_meeting}",
            200,
        ),
        ("about", "/om-tjansten", 200),
        ("accessibility statement", "/tillganglighet", 200),
        ("accessibility report form", "/tillganglighet/rapportera", 200),
        ("404 page", "/finns-inte", 404),
        ("invalid link (410)", "/inbjudan/ogiltig-lank", 410),
        ("405 page", "/logga-ut", 405),
        ("500 page", "/test/fel-500", 500),
    ]
    if who == "anonymous":
        return [
            *public,
            ("login", "/logga-in", 200),
            ("registration", "/registrera", 200),
            ("invitation: new account", f"/inbjudan/{s.invitation_token}", 200),
            ("confirm e-mail", f"/bekrafta/{s.confirm_token}", 200),
            ("choose a password", f"/valj-losenord/{s.set_password_token}", 200),
        ]
    pages = [*public, ("my start page", "/start", 200)]
    if who in ("admin", "working_group"):
        pages += [
            ("draft version 3 (utkast)", "/process/RUS2040/forslag/v3", 200),
            ("publish a version, confirm", "/process/RUS2040/forslag/v3/publicera", 200),
            ("write a version", "/process/RUS2040/forslag/v3/skriv", 200),
            ("new section", "/process/RUS2040/forslag/v3/avsnitt/ny", 200),
            ("edit a section", f"/process/RUS2040/forslag/v3/avsnitt/{s.draft_section_key}", 200),
            ("remove a section, confirm", f"/process/RUS2040/forslag/v3/avsnitt/{s.draft_section_key}/ta-bort", 200),
            ("what became of a response's points", f"/svar/{s.public_response}/hantering", 200),
        ]
    if who == "stakeholder":
        pages += [
            ("response, filled", f"/svar/{s.filled}", 200),
            ("receipt", f"/svar/{s.filled}/kvitto", 200),
            ("submitted version", f"/svar/{s.filled}/version/1", 200),
            ("response after the deadline (read only)", f"/svar/{s.late}", 200),
            ("decline", f"/remiss/{s.open_round}/avsta", 200),
            ("invite a colleague", f"/organisation/{s.kommun}/bjud-in", 200),
            ("change the organisation's contact", f"/organisation/{s.kommun}/kontakt", 200),
            ("withdraw, confirm", f"/svar/{s.filled}/aterkalla", 200),
            ("attach a letter", f"/svar/{s.filled}/brev", 200),
            ("propose an insats", "/process/UPPF2040/uppfoljning/foresla", 200),
            ("own proposal, waiting for approval", f"/process/UPPF2040/uppfoljning/insats/{s.proposal}", 200),
            ("report on the insatser", f"/process/UPPF2040/uppfoljning/perioder/{s.period}/rapport/{s.kommun}", 200),
            ("a letter to review", f"/brev/{s.letter}", 200),
            ("invitation for another address, signed in", f"/inbjudan/{s.invitation_token}", 403),
            ("403 page", "/admin/anvandare", 403),
        ]
    if who == "admin":
        pages += [
            ("mark a version adopted, form and confirm", "/process/RUS2040/forslag/v2/anta", 200),
            ("organisations", "/admin/organisationer", 200),
            ("new organisation", "/admin/organisationer/ny", 200),
            ("organisation", f"/admin/organisationer/{s.kommun}", 200),
            ("pending organisations", "/admin/organisationer/vantande", 200),
            ("users", "/admin/anvandare", 200),
            ("users, searched", "/admin/anvandare?q=kommun", 200),
            ("users, nothing found", "/admin/anvandare?q=qzxqzx", 200),
            ("organisations, searched", "/admin/organisationer?q=kommun", 200),
            ("new user", "/admin/anvandare/ny", 200),
            ("user", f"/admin/anvandare/{s.user}", 200),
            ("process admin", "/admin/processer/RUS2040", 200),
            ("process admin, empty", "/admin/processer/RUS2050", 200),
            ("import draft", "/admin/processer/RUS2040/forslag/importera", 200),
            ("new round", "/admin/processer/RUS2040/rundor/ny", 200),
            ("edit round", f"/admin/processer/RUS2040/rundor/{s.open_round}", 200),
            ("round overview", f"/admin/rundor/{s.open_round}", 200),
            ("round overview, empty", f"/admin/rundor/{s.empty_round}", 200),
            ("import invitations", f"/admin/rundor/{s.open_round}/remissinstanser", 200),
            ("insatser", "/admin/processer/UPPF2040/uppfoljning", 200),
            ("insatser, proposed", "/admin/processer/UPPF2040/uppfoljning?visa=foreslagna", 200),
            ("insatser, none rejected", "/admin/processer/UPPF2040/uppfoljning?visa=avslagna", 200),
            ("new insats", "/admin/processer/UPPF2040/uppfoljning/ny", 200),
            ("edit an insats", f"/admin/processer/UPPF2040/uppfoljning/insatser/{s.proposal}", 200),
            ("import insatser", "/admin/processer/UPPF2040/uppfoljning/importera", 200),
            (
                "a council meeting's draft agenda",
                f"/process/UPPF2040/uppfoljning/rad/{s.council}/moten/{s.draft_council_meeting}",
                200,
            ),
            (
                "change a point of a draft agenda",
                f"/process/UPPF2040/uppfoljning/rad/{s.council}/moten/{s.draft_council_meeting}/punkter/{s.draft_agenda_item}",
                200,
            ),
            ("reporting periods", "/admin/processer/UPPF2040/uppfoljning/perioder", 200),
            ("a reporting period's completeness", f"/admin/processer/UPPF2040/uppfoljning/perioder/{s.period}", 200),
            ("register a received response", f"/admin/rundor/{s.closed_round}/registrera-remissvar", 200),
            ("a registered response, not yet submitted", f"/svar/{s.registered}", 200),
            ("redact a comment", f"/arbetsgrupp/synpunkter/{s.private_comment}/maskering", 200),
            ("readiness to publish", f"/arbetsgrupp/rundor/{s.closed_round}/sammanstallning/publicera", 200),
            ("readiness, round still open", f"/arbetsgrupp/rundor/{s.open_round}/sammanstallning/publicera", 200),
            ("audit log", "/admin/logg", 200),
            ("audit log, filtered", f"/admin/logg?user={s.user}", 200),
            ("audit log, nothing found", "/admin/logg?from_day=2001-01-01&to_day=2001-01-02", 200),
            ("background jobs", "/admin/jobb", 200),
            ("background jobs, failed", "/admin/jobb?status=failed", 200),
            ("background jobs, none running", "/admin/jobb?status=running", 200),
        ]
    if who in ("admin", "facilitator"):
        pages += [
            ("manage meeting", f"/dialogtraffar/{s.meeting}/hantera", 200),
            ("manage meeting without notes", f"/dialogtraffar/{s.quiet_meeting}/hantera", 200),
            ("edit meeting", f"/dialogtraffar/{s.meeting}/andra", 200),
            ("new meeting", "/process/RUS2040/dialogtraffar/ny", 200),
            ("attendance", f"/dialogtraffar/{s.meeting}/narvaro", 200),
            ("attendance, empty", f"/dialogtraffar/{s.quiet_meeting}/narvaro", 200),
            ("new note", f"/dialogtraffar/{s.meeting}/anteckningar/ny", 200),
            ("edit note", f"/dialogtraffar/{s.meeting}/anteckningar/{s.note}", 200),
            ("notes page", f"/dialogtraffar/{s.meeting}/anteckningar", 200),
            ("notes page, empty", f"/dialogtraffar/{s.quiet_meeting}/anteckningar", 200),
            ("remove a note, confirm", f"/dialogtraffar/{s.meeting}/anteckningar/{s.note}/ta-bort", 200),
            ("remove a document, confirm", f"/dialogtraffar/{s.meeting}/dokument/{s.document}/ta-bort", 200),
        ]
    if who in ("admin", "working_group"):
        closed, run = s.closed_round, s.run
        pages += [
            ("notes of a process", "/arbetsgrupp/process/RUS2040/anteckningar", 200),
            ("notes, filtered", "/arbetsgrupp/process/RUS2040/anteckningar?kind=next_step", 200),
            ("notes of a process, empty", "/arbetsgrupp/process/RUS2050/anteckningar", 200),
            ("responses", f"/arbetsgrupp/rundor/{s.open_round}/svar", 200),
            (
                "responses, filtered",
                f"/arbetsgrupp/rundor/{s.open_round}/svar?actor_type=municipality&status=submitted",
                200,
            ),
            ("responses, empty", f"/arbetsgrupp/rundor/{s.empty_round}/svar", 200),
            ("a response", f"/arbetsgrupp/svar/{s.filled}", 200),
            ("a response, print", f"/arbetsgrupp/svar/{s.filled}?utskrift=1", 200),
            ("sections", f"/arbetsgrupp/rundor/{s.open_round}/avsnitt", 200),
            ("sections, empty", f"/arbetsgrupp/rundor/{s.empty_round}/avsnitt", 200),
            ("whole-document comments", f"/arbetsgrupp/rundor/{s.open_round}/avsnitt/helhet", 200),
            ("section comments", f"/arbetsgrupp/rundor/{s.open_round}/avsnitt/{s.section}", 200),
            ("analysis runs", f"/arbetsgrupp/rundor/{closed}/analys", 200),
            ("analysis runs, empty", f"/arbetsgrupp/rundor/{s.empty_round}/analys", 200),
            ("analysis in progress", f"/arbetsgrupp/analys/{s.pending_run}", 200),
            ("analysis", f"/arbetsgrupp/analys/{run}", 200),
            ("theme", f"/arbetsgrupp/analys/{run}/teman/{s.theme}", 200),
            ("theme, uncertain only", f"/arbetsgrupp/analys/{run}/teman/{s.theme}?osakra=1", 200),
            ("theme, one stance", f"/arbetsgrupp/analys/{run}/teman/{s.theme}?installning=andringar", 200),
            ("answering overview", f"/arbetsgrupp/analys/{run}/svara", 200),
            ("answer a theme", f"/arbetsgrupp/analys/{run}/teman/{s.theme}/svara", 200),
            ("answer a campaign", f"/arbetsgrupp/analys/{run}/kampanjer/{s.campaign}/svara", 200),
            ("unanswered", f"/arbetsgrupp/analys/{run}/obesvarade", 200),
            ("answer a comment", f"/arbetsgrupp/analys/{run}/synpunkter/{s.private_comment}", 200),
            ("answered comment", f"/arbetsgrupp/analys/{run}/synpunkter/{s.comment}", 200),
            ("answer a note", f"/arbetsgrupp/analys/{run}/anteckningar/{s.note}", 200),
            ("compilation", f"/arbetsgrupp/rundor/{closed}/sammanstallning", 200),
            ("compilation by theme", f"/arbetsgrupp/rundor/{closed}/sammanstallning?ordning=tema", 200),
            ("compilation, empty", f"/arbetsgrupp/rundor/{s.empty_round}/sammanstallning", 200),
            ("compilation's Word file", f"/arbetsgrupp/rundor/{closed}/sammanstallning/filer/{s.review_file}", 200),
            (
                "compilation's Word file being built",
                f"/arbetsgrupp/rundor/{closed}/sammanstallning/filer/{s.waiting_file}",
                200,
            ),
            (
                "section summary",
                f"/arbetsgrupp/rundor/{closed}/sammanstallning/avsnitt/{s.section_key}/sammanfattning",
                200,
            ),
            ("theme summary", f"/arbetsgrupp/rundor/{closed}/sammanstallning/teman/{s.theme}/sammanfattning", 200),
            ("search", "/arbetsgrupp/process/RUS2040/sok", 200),
            ("search, with hits", "/arbetsgrupp/process/RUS2040/sok?q=kollektivtrafik", 200),
            ("search, filtered", "/arbetsgrupp/process/RUS2040/sok?actor_type=municipality&unanswered=y", 200),
            ("search, nothing found", "/arbetsgrupp/process/RUS2040/sok?q=qzxqzx", 200),
            ("search, empty process", "/arbetsgrupp/process/RUS2050/sok", 200),
            ("search, query too long", "/arbetsgrupp/process/RUS2040/sok?q=" + "ord+" * 60, 422),
            ("similar texts", f"/arbetsgrupp/sok/texter/{s.search_text}/liknande", 200),
        ]
    return pages


def error_states(who: str, s) -> list[tuple[str, str, dict, str]]:
    """(label, url, values, button) of forms sent with invalid data: each must come back as 422 with a summary."""
    too_long = "Lång text. " * 700
    if who == "anonymous":
        return [
            ("login, wrong password", "/logga-in", {"email": "ingen@example.se", "password": "fel-losenord"}, "button"),
            ("login, empty", "/logga-in", {"email": "", "password": ""}, "button"),
            (
                "registration",
                "/registrera",
                {"name": "", "email": "fel", "password": "kort", "password_again": "annat"},
                "button[type=submit]",
            ),
            (
                "invitation: new account",
                f"/inbjudan/{s.invitation_token}",
                {"name": "", "password": "kort", "password_again": "annat"},
                "button[type=submit]",
            ),
            (
                "accessibility report",
                "/tillganglighet/rapportera",
                {"description": "", "email": "fel", "wants_answer": "y"},
                "button[type=submit]",
            ),
        ]
    if who == "stakeholder":
        return [
            (
                "response, too long a comment",
                f"/svar/{s.filled}",
                {"comment-whole": "Synpunkt. " * 5000},
                "button[value=save]",
            ),
            (
                "decline, too long a reason",
                f"/remiss/{s.open_round}/avsta",
                {"reason": too_long},
                "button[type=submit]",
            ),
            (
                "invite a colleague",
                f"/organisation/{s.kommun}/bjud-in",
                {"email": "inte-en-adress"},
                "button[type=submit]",
            ),
            (
                "propose an insats without a title or a goal area",
                "/process/UPPF2040/uppfoljning/foresla",
                {"title": "", "contact_email": "fel"},
                "button[type=submit]",
            ),
            (
                "a period's report with progress that is no number",
                f"/process/UPPF2040/uppfoljning/perioder/{s.period}/rapport/{s.kommun}",
                {"progress-" + str(s.initiative): "mycket"},
                "button[value=save]",
            ),
            (
                "report progress over 100 %",
                f"/process/UPPF2040/uppfoljning/insats/{s.initiative}",
                {"progress": "140"},
                "button[type=submit]",
            ),
        ]
    if who == "admin":
        return [
            (
                "organisation form",
                "/admin/organisationer/ny",
                {"name": "", "organisation_number": "1", "email": "fel"},
                "button[type=submit]",
            ),
            ("user form", "/admin/anvandare/ny", {"name": "", "email": "fel"}, "button[type=submit]"),
            (
                "round form",
                "/admin/processer/RUS2040/rundor/ny",
                {"title": "", "opens_on": "", "closes_on": ""},
                "button[type=submit]",
            ),
            (
                "import draft without a file",
                "/admin/processer/RUS2040/forslag/importera",
                {"title": ""},
                "button[value=preview]",
            ),
            (
                "new council without a name",
                "/process/UPPF2040/uppfoljning/rad",
                {"name": ""},
                "button[type=submit]",
            ),
            (
                "open a reporting period without a name or deadline",
                "/admin/processer/UPPF2040/uppfoljning/perioder",
                {"name": "", "deadline_on": ""},
                "button[type=submit]",
            ),
            (
                "import insatser without a file",
                "/admin/processer/UPPF2040/uppfoljning/importera",
                {"file": None},
                "button[value=preview]",
            ),
            (
                "import invitations without a file",
                f"/admin/rundor/{s.open_round}/remissinstanser",
                {"file": None},
                "button[value=preview]",
            ),
            (
                "register a received response without a date or a file",
                f"/admin/rundor/{s.closed_round}/registrera-remissvar",
                {"diarienummer": "RS 2026/1", "received_on": ""},
                "button[type=submit]",
            ),
            (
                "reminder schedule with days that are not numbers",
                f"/admin/rundor/{s.open_round}",
                {"days": "fjorton, sju"},
                "button[type=submit]",
            ),
            (
                "redaction without a passage",
                f"/arbetsgrupp/synpunkter/{s.private_comment}/maskering",
                {"passage": "", "reason": ""},
                "button[type=submit]",
            ),
        ]
    if who == "facilitator":
        return [
            (
                "meeting form",
                "/process/RUS2040/dialogtraffar/ny",
                {"title": "", "starts_on": "", "online_url": "ftp://fel", "capacity": "0"},
                "button[type=submit]",
            ),
            ("note form", f"/dialogtraffar/{s.meeting}/anteckningar/ny", {"body": ""}, "button[type=submit]"),
            (
                "notes page, a row with tags and no text",
                f"/dialogtraffar/{s.meeting}/anteckningar",
                {"opportunity-1-tags": "bara taggar"},
                "button[value=save]",
            ),
            (
                "attendance form",
                f"/dialogtraffar/{s.meeting}/narvaro",
                {"participant_count": "-3"},
                "button[type=submit]",
            ),
            (
                "document without a file",
                f"/dialogtraffar/{s.meeting}/hantera",
                {"title": "Underlag"},
                "button[type=submit]",
            ),
        ]
    if who == "working_group":
        return [
            (
                "analysis with one theme",
                f"/arbetsgrupp/rundor/{s.closed_round}/analys",
                {"n_themes": "1"},
                "button[type=submit]",
            ),
            (
                "position without a motivation",
                f"/arbetsgrupp/analys/{s.run}/synpunkter/{s.private_comment}",
                {"decision": "not_accepted", "motivation": ""},
                "button[value=save]",
            ),
            (
                "theme answer without a decision",
                f"/arbetsgrupp/analys/{s.run}/teman/{s.theme}/svara",
                {"motivation": "Motivering."},
                "button[type=submit]",
            ),
            (
                "theme without a name",
                f"/arbetsgrupp/analys/{s.run}/teman/{s.other_theme}",
                {"label": ""},
                "button[type=submit]",
            ),
            (
                "section summary, too long",
                f"/arbetsgrupp/rundor/{s.closed_round}/sammanstallning/avsnitt/{s.section_key}/sammanfattning",
                {"text": "Sammanfattning. " * 2000},
                "button[type=submit]",
            ),
        ]
    return []


DRAFT_MD = (
    "# 1 Inledning\n\nRegionen ska växa.\n\n## 1.1 Syfte\n\nStrategin pekar ut riktningen.\n\n"
    "# 2 Kompetens\n\nFler ska utbildas.\n"
)
INVITATIONS_CSV = (
    "Namn;Aktörstyp;Kommun;Organisationsnummer;E-post\n"
    "Västerfjälls universitet;akademi;Norrlid;2021005555;info@vfu.example\n"
    "Trasig rad;rymdvarelse;;12345;inte-en-adress\n"
)

REFLOW_PAGES = {
    "anonymous": [
        "/",
        "/process/RUS2040",
        "/process/RUS2040/forslag",
        "/process/RUS2040/forslag/jamfor",
        "/process/RUS2050/strategi",
        "/dialogtraffar",
        "/tillganglighet",
        "/tillganglighet/rapportera",
        "/logga-in",
        "/registrera",
        "/process/UPPF2040/uppfoljning",
        "/process/UPPF2040/uppfoljning/mal/{goal_area}",
        "/process/UPPF2040/uppfoljning/insats/{initiative}",
    ],
    "stakeholder": [
        "/start",
        "/svar/{filled}",
        "/svar/{late}",
        "/remiss/{open_round}",
        "/process/UPPF2040/uppfoljning/foresla",
    ],
    "working_group": [
        "/arbetsgrupp/rundor/{open_round}/svar",
        "/arbetsgrupp/analys/{run}",
        "/arbetsgrupp/analys/{run}/teman/{theme}",
        "/arbetsgrupp/rundor/{closed_round}/sammanstallning",
    ],
    "facilitator": ["/dialogtraffar/{meeting}/hantera", "/dialogtraffar/{meeting}/anteckningar/ny"],
    "admin": ["/admin/anvandare", "/admin/rundor/{open_round}", "/admin/processer/UPPF2040/uppfoljning"],
}

NOT_HTML = {
    "static",
    "crash",
    "themes.status",
    "meetings.download",
    "review.export_csv",
    "review.export_xlsx",
    "letters.original",  # the letter as received (tests/letters/test_letters_web.py)
    "letters.status",  # the reading's progress, JSON
    "remiss.submission_pdf",  # the PDF copy of a submitted response (tests/remiss/test_receipt_pdf.py)
    "compilation.review_download",
    "compilation.review_file_download",
    "compilation.public_file_download",
    "compilation.public_download",
    "main.compare_docx",
    "main.strategy_docx",  # the adopted strategy as Word (tests/drafts/test_adopted_strategy.py)
    "followup_admin.export",  # the insatser as .xlsx (tests/followup/test_sheets.py)
    "followup_reports.annual",  # a period's annual report as .docx/.xlsx (tests/followup/test_period_pages.py)
    # Open data: JSON and a zip of CSV files (tests/compilation/test_open_data.py).
    "api.processes",
    "api.process",
    "api.version",
    "api.responses",
    "api.positions",
    "api.bundle",
}
