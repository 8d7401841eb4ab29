"""The readiness page before publishing: each rule, publishing only from it, and what the public then reads."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from docx import Document

from consultation.errors import NotAllowed, ValidationFailed
from consultation.remiss import ConsultationRound
from consultation.review import Decision, Position, publication, readiness, theme_edits
from consultation.review.readiness import Checked

from ..htmlcheck import problems
from .conftest import PRIVATE_NAME, public_url
from .test_publication import publish, readiness_fields

UNANSWERED = 7  # the world: the municipality's first comment and the note have a position, nothing else


def readiness_url(world, suffix: str = "") -> str:
    return f"/arbetsgrupp/rundor/{world.round.id}/sammanstallning/publicera{suffix}"


def answer_everything(db_session, world) -> None:
    answered = {p.comment_id for p in db_session.query(Position) if p.comment_id}
    for response in world.responses.values():
        for comment in response.comments:
            if comment.id not in answered:
                db_session.add(Position(comment=comment, decision=Decision.NOTED, motivation="Noteras."))
    db_session.commit()


def is_published(db_session, world) -> bool:
    db_session.expire_all()
    return db_session.get(ConsultationRound, world.round.id).compilation_published_at is not None


# --- the rules ------------------------------------------------------------------------------


def test_the_deadline_must_have_passed(db_session, admin, world):
    now = datetime.now(UTC)
    assert readiness.readiness(db_session, admin, world.round.id, now).deadline_passed
    world.round.closes_at = now + timedelta(hours=1)
    assert not readiness.readiness(db_session, admin, world.round.id, now).deadline_passed


def test_points_without_a_position_are_counted_listed_and_linked(db_session, admin, world):
    found = readiness.readiness(db_session, admin, world.round.id, datetime.now(UTC))
    assert found.unanswered_total == UNANSWERED
    keys = {point.key for point in found.unanswered.items}
    assert world.key("kommun") not in keys and f"n{world.note.id}" not in keys  # answered
    assert {world.key("kommun", 1), world.key("foretag"), world.key("privat")} <= keys
    assert all(point.in_run for point in found.unanswered.items)  # every one can be answered in the analysis
    answer_everything(db_session, world)
    assert readiness.readiness(db_session, admin, world.round.id, datetime.now(UTC)).unanswered_total == 0


def test_the_list_of_unanswered_points_is_paged(client, auth, admin, world, monkeypatch):
    monkeypatch.setattr(readiness, "PER_PAGE", 3)
    auth.login_as(admin)
    html = client.get(readiness_url(world, "?sida=3")).get_data(as_text=True)
    assert "Sida 3 av 3" in html and 'rel="prev"' in html and 'rel="next"' not in html and not problems(html)
    assert html.count("Ge ställningstagande<span") == 1  # 7 points, 3 a page: one on the last
    first = client.get(readiness_url(world)).get_data(as_text=True)
    assert first.count("Ge ställningstagande<span") == 3 and f"/arbetsgrupp/analys/{world.run.id}/synpunkter/" in first
    assert "7 synpunkter saknar ställningstagande" in first


def test_theme_names_no_person_set_are_listed_until_renamed_or_confirmed(db_session, admin, member, world):
    def unnamed():
        return [
            t.label for t in readiness.readiness(db_session, admin, world.round.id, datetime.now(UTC)).unnamed_themes
        ]

    assert sorted(unnamed()) == ["Bostäder", "Kollektivtrafik", "Kompetens"]
    kollektiv, kompetens, _ = world.run.themes
    theme_edits.rename_theme(db_session, member, world.run.id, kollektiv.id, "Resor och pendling")
    theme_edits.confirm_theme_name(db_session, member, world.run.id, kompetens.id)
    assert unnamed() == ["Bostäder"]


def test_private_persons_without_consent_are_named_by_reference_only(client, auth, admin, world, db_session):
    found = readiness.readiness(db_session, admin, world.round.id, datetime.now(UTC))
    assert found.anonymous_references == [world.responses["privat"].reference]
    auth.login_as(admin)
    html = client.get(readiness_url(world)).get_data(as_text=True)
    section = html[html.index('id="anonymous-title"') : html.index('id="redactions-title"')]
    assert world.responses["privat"].reference in section
    assert PRIVATE_NAME not in section and world.responses["samtycke"].reference not in section


def test_redactions_made_are_listed(client, auth, admin, world, db_session):
    assert readiness.readiness(db_session, admin, world.round.id, datetime.now(UTC)).redactions == []
    comment = world.comment("privat")
    publication.redact_passage(db_session, admin, comment.id, "19800101-1234", "Personnummer", datetime.now(UTC))
    db_session.commit()
    found = readiness.readiness(db_session, admin, world.round.id, datetime.now(UTC)).redactions
    assert [(r.comment_id, r.reference, r.reason) for r in found] == [
        (comment.id, world.responses["privat"].reference, "Personnummer")
    ]
    auth.login_as(admin)
    html = client.get(readiness_url(world)).get_data(as_text=True)
    assert f"/arbetsgrupp/synpunkter/{comment.id}/maskering" in html and "Personnummer" in html


@pytest.mark.parametrize("role", ["member", "stakeholder"])
def test_only_admins_see_the_readiness_check(db_session, member, make_user, world, role):
    from consultation.people import Role

    actor = member if role == "member" else make_user(Role.STAKEHOLDER)
    with pytest.raises(NotAllowed):
        readiness.readiness(db_session, actor, world.round.id, datetime.now(UTC))


# --- publishing only from the page ---------------------------------------------------------


def test_the_review_page_leads_to_the_readiness_page_not_straight_to_publishing(client, auth, admin, world):
    auth.login_as(admin)
    html = client.get(f"/arbetsgrupp/rundor/{world.round.id}/sammanstallning").get_data(as_text=True)
    assert f'href="{readiness_url(world)}"' in html and f'action="{readiness_url(world)}"' not in html
    page = client.get(readiness_url(world)).get_data(as_text=True)
    assert f'action="{readiness_url(world)}"' in page and "Publicera ändå" in page and not problems(page)


def test_publishing_without_the_readiness_page_is_refused(client, auth, admin, post, world, db_session):
    auth.login_as(admin)
    response = post(readiness_url(world), {"publish_unanswered": "y"})  # the old button: no readiness fields
    assert response.status_code == 422 and "Gå igenom publiceringskontrollen" in response.get_data(as_text=True)
    assert not is_published(db_session, world)
    with pytest.raises(publication.NotChecked):
        publication.publish_compilation(db_session, admin, world.round.id, datetime.now(UTC), None)


def test_publishing_before_the_deadline_is_refused_even_with_the_check(db_session, admin, world):
    now = datetime.now(UTC)
    checked = readiness.readiness(db_session, admin, world.round.id, now).checked(publish_unanswered=True)
    world.round.closes_at = now + timedelta(hours=1)
    with pytest.raises(publication.RoundStillOpen):
        publication.publish_compilation(db_session, admin, world.round.id, now, checked)
    assert world.round.compilation_published_at is None


def test_points_unanswered_need_the_explicit_choice(client, auth, admin, post, world, db_session):
    auth.login_as(admin)
    html = publish(client, post, world, publish_unanswered="")
    assert "Kryssa i att du vill publicera ändå" in html and not problems(html)
    assert not is_published(db_session, world)
    with pytest.raises(ValidationFailed):
        publication.publish_compilation(db_session, admin, world.round.id, datetime.now(UTC), Checked(world.run.id, 7))


def test_a_round_that_changed_since_the_page_was_read_is_not_published(client, auth, admin, post, world, db_session):
    auth.login_as(admin)
    seen = readiness_fields(client, world)
    answer_everything(db_session, world)  # a colleague answers the rest meanwhile
    response = post(readiness_url(world), {**seen, "publish_unanswered": "y"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Underlaget har ändrats" in html
    assert 'name="unanswered" type="hidden" value="0"' in html  # the page shows the round as it is now
    assert not is_published(db_session, world)


# --- what the public reads -------------------------------------------------------------------


def test_publishing_with_points_unanswered_says_so_publicly(client, auth, admin, post, world):
    auth.login_as(admin)
    assert "är publicerade" in publish(client, post, world)
    auth.logout()
    html = client.get(public_url(world)).get_data(as_text=True)
    assert f"{UNANSWERED} synpunkter har ännu inget ställningstagande." in html and not problems(html)
    docx = Document(io.BytesIO(client.get(public_url(world, "sammanstallning.docx")).data))
    assert any(f"{UNANSWERED} synpunkter har ännu inget ställningstagande" in p.text for p in docx.paragraphs)


def test_with_everything_answered_no_choice_is_needed_and_nothing_is_said(client, auth, admin, post, world, db_session):
    answer_everything(db_session, world)
    auth.login_as(admin)
    page = client.get(readiness_url(world)).get_data(as_text=True)
    assert "Alla synpunkter och anteckningar har fått ett ställningstagande" in page and "Publicera ändå" not in page
    assert "är publicerade" in publish(client, post, world, publish_unanswered="")
    auth.logout()
    assert "inget ställningstagande" not in client.get(public_url(world)).get_data(as_text=True)


def test_machine_labels_are_never_published_as_theme_names(client, auth, admin, member, post, world, db_session):
    kollektiv = world.run.themes[0]
    theme_edits.rename_theme(db_session, member, world.run.id, kollektiv.id, "Resor och pendling")
    db_session.commit()
    auth.login_as(admin)
    publish(client, post, world)
    auth.logout()
    html = client.get(public_url(world, "sammanstallning?ordning=tema")).get_data(as_text=True)
    assert ">Resor och pendling</h2>" in html  # named by a person
    assert ">Tema 2</h2>" in html and ">Tema 3</h2>" in html and not problems(html)
    downloads = [
        html,
        client.get(public_url(world, "sammanstallning.csv?ordning=tema")).data.decode("utf-8-sig"),
        "\n".join(
            p.text
            for p in Document(
                io.BytesIO(client.get(public_url(world, "sammanstallning.docx?ordning=tema")).data)
            ).paragraphs
        ),
    ]
    for text in downloads:
        assert "Kompetens," not in text and "Bostäder" not in text and "Kollektivtrafik" not in text
        assert "Tema 2" in text
    auth.login_as(member)  # the working group still sees the analysis's labels, to judge them
    internal = client.get(f"/arbetsgrupp/rundor/{world.round.id}/sammanstallning?ordning=tema").get_data(as_text=True)
    assert ">Bostäder</h2>" in internal
