"""The search page and "Liknande texter" as the working group sees them: highlighting that never
lets user text become markup, filters from the query string, access per role."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import select

from app.extensions import db
from consultation.people import Role
from consultation.review import EmbeddingVector
from consultation.search import SearchDocument

from ..answers.conftest import NOTE_TEXT
from ..security import xss

TRAFFIC = "Kollektivtrafiken på landsbygden måste bli tätare."


def test_hits_are_highlighted_and_user_text_stays_text(answer_run, auth, client, member, process):
    auth.login_as(member)
    page = client.get(f"/arbetsgrupp/process/{process.code}/sok", query_string={"q": "bostäder script"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "1 träff" in html
    assert "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;" in html
    assert "<mark>bostäder</mark>" in html
    assert "<script>alert" not in html and "onerror=alert" not in html.replace("onerror=alert(2)&gt;", "")
    assert xss.html_problems(html) == []


def test_corpus_payloads_stay_inert_in_hits(answer_run, auth, client, member, process):
    """Payloads from the XSS corpus as comment text, found by their words and highlighted."""
    xss.require_corpus()
    payloads = xss.sample(30)
    comment = answer_run.comments[TRAFFIC][0]
    comment.submitted_body = "\n".join(f"kollektivtrafik {p}" for p in payloads)
    db.session.commit()
    auth.login_as(member)
    for query in ("kollektivtrafik", "alert script", "img onerror", "svg onload"):
        page = client.get(f"/arbetsgrupp/process/{process.code}/sok", query_string={"q": query})
        assert page.status_code == 200
        assert xss.html_problems(page.get_data(as_text=True)) == [], query


def test_filters_come_from_the_query_string(answer_run, auth, client, member, process):
    auth.login_as(member)
    url = f"/arbetsgrupp/process/{process.code}/sok"
    html = client.get(url, query_string={"actor_type": "dialogue_meeting"}).get_data(as_text=True)
    assert "1 träff" in html and NOTE_TEXT in html and "Dialogträff om resor" in html
    html = client.get(url, query_string={"q": "kollektivtrafik", "unanswered": "y"}).get_data(as_text=True)
    assert "<mark>Kollektivtrafiken</mark>" in html
    # Values no list offers (a hand-made URL) filter nothing rather than fail.
    odd = client.get(url, query_string={"round": "²", "theme": "99999999999999999999", "decision": "x", "sida": "-1"})
    assert odd.status_code == 200 and "11 träffar" in odd.get_data(as_text=True)


def test_a_query_too_long_is_refused_with_the_text_kept(answer_run, auth, client, member, process):
    auth.login_as(member)
    query = "kollektivtrafik " * 20
    page = client.get(f"/arbetsgrupp/process/{process.code}/sok", query_string={"q": query})
    html = page.get_data(as_text=True)
    assert page.status_code == 422
    assert "Det finns fel i formuläret" in html and "kollektivtrafik kollektivtrafik" in html
    assert "search-hits" not in html


def test_hits_page(answer_run, auth, client, member, process):
    auth.login_as(member)
    html = client.get(f"/arbetsgrupp/process/{process.code}/sok", query_string={"sida": "1"}).get_data(as_text=True)
    assert "11 träffar" in html and "Sida 1 av 1" not in html  # 11 fit on one page: no page links


@pytest.mark.parametrize("role", [Role.STAKEHOLDER, Role.FACILITATOR])
def test_only_the_working_group_and_admins_search(answer_run, auth, client, make_user, process, role):
    document = db.session.scalar(select(SearchDocument.id))
    search_url = f"/arbetsgrupp/process/{process.code}/sok"
    similar_url = f"/arbetsgrupp/sok/texter/{document}/liknande"
    assert client.get(search_url).status_code == 302  # to the login page
    auth.login_as(make_user(role, email=f"{role.value}@example.org"))
    assert client.get(search_url).status_code == 403
    assert client.get(similar_url).status_code == 403
    auth.logout()
    auth.login_as(make_user(Role.ADMIN, email="admin@example.org"))
    assert client.get(search_url).status_code == 200
    assert client.get(similar_url).status_code == 200
    assert client.get("/arbetsgrupp/process/FINNS-EJ/sok").status_code == 404


def test_similar_texts_say_when_no_vectors_are_cached(answer_run, auth, client, member):
    document = db.session.scalar(select(SearchDocument).where(SearchDocument.note_id.is_not(None)))
    auth.login_as(member)
    html = client.get(f"/arbetsgrupp/sok/texter/{document.id}/liknande").get_data(as_text=True)
    assert "Texten har ännu inga beräknade betydelsevektorer" in html


def test_similar_texts_are_the_nearest_cached_vectors(answer_run, auth, client, member):
    """Vectors stored under the texts' cache keys (as an analysis stores them) order the neighbours."""
    documents = {
        d.body: d for d in db.session.scalars(select(SearchDocument).where(SearchDocument.source != "position"))
    }
    base = np.zeros(384, np.float32)
    direction = {
        NOTE_TEXT: 0,
        TRAFFIC: 0,
        "Fler tågavgångar mellan länets städer behövs för pendlingen.": 1,
        "Det byggs för få hyresrätter för unga.": 2,
    }
    for text, axis in direction.items():
        vector = base.copy()
        vector[axis] = 1.0
        vector[3] = 0.5 if text == TRAFFIC else 0.0
        db.session.add(
            EmbeddingVector(key=documents[text].vector_key, model="test", dimensions=384, vector=vector.tobytes())
        )
    db.session.commit()
    auth.login_as(member)
    html = client.get(f"/arbetsgrupp/sok/texter/{documents[NOTE_TEXT].id}/liknande").get_data(as_text=True)
    nearest = html.index(TRAFFIC)
    assert nearest < html.index("pendlingen") and nearest < html.index("hyresrätter för unga")
    assert "likhet 89 %" in html  # cos(0.5 off the axis) = 1/√1.25
    assert "Bygg fler bostäder" not in html  # no vector, no neighbour
