"""The command-line tools an operator uses: `flask users create`, `flask demo load`."""

from __future__ import annotations

import tomllib

from sqlalchemy import func, select

from app.demo.responses import DATA_FILE as DEMO_RESPONSES
from consultation.drafts import Process
from consultation.people import ActorType, Organisation, Role, User
from consultation.people.accounts import authenticate
from consultation.remiss import Comment, ConsultationRound, Response
from consultation.timezones import local_today

from .factories import OrganisationFactory


def test_users_create_makes_an_account_that_can_log_in(runner, db_session):
    org = OrganisationFactory(name="Åhamns kommun")
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--name",
            "Anna Svensson",
            "--email",
            "Anna@Example.se",
            "--role",
            "stakeholder",
            "--role",
            "facilitator",
            "--organisation",
            org.name,
            "--password",
            "ett-bra-losenord",
        ]
    )
    assert result.exit_code == 0, result.output
    user = authenticate(db_session, "anna@example.se", "ett-bra-losenord")
    assert user is not None
    assert user.roles == {Role.STAKEHOLDER, Role.FACILITATOR}
    assert [o.name for o in user.organisations] == ["Åhamns kommun"]


def test_users_create_reports_problems_in_swedish_and_creates_nothing(runner, db_session):
    result = runner.invoke(
        args=["users", "create", "--name", "Kort", "--email", "kort@example.se", "--password", "kort"]
    )
    assert result.exit_code != 0
    assert "minst 10 tecken" in result.output
    assert db_session.scalar(select(User).where(User.email == "kort@example.se")) is None


def test_users_create_refuses_an_unknown_organisation(runner, db_session):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--name",
            "Per",
            "--email",
            "per@example.se",
            "--organisation",
            "Finns Inte AB",
            "--password",
            "ett-bra-losenord",
        ]
    )
    assert result.exit_code != 0
    assert "Finns Inte AB" in result.output


def test_demo_load_builds_the_open_demo_round_once(runner, db_session):
    first = runner.invoke(args=["demo", "load", "--if-empty"])
    assert first.exit_code == 0, first.output
    assert "RUS2040" in first.output

    process = db_session.scalar(select(Process).where(Process.code == "RUS2040"))
    assert process is not None
    today = local_today()
    current = process.current_phase(today)
    assert current is not None and current.kind == "drafting_remiss"
    sections = process.documents[0].latest_version.sections
    assert len(sections) >= 15
    top_level = [s for s in sections if s.level == 1]
    assert sum("Målområde" in s.heading for s in top_level) == 3

    actor_types = set(db_session.scalars(select(Organisation.actor_type)))
    assert actor_types >= {t.value for t in ActorType if t != ActorType.PRIVATE_PERSON}
    assert db_session.scalar(select(func.count()).select_from(Organisation)) >= 25

    round_ = db_session.scalar(select(ConsultationRound).where(ConsultationRound.process_id == process.id))
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    assert round_.opens_at < now < round_.closes_at
    assert round_.closes_at - now > timedelta(days=7)

    roles = {role for user in db_session.scalars(select(User)) for role in user.roles}
    assert roles == set(Role)
    assert authenticate(db_session, "admin@samrad.example", "samrad-demo-2040") is not None

    submitted = db_session.scalars(select(Response).where(Response.status == "submitted")).all()
    assert len(submitted) >= 55
    comments = db_session.scalars(select(Comment).where(Comment.submitted_body.is_not(None))).all()
    bodies = {c.submitted_body for c in comments}
    written = tomllib.loads(DEMO_RESPONSES.read_text(encoding="utf-8"))
    # Every sender's text arrives whole, as written in the data file: nothing composed at load time.
    assert {c["text"].strip() for r in written["responses"] for c in r["comments"]} <= bodies
    assert any(c.submitted_body.isascii() and " the " in c.submitted_body for c in comments)  # some English
    # The campaign: each sender varied the form letter a little, none its second sentence.
    second_sentence = written["campaign"]["text"].split("! ")[1].split(". ")[0]
    campaign = [c for c in comments if second_sentence in c.submitted_body]
    assert len(campaign) == len(written["campaign"]["senders"])
    senders = {r.organisation.actor_type if r.organisation else "private_person" for r in submitted}
    assert senders == {t.value for t in ActorType}
    references = [r.reference for r in submitted]
    assert len(set(references)) == len(references)

    from consultation.meetings import Meeting

    all_meetings = db_session.scalars(select(Meeting)).all()
    past_dialogues = [m for m in all_meetings if m.kind == "dialogue" and m.ends_at < now]
    assert len(past_dialogues) == 4
    for meeting in past_dialogues:
        assert 8 <= len([a for a in meeting.attendances if a.organisation_id]) <= 15
        assert 15 <= len([n for n in meeting.notes if n.status == "published"]) <= 25
    # RUS 2040's council meetings; RUS 2030's two, with their agendas, are tests/demo/test_earlier_process.py's.
    councils = [m for m in all_meetings if m.kind == "council" and m.process.code == "RUS2040"]
    assert len(councils) == 2
    assert {n.step_status for m in councils for n in m.notes if n.kind == "next_step"} == {
        "open",
        "in_progress",
        "done",
    }
    upcoming = [m for m in all_meetings if m.starts_at > now and m.process.code == "RUS2040"]
    assert len(upcoming) == 2 and all(m.signups for m in upcoming)

    second = runner.invoke(args=["demo", "load", "--if-empty"])
    assert second.exit_code == 0
    assert set(db_session.scalars(select(Process.code))) == {"RUS2040", "RUS2030"}  # the earlier process once too


def test_demo_accounts_lists_one_account_per_role(runner, db_session):
    runner.invoke(args=["demo", "load"])
    result = runner.invoke(args=["demo", "accounts"])
    assert result.exit_code == 0
    for email in ("admin@", "processledare@", "arbetsgrupp@", "aktor@", "privatperson@"):
        assert email in result.output


def test_demo_prepare_sets_up_the_demo_once_and_analyses_it_once(app, runner, db_session, monkeypatch):
    monkeypatch.setitem(app.config, "ANALYSIS_USE_EMBEDDINGS", False)  # lexical vectors: the same steps, faster
    first = runner.invoke(args=["demo", "prepare"])
    assert first.exit_code == 0, first.output
    assert "Demodata laddad" in first.output and "Analys " in first.output and "admin@samrad.example" in first.output
    from consultation.review import AnalysisRun, RunStatus

    # The earlier process's round is analysed by `demo load` itself, the open round by `demo analyse`.
    runs = db_session.scalars(select(AnalysisRun).order_by(AnalysisRun.id)).all()
    assert [(run.round.process.code, run.status) for run in runs] == [
        ("RUS2030", RunStatus.DONE),
        ("RUS2040", RunStatus.DONE),
    ]
    # The open round's remissvar hold one campaign, and the analysis finds it once, with all its senders.
    senders = tomllib.loads(DEMO_RESPONSES.read_text(encoding="utf-8"))["campaign"]["senders"]
    [campaign] = runs[1].campaigns
    assert sorted(item.sender for item in campaign.items) == sorted(s["name"] for s in senders)

    second = runner.invoke(args=["demo", "prepare"])
    assert second.exit_code == 0, second.output
    assert "redan data" in second.output and "redan en temaanalys" in second.output
    assert "admin@samrad.example" in second.output
    assert db_session.scalar(select(func.count()).select_from(AnalysisRun)) == 2
