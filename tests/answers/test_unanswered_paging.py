"""The unanswered texts, one page at a time: the next page shows the next texts, filters stay in the links,
a bad page number is the first page, and "the whole selection" still means every page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from consultation.review import AnalysisItem, Position

from ..conftest import csrf_token
from .conftest import ITEMS

SHOWN = re.compile(r'id="item-(\d+)"')


@pytest.fixture
def pages_of_three(app, monkeypatch):
    monkeypatch.setitem(app.config, "LIST_PAGE_SIZE", 3)


def item_ids(db_session, run, **where) -> list[int]:
    query = select(AnalysisItem.id).where(AnalysisItem.run_id == run.id).filter_by(**where)
    return list(db_session.scalars(query.order_by(AnalysisItem.id)))


def shown(client, url: str, **query) -> tuple[list[int], str]:
    response = client.get(url, query_string=query or None)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return [int(found) for found in SHOWN.findall(page)], page


def test_page_two_shows_the_next_texts_and_the_count_of_all(
    client, auth, member, answer_run, db_session, pages_of_three
):
    auth.login_as(member)
    url = f"/arbetsgrupp/analys/{answer_run.run.id}/obesvarade"
    everything = item_ids(db_session, answer_run.run)

    first, page = shown(client, url)
    assert first == everything[:3]
    assert f"Texter i urvalet utan ställningstagande: {ITEMS}. Här visas 1–3." in page
    assert f"Sida 1 av {-(-ITEMS // 3)}" in page and 'rel="next"' in page and 'rel="prev"' not in page

    second, page = shown(client, url, sida=2)
    assert second == everything[3:6]
    assert "Här visas 4–6." in page and 'rel="prev"' in page

    last, _ = shown(client, url, sida=-(-ITEMS // 3))
    assert last == everything[(-(-ITEMS // 3) - 1) * 3 :]


def test_the_filter_is_kept_in_the_page_links(client, auth, member, answer_run, db_session, pages_of_three):
    auth.login_as(member)
    url = f"/arbetsgrupp/analys/{answer_run.run.id}/obesvarade"
    theme = answer_run.themes["Kollektivtrafik"]
    in_theme = item_ids(db_session, answer_run.run, theme_id=theme.id)
    assert len(in_theme) > 3

    first, page = shown(client, url, theme=theme.id)
    assert first == in_theme[:3]
    link = re.search(r'href="([^"]+)" rel="next"', page).group(1).replace("&amp;", "&")
    assert f"theme={theme.id}" in link and "sida=2" in link
    second, _ = shown(client, link)
    assert second == in_theme[3:6]


@pytest.mark.parametrize("bad", ["0", "-1", "abc", "²", "1.5", "99999999999999999999", ""])
def test_a_bad_page_number_is_the_first_page(client, auth, member, answer_run, db_session, pages_of_three, bad):
    auth.login_as(member)
    first, _ = shown(client, f"/arbetsgrupp/analys/{answer_run.run.id}/obesvarade", sida=bad)
    assert first == item_ids(db_session, answer_run.run)[:3]


def test_a_page_past_the_end_is_the_last_page(client, auth, member, answer_run, db_session, pages_of_three):
    auth.login_as(member)
    last, page = shown(client, f"/arbetsgrupp/analys/{answer_run.run.id}/obesvarade", sida=500)
    assert last == item_ids(db_session, answer_run.run)[(-(-ITEMS // 3) - 1) * 3 :]
    assert 'rel="next"' not in page


def test_the_whole_selection_answers_the_texts_of_every_page(
    client, auth, member, answer_run, db_session, pages_of_three
):
    auth.login_as(member)
    url = f"/arbetsgrupp/analys/{answer_run.run.id}/obesvarade"
    _, page = shown(client, url)
    assert f"Alla {ITEMS} obesvarade texter i urvalet" in page
    response = client.post(
        f"{url}?sida=2", data={"scope": "all", "decision": "noted", "csrf_token": csrf_token(client, "/")}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("?sida=2")
    assert db_session.scalar(select(func.count()).select_from(Position)) == ITEMS
    _, page = shown(client, url, sida=2)
    assert "Alla texter i urvalet har ett ställningstagande." in page


def test_ticked_texts_on_page_two_get_the_position_and_leave_the_list(
    client, auth, member, answer_run, db_session, pages_of_three
):
    auth.login_as(member)
    url = f"/arbetsgrupp/analys/{answer_run.run.id}/obesvarade"
    everything = item_ids(db_session, answer_run.run)
    second, _ = shown(client, url, sida=2)
    data = {"scope": "selected", "item_ids": second[:2], "decision": "noted", "csrf_token": csrf_token(client, "/")}
    assert client.post(f"{url}?sida=2", data=data).status_code == 302
    assert db_session.scalar(select(func.count()).select_from(Position)) == 2
    remaining = [i for i in everything if i not in second[:2]]
    first, page = shown(client, url)
    assert first == remaining[:3] and f"Texter i urvalet utan ställningstagande: {ITEMS - 2}." in page
