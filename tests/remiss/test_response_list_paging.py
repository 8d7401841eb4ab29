"""The working group's list of a round's responses, one page at a time: newest first, the next page shows the
next responses, the comment counts are the submitted comments, filters stay in the links, a bad page
number is the first page."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from app.extensions import db
from consultation.people import ActorType, Role
from consultation.remiss import Comment, Response, ResponseStatus

from ..factories import OrganisationFactory

REFERENCE = re.compile(r'<th scope="row"><a href="/arbetsgrupp/svar/\d+">([^<]+)</a></th>')
SENT = datetime(2026, 3, 1, 9, tzinfo=UTC)


@pytest.fixture
def seven_responses(round_, version, process, make_user):
    """Seven submitted responses, R-1 the oldest; municipalities but R-2 and R-5; R-n has
    min(n, 3) submitted comments and one unsent."""
    author = make_user(Role.STAKEHOLDER)
    for number in range(1, 8):
        actor_type = ActorType.BUSINESS if number in (2, 5) else ActorType.MUNICIPALITY
        response = Response(
            round=round_,
            organisation=OrganisationFactory(actor_type=actor_type),
            created_by=author,
            status=ResponseStatus.SUBMITTED,
            reference=f"R-{number}",
            submitted_at=SENT + timedelta(hours=number),
        )
        for section in version.sections[:number]:
            text = f"Synpunkt om {section.key} i svar {number}."
            response.comments.append(Comment(section=section, body=text, submitted_body=text))
        response.comments.append(Comment(section=None, body="Inte inskickad ännu.", submitted_body=None))
        db.session.add(response)
    db.session.commit()


@pytest.fixture
def pages_of_three(app, monkeypatch):
    monkeypatch.setitem(app.config, "LIST_PAGE_SIZE", 3)


def listed(client, url: str, **query) -> tuple[list[str], str]:
    response = client.get(url, query_string=query or None)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return REFERENCE.findall(page), page


def test_page_two_shows_the_next_responses(client, auth, make_user, round_, seven_responses, pages_of_three):
    auth.login_as(make_user(Role.WORKING_GROUP))
    url = f"/arbetsgrupp/rundor/{round_.id}/svar"
    first, page = listed(client, url)
    assert first == ["R-7", "R-6", "R-5"]
    assert "7 svar · sida 1 av 3" in page and 'rel="next"' in page and 'rel="prev"' not in page
    # The count is of submitted comments: R-7 has three and one that was never sent.
    assert re.search(r">R-7</a></th>(?:\s*<td>[^<]*</td>){3}\s*<td>3</td>", page)

    second, page = listed(client, url, sida=2)
    assert second == ["R-4", "R-3", "R-2"] and 'rel="prev"' in page
    last, page = listed(client, url, sida=3)
    assert last == ["R-1"] and 'rel="next"' not in page
    assert re.search(r">R-1</a></th>(?:\s*<td>[^<]*</td>){3}\s*<td>1</td>", page)


def test_the_filter_is_kept_in_the_page_links(client, auth, make_user, round_, seven_responses, pages_of_three):
    auth.login_as(make_user(Role.WORKING_GROUP))
    url = f"/arbetsgrupp/rundor/{round_.id}/svar"
    first, page = listed(client, url, actor_type="municipality")
    assert first == ["R-7", "R-6", "R-4"] and "5 svar · sida 1 av 2" in page
    link = re.search(r'href="([^"]+)" rel="next"', page).group(1).replace("&amp;", "&")
    assert "actor_type=municipality" in link and "sida=2" in link
    second, _ = listed(client, link)
    assert second == ["R-3", "R-1"]


@pytest.mark.parametrize("bad", ["0", "-2", "två", "²", "99999999999999999999", ""])
def test_a_bad_page_number_is_the_first_page(client, auth, make_user, round_, seven_responses, pages_of_three, bad):
    auth.login_as(make_user(Role.WORKING_GROUP))
    first, _ = listed(client, f"/arbetsgrupp/rundor/{round_.id}/svar", sida=bad)
    assert first == ["R-7", "R-6", "R-5"]


def test_a_page_past_the_end_is_the_last_page(client, auth, make_user, round_, seven_responses, pages_of_three):
    auth.login_as(make_user(Role.WORKING_GROUP))
    last, _ = listed(client, f"/arbetsgrupp/rundor/{round_.id}/svar", sida=40)
    assert last == ["R-1"]
