"""Who may read, edit, publish and redact the compilation; nothing unpublished reaches the public."""

from __future__ import annotations

import pytest

from consultation.people import Role
from consultation.remiss import ConsultationRound
from consultation.review import Redaction, SectionSummary

from .conftest import public_url, review_url

ROLES = [(None, 302), (Role.STAKEHOLDER, 403), (Role.FACILITATOR, 403), (Role.WORKING_GROUP, 200), (Role.ADMIN, 200)]


@pytest.mark.parametrize("role, status", ROLES)
def test_only_the_working_group_and_admins_read_the_compilation(client, auth, make_user, world, role, status):
    if role is not None:
        auth.login_as(make_user(role))
    base = f"/arbetsgrupp/rundor/{world.round.id}/sammanstallning"
    section_key = world.version.sections[0].key
    theme = world.run.themes[0]
    for url in (
        review_url(world),
        review_url(world, "tema"),
        base + ".docx",
        base + ".xlsx",
        base + ".csv",
        f"{base}/avsnitt/{section_key}/sammanfattning",
        f"{base}/teman/{theme.id}/sammanfattning",
    ):
        response = client.get(url)
        assert response.status_code == status, url
        if status == 302:
            assert "/logga-in" in response.headers["Location"]
        if status == 403:
            assert "Kommunen vill ha tätare busstrafik" not in response.get_data(as_text=True)


@pytest.mark.parametrize("role, status", [(Role.STAKEHOLDER, 403), (Role.FACILITATOR, 403)])
def test_others_cannot_write_a_summary(client, auth, make_user, world, post, db_session, role, status):
    auth.login_as(make_user(role))
    url = f"/arbetsgrupp/rundor/{world.round.id}/sammanstallning/avsnitt/{world.version.sections[0].key}/sammanfattning"
    assert post(url, {"text": "Intrång", "revision": "0"}).status_code == status
    assert db_session.query(SectionSummary).count() == 0


@pytest.mark.parametrize("role", [None, Role.STAKEHOLDER, Role.FACILITATOR, Role.WORKING_GROUP])
def test_only_an_admin_publishes_unpublishes_and_redacts(client, auth, make_user, world, post, db_session, role):
    if role is not None:
        auth.login_as(make_user(role))
    round_url = f"/arbetsgrupp/rundor/{world.round.id}/sammanstallning"
    redact_url = f"/arbetsgrupp/synpunkter/{world.comment('privat').id}/maskering"
    # Anonymous: to the login page (a posted form with text is given back with a 401 instead).
    expected = (302, 401) if role is None else (403,)
    for response in (
        post(round_url + "/publicera"),
        post(round_url + "/avpublicera"),
        client.get(redact_url),
        post(redact_url, {"passage": "19800101-1234", "reason": "Personnummer"}),
    ):
        assert response.status_code in expected
        if response.status_code == 302:
            assert "/logga-in" in response.headers["Location"]
    db_session.expire_all()
    assert db_session.get(ConsultationRound, world.round.id).compilation_published_at is None
    assert db_session.query(Redaction).count() == 0
    if role == Role.WORKING_GROUP:  # the group reads the compilation but is offered no publish button
        html = client.get(review_url(world)).get_data(as_text=True)
        assert "Publicera sammanställningen" not in html and "Samordnaren publicerar" in html
        assert "maskering" not in html


@pytest.mark.parametrize("role", [None, Role.STAKEHOLDER, Role.FACILITATOR, Role.WORKING_GROUP, Role.ADMIN])
def test_public_pages_do_not_exist_until_published(client, auth, make_user, world, role):
    if role is not None:
        auth.login_as(make_user(role))
    for suffix in (
        "sammanstallning",
        "sammanstallning.docx",
        "sammanstallning.xlsx",
        "sammanstallning.csv",
        "svar",
        f"svar/{world.responses['kommun'].id}",
    ):
        response = client.get(public_url(world, suffix))
        assert response.status_code == 404, suffix
        assert "Kommunen vill ha" not in response.get_data(as_text=True)


def test_a_round_of_another_process_is_not_found_under_this_one(client, world, db_session):
    from ..factories import ProcessFactory

    world.round.compilation_published_at = world.round.closes_at
    other = ProcessFactory(code="ANNAN")
    db_session.commit()
    assert client.get(public_url(world)).status_code == 200
    assert client.get(f"/process/{other.code}/remiss/{world.round.id}/sammanstallning").status_code == 404
