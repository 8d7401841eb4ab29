"""Shaping themes in the browser's terms: forms on the theme page, messages, undo from the run page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consultation.people import Role
from consultation.review import AnalysisItem, Theme, ThemeEdit

from ..conftest import csrf_token
from ..htmlcheck import problems
from .test_theme_edits import analyse_round, items_of


@pytest.fixture
def member(make_user):
    return make_user(Role.WORKING_GROUP, email="grupp@region.example", name="Greta Grupp")


@pytest.fixture
def run(db_session, member, analysed_round):
    return analyse_round(db_session, member, analysed_round)


def post(client, url, data):
    return client.post(url, data={**data, "csrf_token": csrf_token(client, "/")})


def test_the_theme_page_offers_the_edits_and_is_accessible(client, auth, member, run):
    auth.login_as(member)
    theme = run.themes[0]
    html = client.get(f"/arbetsgrupp/analys/{run.id}/teman/{theme.id}").get_data(as_text=True)
    for text in (
        "Byt namn",
        "Slå ihop",
        "Dela upp automatiskt",
        "Flytta",
        "Gör till nytt tema",
        "Markera som ovidkommande",
    ):
        assert text in html
    assert not problems(html)


def test_a_machine_name_is_confirmed_from_the_theme_page(client, auth, member, run, db_session):
    auth.login_as(member)
    theme = run.themes[0]
    url = f"/arbetsgrupp/analys/{run.id}/teman/{theme.id}"
    html = client.get(url).get_data(as_text=True)
    assert "Bekräfta namnet" in html and f"”Tema {theme.rank}”" in html and not problems(html)
    response = post(client, f"{url}/bekrafta-namn", {})
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Namnet är bekräftat" in html and "Bekräfta namnet" not in html and "namngivet av arbetsgruppen" in html
    db_session.expire_all()
    assert db_session.get(Theme, theme.id).named_by_id == member.id


def test_renaming_to_nothing_comes_back_with_a_message(client, auth, member, run):
    auth.login_as(member)
    theme = run.themes[0]
    response = post(client, f"/arbetsgrupp/analys/{run.id}/teman/{theme.id}/namn", {"label": " "})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Ge temat ett namn." in html and not problems(html)


def test_rename_merge_move_and_undo_through_the_pages(client, auth, member, run, db_session):
    auth.login_as(member)
    first, second, third = run.themes[:3]
    response = post(
        client, f"/arbetsgrupp/analys/{run.id}/teman/{first.id}/namn", {"label": "Resor <i>till</i> jobbet"}
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Temat har fått nytt namn." in page and "Resor &lt;i&gt;till&lt;/i&gt; jobbet" in page

    item = items_of(db_session, second)[0]
    response = post(
        client,
        f"/arbetsgrupp/analys/{run.id}/teman/{second.id}/texter",
        {"item_ids": str(item.id), "target": str(third.id), "action": "move"},
    )
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.get(AnalysisItem, item.id).theme_id == third.id

    response = post(client, f"/arbetsgrupp/analys/{run.id}/teman/{first.id}/sla-ihop", {"source": str(second.id)})
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.get(Theme, second.id).merged_into_id == first.id

    page = client.get(f"/arbetsgrupp/analys/{run.id}").get_data(as_text=True)
    assert "Greta Grupp" in page and "Slog ihop" in page and not problems(page)
    merge = db_session.scalars(select(ThemeEdit).where(ThemeEdit.action == "merge")).one()
    response = post(client, f"/arbetsgrupp/analys/{run.id}/andringar/{merge.id}/angra", {})
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.get(Theme, second.id).merged_into_id is None
    assert "Ändringen är ångrad." in client.get(response.headers["Location"]).get_data(as_text=True)


def test_split_needs_a_name_and_keeps_the_choice(client, auth, member, run, db_session):
    auth.login_as(member)
    theme = run.themes[0]
    chosen = items_of(db_session, theme)[0]
    response = post(
        client,
        f"/arbetsgrupp/analys/{run.id}/teman/{theme.id}/texter",
        {"item_ids": str(chosen.id), "new_label": "", "action": "split"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Ge temat ett namn." in html
    assert f'value="{chosen.id}" id="item-{chosen.id}" checked' in html
    response = post(
        client,
        f"/arbetsgrupp/analys/{run.id}/teman/{theme.id}/texter",
        {"item_ids": str(chosen.id), "new_label": "Eget tema", "action": "split"},
    )
    assert response.status_code == 302
    assert db_session.scalars(select(Theme).where(Theme.label == "Eget tema")).one().size == 1


def test_automatic_split_divides_a_theme(client, auth, member, run, db_session):
    auth.login_as(member)
    theme = max(run.themes, key=lambda t: t.size)
    before, count = theme.size, len(run.themes)
    response = post(client, f"/arbetsgrupp/analys/{run.id}/teman/{theme.id}/dela-automatiskt", {"parts": "2"})
    assert response.status_code == 302
    db_session.expire_all()
    themes = db_session.scalars(select(Theme).where(Theme.run_id == run.id, Theme.merged_into_id.is_(None))).all()
    assert len(themes) == count + 1
    assert 0 < db_session.get(Theme, theme.id).size < before


@pytest.mark.parametrize("role", [Role.STAKEHOLDER, Role.FACILITATOR])
def test_others_cannot_shape_themes(client, auth, make_user, run, role, db_session):
    auth.login_as(make_user(role))
    theme = run.themes[0]
    response = post(client, f"/arbetsgrupp/analys/{run.id}/teman/{theme.id}/namn", {"label": "Kapat"})
    assert response.status_code == 403
    db_session.expire_all()
    assert db_session.get(Theme, theme.id).label != "Kapat"


def test_the_run_page_says_how_much_of_the_machines_placement_the_group_kept(client, auth, member, run, db_session):
    auth.login_as(member)
    page = client.get(f"/arbetsgrupp/analys/{run.id}").get_data(as_text=True)
    assert "Överensstämmelse med arbetsgruppen" not in page  # not before the group has shaped anything
    first, second = run.themes[:2]
    item = items_of(db_session, first)[0]
    post(
        client,
        f"/arbetsgrupp/analys/{run.id}/teman/{first.id}/texter",
        {"item_ids": str(item.id), "target": str(second.id), "action": "move"},
    )
    page = client.get(f"/arbetsgrupp/analys/{run.id}").get_data(as_text=True)
    total = run.item_count
    percent = round(100 * (total - 1) / total)
    assert f"behållit {percent} % av analysens placering: {total - 1} av {total} texter" in page
    db_session.expire_all()
    first = db_session.get(Theme, first.id)
    assert f"{first.size} av {first.size + 1}" in page
    assert not problems(page)
