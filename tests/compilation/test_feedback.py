"""Telling every respondent what became of their points: their own page and one e-mail per publication."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.jobs import runner
from app.mail import outbox_messages
from consultation.audit import Action, AuditEvent
from consultation.drafts import publication as drafts_publication
from consultation.drafts.writing import start_next_version
from consultation.people import Role
from consultation.people.access import SYSTEM
from consultation.remiss import ResponseSubmission
from consultation.review import Decision, FeedbackMail, Position, feedback, publication
from consultation.review.readiness import Checked

from ..htmlcheck import problems
from .test_publication import publish


@pytest.fixture
def answered(world, make_user, db_session):
    """The municipality's member who submitted, and a position on its second point acted on in section 2."""
    submitter = make_user(
        Role.STAKEHOLDER, organisations=[world.orgs["kommun"]], email="kommun@fjallby.example", name="Kim Kommun"
    )
    response = world.responses["kommun"]
    db_session.add(
        ResponseSubmission(
            response=response, number=1, submitted_at=response.submitted_at, submitted_by=submitter, snapshot=[]
        )
    )
    db_session.add(
        Position(
            comment=world.comment("kommun", 1),
            decision=Decision.PARTLY,
            motivation="En tidsplan tas fram i handlingsplanen.",
            acted_on_section_key=world.version.sections[1].key,
        )
    )
    db_session.commit()
    return submitter


def feedback_mails(outbox) -> list:
    return [m for m in outbox_messages(outbox) if "hanterats" in m["Subject"]]


def test_publishing_mails_every_respondent_a_link_to_their_points_once(
    client, auth, admin, post, world, answered, outbox, db_session
):
    auth.login_as(admin)
    publish(client, post, world)
    mails = feedback_mails(outbox)
    to = sorted(m["To"] for m in mails)
    # The municipality's submitter and the two private persons; organisations with no submitter have no address.
    assert "kommun@fjallby.example" in to
    assert len(to) == len(set(to))
    kommun = next(m for m in mails if m["To"] == "kommun@fjallby.example")
    body = kommun.get_content()
    assert f"/svar/{world.responses['kommun'].id}/hantering" in body
    assert world.responses["kommun"].reference in body

    # Publishing again (a newer analysis) is the same publication: nobody is mailed twice.
    publish(client, post, world)
    assert len(feedback_mails(outbox)) == len(mails)
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == Action.FEEDBACK_MAILED))
    assert event is not None and event.details["sent"] == len(mails)


def test_a_job_run_again_after_a_worker_died_mails_only_those_not_yet_mailed(app, world, answered, outbox, db_session):
    now = datetime.now(UTC)
    checked = Checked(run_id=world.run.id, unanswered=_unanswered(db_session, world), publish_unanswered=True)
    publication.publish_compilation(db_session, SYSTEM, world.round.id, now, checked)
    db_session.commit()
    published_at = world.round.compilation_published_at
    due = feedback.feedback_due(db_session, world.round.id, published_at)
    assert len(due) >= 2
    # The first mail went out and was recorded before the worker died.
    from app.mail import budget

    assert feedback.record_feedback_mail(db_session, budget(), due[0], published_at, now)
    db_session.commit()

    from app.compilation.feedback import KIND, parameters
    from app.jobs import add

    job = add(KIND, parameters(world.round))
    db_session.commit()
    while runner.run_one(job.id, heartbeat_thread=False):
        pass
    mailed = [m["To"] for m in feedback_mails(outbox)]
    assert due[0].email not in mailed
    assert sorted(mailed) == sorted(d.email for d in due[1:])
    assert db_session.query(FeedbackMail).count() == len(due)


def test_unpublishing_and_publishing_anew_tells_respondents_again(client, auth, admin, post, world, answered, outbox):
    auth.login_as(admin)
    publish(client, post, world)
    first = len(feedback_mails(outbox))
    post(f"/arbetsgrupp/rundor/{world.round.id}/sammanstallning/avpublicera", {})
    publish(client, post, world)
    assert len(feedback_mails(outbox)) == 2 * first


