"""The working group's summaries: saved with optimistic locking; a stale save keeps the typed text."""

from __future__ import annotations

import re

import pytest

from consultation.errors import Conflict
from consultation.review import SectionSummary, Theme, publication

from ..htmlcheck import problems
from .conftest import review_url


def section_url(world, index=0):
    return (
        f"/arbetsgrupp/rundor/{world.round.id}/sammanstallning/avsnitt/"
        f"{world.version.sections[index].key}/sammanfattning"
    )


def theme_url(world, theme):
    return f"/arbetsgrupp/rundor/{world.round.id}/sammanstallning/teman/{theme.id}/sammanfattning"


def textarea(html: str) -> str:
    match = re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.S)
    return match.group(1).strip() if match else ""


def test_a_member_writes_a_section_summary_shown_in_the_compilation(client, auth, member, world, post, db_session):
    auth.login_as(member)
    response = post(section_url(world), {"text": "Många vill ha tätare busstrafik.", "revision": "0"})
    assert response.status_code == 302 and "ordning=avsnitt" in response.headers["Location"]
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sammanfattningen är sparad." in html and "Många vill ha tätare busstrafik." in html
    summary = db_session.query(SectionSummary).one()
    assert summary.updated_by_id == member.id and summary.revision == 1
    assert post(section_url(world), {"text": "Ny lydelse.", "revision": "1"}).status_code == 302
    db_session.refresh(summary)
    assert summary.text == "Ny lydelse." and summary.revision == 2
    assert "Ny lydelse." in client.get(f"/arbetsgrupp/rundor/{world.round.id}/sammanstallning.csv").data.decode(
        "utf-8-sig"
    )


def test_a_stale_section_summary_is_refused_and_the_typed_text_kept(
    client, auth, member, make_user, world, post, db_session
):
    colleague = make_user("working_group", email="kollega@region.example")
    auth.login_as(member)
    page = client.get(section_url(world)).get_data(as_text=True)
    assert not problems(page) and 'name="revision" type="hidden" value="0"' in page
    publication.save_section_summary(
        db_session, colleague, world.round.id, world.version.sections[0].key, "Kollegans text hann före.", 0
    )
    db_session.commit()

    response = post(section_url(world), {"text": "Min text som inte får försvinna.", "revision": "0"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and not problems(html)
    assert textarea(html) == "Min text som inte får försvinna."
    assert "Kollegans text hann före." in html and "Någon annan har ändrat sammanfattningen" in html
    assert db_session.query(SectionSummary).one().text == "Kollegans text hann före."
    # The page now carries the newer revision: saving again, deliberately, replaces the colleague's text.
    assert 'value="1"' in html
    assert post(section_url(world), {"text": "Min text som inte får försvinna.", "revision": "1"}).status_code == 302
    db_session.expire_all()
    assert db_session.query(SectionSummary).one().text == "Min text som inte får försvinna."


def test_a_stale_theme_summary_is_refused_and_the_typed_text_kept(client, auth, member, world, post, db_session):
    theme = world.run.themes[0]
    auth.login_as(member)
    assert post(theme_url(world, theme), {"text": "Första versionen.", "revision": "1"}).status_code == 302
    response = post(theme_url(world, theme), {"text": "Skriven mot en gammal sida.", "revision": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and textarea(html) == "Skriven mot en gammal sida."
    assert "Första versionen." in html and not problems(html)
    db_session.expire_all()
    saved = db_session.get(Theme, theme.id)
    assert saved.summary == "Första versionen." and saved.summary_revision == 2
    page = client.get(review_url(world, "tema")).get_data(as_text=True)
    assert "Första versionen." in page and not problems(page)
    with pytest.raises(Conflict):
        publication.save_theme_summary(db_session, member, theme.id, "x", 1)


def test_a_too_long_summary_comes_back_with_the_text(client, auth, member, world, post, db_session):
    auth.login_as(member)
    text = "lång " * 5000
    response = post(section_url(world), {"text": text, "revision": "0"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "högst" in html and textarea(html) == text.strip()
    assert db_session.query(SectionSummary).count() == 0


def test_a_theme_of_another_round_or_an_unknown_section_is_not_found(client, auth, member, world, post):
    auth.login_as(member)
    assert (
        client.get(f"/arbetsgrupp/rundor/{world.round.id}/sammanstallning/avsnitt/nej/sammanfattning").status_code
        == 404
    )
    other_round = world.round.id + 1000
    assert (
        client.get(
            theme_url(world, world.run.themes[0]).replace(f"/rundor/{world.round.id}/", f"/rundor/{other_round}/")
        ).status_code
        == 404
    )
