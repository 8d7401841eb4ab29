"""The analysis's theme names on the working group's pages, and the draft's headings as candidates."""

from __future__ import annotations

import html as markup

import pytest
from sqlalchemy import select

from consultation.people import Role
from consultation.review import AnalysisRun, analysis_runs

from ..htmlcheck import problems
from .test_analysis_web import start


@pytest.fixture
def member(make_user):
    return make_user(Role.WORKING_GROUP, email="grupp@region.example", name="Greta Grupp")


@pytest.fixture
def lexical(app, monkeypatch):
    monkeypatch.setitem(app.config, "ANALYSIS_USE_EMBEDDINGS", False)  # lexical vectors: the same naming, faster


def test_the_run_and_theme_pages_show_each_themes_name_and_key_terms(
    client, auth, member, analysed_round, db_session, lexical
):
    auth.login_as(member)
    run_url = start(auth, analysed_round.id, n_themes="3").headers["Location"]
    page = markup.unescape(client.get(run_url).get_data(as_text=True))
    run = db_session.scalars(select(AnalysisRun)).one()
    names = [theme.label for theme in run.themes]
    assert len(set(names)) == 3, names
    for theme in run.themes:
        # A noun phrase, not the key-term list it used to be ("buss, längs, tåg").
        assert "," not in theme.label and theme.label[0].isupper() and theme.label in page, theme.label
        assert theme.terms and ", ".join(theme.terms) != theme.label
        theme_page = client.get(f"/arbetsgrupp/analys/{run.id}/teman/{theme.id}").get_data(as_text=True)
        text = markup.unescape(theme_page)
        assert f"Tema: {theme.label}" in text and "Nyckelord:" in text and not problems(theme_page)
        assert theme.named_by_id is None  # the analysis's proposal until a person confirms it


def test_the_drafts_headings_are_offered_as_names(analysed_round, version, db_session):
    run = analysis_runs.start_run(db_session, member_or_system(), analysed_round.id, analysis_runs.RunParameters())
    assert analysis_runs.draft_headings(run) == [section.heading for section in version.sections]


def member_or_system():
    from consultation.people.access import SYSTEM

    return SYSTEM