def _unanswered(session, world) -> int:
    from consultation.review.readiness import unanswered_count

    return unanswered_count(session, world.round, world.run)


def test_the_respondent_sees_each_point_with_its_position_motivation_and_changed_section(
    client, auth, admin, member, post, world, answered, db_session
):
    auth.login_as(admin)
    publish(client, post, world)
    # The working group has published version 2, in which the acted-on section still has its key.
    v2 = start_next_version(db_session, member, world.process.id)
    db_session.commit()
    drafts_publication.publish_version(db_session, member, v2.id)
    db_session.commit()
    auth.logout()

    auth.login_as(answered)
    page = client.get(f"/svar/{world.responses['kommun'].id}/hantering")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Era synpunkter och hur de har hanterats" in html
    assert "Kommunen vill ha tätare busstrafik på landsbygden." in html
    assert "Strategin skärper målet för kollektivtrafik." in html  # the position on the first point
    assert "Beaktas delvis" in html and "En tidsplan tas fram i handlingsplanen." in html
    section = world.version.sections[1]
    assert f"/process/{world.process.code}/forslag/v{v2.number}#avsnitt-{section.number}" in html
    assert not problems(html)
    # The respondent's own page links to it once the compilation is published.
    edit = client.get(f"/svar/{world.responses['kommun'].id}").get_data(as_text=True)
    assert f"/svar/{world.responses['kommun'].id}/hantering" in edit


def test_after_the_deadline_the_round_page_still_leads_a_respondent_to_their_answer_and_its_handling(
    client, auth, admin, post, world, answered
):
    """Without it a respondent who lost the e-mail could not reach their closed round's answer at all."""
    response_url = f"/svar/{world.responses['kommun'].id}"
    auth.login_as(answered)
    before = client.get(f"/remiss/{world.round.id}").get_data(as_text=True)
    assert "har stängt" in before and f'href="{response_url}"' in before
    assert f"{response_url}/hantering" not in before  # nothing to show until the compilation is published
    auth.logout()
    auth.login_as(admin)
    publish(client, post, world)
    auth.logout()
    auth.login_as(answered)
    after = client.get(f"/remiss/{world.round.id}").get_data(as_text=True)
    assert f'href="{response_url}/hantering"' in after and "Se hur era synpunkter har hanterats" in after
    assert not problems(after)


def test_nobody_else_reads_a_respondents_points_and_nobody_before_publication(
    client, auth, admin, post, world, answered, make_user
):
    url = f"/svar/{world.responses['kommun'].id}/hantering"
    auth.login_as(answered)
    assert client.get(url).status_code == 404  # not published yet
    auth.logout()
    auth.login_as(admin)
    publish(client, post, world)
    auth.logout()
    other = make_user(Role.STAKEHOLDER, organisations=[world.orgs["foretag"]], email="buss@fjallby.example")
    auth.login_as(other)
    assert client.get(url).status_code == 404
    auth.logout()
    assert client.get(url).status_code in (302, 401)  # anonymous: to the login page
    auth.login_as(make_user(Role.WORKING_GROUP, email="wg@region.example"))
    assert client.get(url).status_code == 200


def test_the_page_shows_user_text_as_text(client, auth, admin, post, world, answered, db_session):
    world.comment("kommun").submitted_body = "<script>alert(1)</script> bussen"
    db_session.commit()
    auth.login_as(admin)
    publish(client, post, world)
    html = client.get(f"/svar/{world.responses['kommun'].id}/hantering").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; bussen" in html


def test_a_withdrawn_response_gets_no_page(client, auth, admin, post, world):
    auth.login_as(admin)
    publish(client, post, world)
    assert client.get(f"/svar/{world.responses['aterkallar'].id}/hantering").status_code == 404


def test_nothing_is_due_for_a_publication_that_is_not_the_current_one(world, db_session):
    assert feedback.feedback_due(db_session, world.round.id, datetime.now(UTC) - timedelta(days=1)) == []
