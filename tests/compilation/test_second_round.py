"""A second round on a new version: beside each section, what changed and what was said in the earlier round."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from consultation.drafts import publication as drafts_publication
from consultation.drafts.writing import SectionEdit, save_section, start_next_version
from consultation.people import Role
from consultation.remiss import ResponseStatus, RoundAccess
from consultation.review import Decision, Position

from ..factories import OrganisationFactory, ProcessFactory, add_draft, add_round
from ..htmlcheck import problems
from .conftest import respond

EARLIER_TEXT = "Kommunen vill ha tätare busstrafik på landsbygden."
OTHER_TEXT = "Bussbolaget vill ha fler depåer."
MOTIVATION = "Målet för kollektivtrafik skärps i version 2."


@pytest.fixture
def second_round(db_session, make_user):
    now = datetime.now(UTC)
    process = ProcessFactory(code="RUS2060")
    v1 = add_draft(process, sections=3)
    first = add_round(
        process,
        v1,
        title="Första remissrundan",
        access=RoundAccess.OPEN,
        opens_at=now - timedelta(days=90),
        closes_at=now - timedelta(days=60),
    )
    kommun = OrganisationFactory(name="Fjällby kommun")
    buss = OrganisationFactory(name="Fjällby Buss AB")
    s1 = v1.sections[0]
    earlier = respond(first, {s1: EARLIER_TEXT}, organisation=kommun)
    buss_first = respond(first, {s1: OTHER_TEXT}, organisation=buss)
    db_session.add(Position(comment=earlier.comments[0], decision=Decision.ACCEPTED, motivation=MOTIVATION))
    db_session.commit()

    writer = make_user(Role.WORKING_GROUP, email="skrivare@region.example")
    v2 = start_next_version(db_session, writer, process.id)
    db_session.commit()
    changed = v2.sections[0]
    save_section(
        db_session,
        writer,
        v2.id,
        changed.key,
        SectionEdit(
            heading=changed.heading,
            body=changed.body + "\n\nTätare trafik på landsbygden.",
            number=changed.number,
            level=changed.level,
            base_revision=changed.revision,
        ),
    )
    db_session.commit()
    drafts_publication.publish_version(db_session, writer, v2.id)
    second = add_round(process, v2, title="Andra remissrundan", access=RoundAccess.OPEN)
    member = make_user(Role.STAKEHOLDER, organisations=[kommun], email="kim@fjallby.example")
    response = respond(second, {}, organisation=kommun, status=ResponseStatus.DRAFT)
    response.created_by = member
    db_session.commit()
    return {
        "first": first,
        "v1": v1,
        "v2": v2,
        "member": member,
        "response": response,
        "buss": buss,
        "buss_first": buss_first,
    }


def test_each_section_says_what_changed_and_the_earlier_count_once_published(client, auth, second_round, db_session):
    second_round["first"].compilation_published_at = datetime.now(UTC) - timedelta(days=10)
    db_session.commit()
    auth.login_as(second_round["member"])
    html = client.get(f"/svar/{second_round['response'].id}").get_data(as_text=True)
    assert not problems(html)
    assert "Ändrat sedan version 1." in html
    assert html.count("Oförändrat sedan version 1.") == 2
    assert "Avsnittet fick 2 synpunkter i Första remissrundan." in html
    # The organisation's own earlier point, with the position it got.
    assert EARLIER_TEXT in html and MOTIVATION in html and "Beaktas" in html
    # Nobody else's earlier text.
    assert OTHER_TEXT not in html


def test_before_the_earlier_compilation_is_published_only_the_own_text_is_shown(client, auth, second_round):
    auth.login_as(second_round["member"])
    html = client.get(f"/svar/{second_round['response'].id}").get_data(as_text=True)
    assert EARLIER_TEXT in html
    assert MOTIVATION not in html and "Avsnittet fick" not in html


def test_another_organisation_sees_only_its_own_earlier_points(client, auth, second_round, make_user, db_session):
    second_round["first"].compilation_published_at = datetime.now(UTC) - timedelta(days=10)
    other = make_user(Role.STAKEHOLDER, organisations=[second_round["buss"]], email="bo@buss.example")
    response = respond(
        second_round["response"].round, {}, organisation=second_round["buss"], status=ResponseStatus.DRAFT
    )
    response.created_by = other
    db_session.commit()
    auth.login_as(other)
    html = client.get(f"/svar/{response.id}").get_data(as_text=True)
    assert OTHER_TEXT in html and EARLIER_TEXT not in html and MOTIVATION not in html


def test_a_first_round_shows_no_history(client, auth, second_round, make_user):
    member = make_user(Role.STAKEHOLDER, organisations=[second_round["buss"]], email="b2@buss.example")
    auth.login_as(member)
    html = client.get(f"/svar/{second_round['buss_first'].id}").get_data(as_text=True)
    assert OTHER_TEXT in html
    assert "sedan version" not in html
