""" "Vi frågade, ni svarade, vi gjorde": per section, the points, their themes, the positions and the change."""

from __future__ import annotations

from consultation.drafts import publication as drafts_publication
from consultation.drafts.writing import SectionEdit, save_section, start_next_version
from consultation.review import Position

from ..htmlcheck import problems
from .conftest import public_url
from .test_publication import publish


def outcome_url(world) -> str:
    return public_url(world, "vi-gjorde")


def section_block(html: str, heading: str) -> str:
    start = html.index(heading)
    end = html.find("<section", start)
    return html[start : end if end != -1 else len(html)]


def test_the_page_exists_only_once_the_compilation_is_published(client, auth, admin, post, world):
    assert client.get(outcome_url(world)).status_code == 404
    auth.login_as(admin)
    publish(client, post, world)
    auth.logout()
    page = client.get(outcome_url(world))
    assert page.status_code == 200
    process_page = client.get(f"/process/{world.process.code}").get_data(as_text=True)
    assert f"/remiss/{world.round.id}/vi-gjorde" in process_page


def test_each_section_shows_its_points_themes_and_positions(client, auth, admin, post, world, db_session):
    auth.login_as(admin)
    publish(client, post, world)
    auth.logout()
    html = client.get(outcome_url(world)).get_data(as_text=True)
    assert not problems(html)
    s1, _, s3 = world.version.sections
    first = section_block(html, s1.heading)
    # The municipality, the private person and the meeting note were on section 1.
    assert "3 synpunkter" in first
    # The machine's label is never published as a theme's name: only its number.
    assert "Kollektivtrafik" not in first and "Tema 1" in first
    assert "Beaktas: 1" in first and "Noteras: 1" in first and "Inget ställningstagande ännu: 1" in first
    third = section_block(html, s3.heading)
    assert "4 synpunkter" in third  # the consenting person and the three texts of the campaign
    assert "Någon ny version av förslaget är inte publicerad ännu." in html


def test_a_confirmed_theme_name_is_shown(client, auth, admin, post, world, db_session):
    theme = next(t for t in world.run.themes if t.label == "Kollektivtrafik")
    theme.named_by_id = admin.id
    db_session.commit()
    auth.login_as(admin)
    publish(client, post, world)
    html = client.get(outcome_url(world)).get_data(as_text=True)
    assert "Kollektivtrafik (3)" in section_block(html, world.version.sections[0].heading)


def test_the_newer_version_says_what_changed_and_how_many_points_led_to_it(
    client, auth, admin, member, post, world, db_session
):
    s1, s2, _ = world.version.sections
    position = db_session.query(Position).filter_by(comment_id=world.comment("kommun").id).one()
    position.acted_on_section_key = s1.key
    db_session.commit()
    auth.login_as(admin)
    publish(client, post, world)
    auth.logout()
    v2 = start_next_version(db_session, member, world.process.id)
    db_session.commit()
    first = next(s for s in v2.sections if s.key == s1.key)
    save_section(
        db_session,
        member,
        v2.id,
        s1.key,
        SectionEdit(
            heading=first.heading,
            body=first.body + "\n\nTätare busstrafik på landsbygden.",
            number=first.number,
            level=first.level,
            base_revision=first.revision,
        ),
    )
    db_session.commit()
    drafts_publication.publish_version(db_session, member, v2.id)
    db_session.commit()

    html = client.get(outcome_url(world)).get_data(as_text=True)
    assert not problems(html)
    first_block = section_block(html, s1.heading)
    assert f"Avsnittet är ändrat i version {v2.number}." in first_block
    assert "1 synpunkt ledde till ändringen." in first_block
    assert f"fran=1&amp;till={v2.number}#avsnitt-{s1.key}" in first_block
    assert f"Avsnittet är oförändrat i version {v2.number}." in section_block(html, s2.heading)
