"""What the compilation holds: groups per section or theme, positions, campaigns once, invitation lists."""

from __future__ import annotations

import io

from docx import Document

from app import analysis_jobs
from consultation.people.access import SYSTEM
from consultation.review import AnalysisItem, analysis_runs
from consultation.review.analysis_runs import RunParameters
from consultation.review.compilation import build_compilation

from ..htmlcheck import problems
from .conftest import CAMPAIGN_TEXT, respond, review_url


def test_by_section_every_comment_under_its_section_with_the_position(client, auth, member, world):
    auth.login_as(member)
    html = client.get(review_url(world)).get_data(as_text=True)
    assert not problems(html)
    sections = [s.number + " " + s.heading for s in world.version.sections]
    positions = [html.index(f">{title}</h2>") for title in ["Förslaget som helhet", *sections]]
    assert positions == sorted(positions)
    first, second = positions[1], positions[2]
    assert first < html.index("Kommunen vill ha tätare busstrafik") < second
    assert first < html.index("pendlingen med buss blivit omöjlig") < second  # the meeting note, too
    assert "Beaktas" in html and "Strategin skärper målet för kollektivtrafik." in html
    assert "Noteras" in html and "Inget ställningstagande ännu" in html


def test_by_theme_merged_themes_are_skipped_and_off_topic_comes_last(client, auth, member, world, db_session):
    kollektiv, kompetens, _bostader = world.run.themes
    kompetens.merged_into_id = kollektiv.id  # (the merge moved its items; here it has none of its own)
    for item in list(kompetens.items):
        item.theme_id = kollektiv.id
    db_session.query(AnalysisItem).filter_by(comment_id=world.comment("samtycke").id).one().off_topic = True
    db_session.commit()
    auth.login_as(member)
    html = client.get(review_url(world, "tema")).get_data(as_text=True)
    assert not problems(html)
    assert ">Kollektivtrafik</h2>" in html and ">Bostäder</h2>" in html and ">Kompetens</h2>" not in html
    assert html.index(">Bostäder</h2>") < html.index(">Utanför ämnet</h2>") < html.index("Bygg fler hyresrätter")


def test_comments_submitted_after_the_analysis_are_not_lost_by_theme(world, db_session):
    late = respond(
        world.round, {world.version.sections[1]: "En sen synpunkt om vägar."}, organisation=world.orgs["tyst"]
    )
    compilation = build_compilation(db_session, SYSTEM, world.round.id, "theme")
    assert compilation.groups[-1].kind == "unanalysed"
    assert [e.comment_id for e in compilation.groups[-1].entries] == [late.comments[0].id]


def test_a_campaign_appears_once_with_its_count_and_senders(client, auth, member, world):
    auth.login_as(member)
    for order in ("avsnitt", "tema"):
        html = client.get(review_url(world, order)).get_data(as_text=True)
        assert html.count("Rädda busslinje 42!") == 1
        assert "Kampanj med 3 avsändare" in html
        assert all(f"Bussvännerna avdelning {n}" in html for n in (1, 2, 3))
        data = client.get(f"/arbetsgrupp/rundor/{world.round.id}/sammanstallning.docx?ordning={order}").data
        document = Document(io.BytesIO(data))
        cells = [row.cells for table in document.tables for row in table.rows]
        campaign_rows = [r for r in cells if r[2].text == CAMPAIGN_TEXT]
        assert len(campaign_rows) == 1 and "Kampanj med 3 avsändare" in campaign_rows[0][0].text
        assert "Bussvännerna avdelning 2" in campaign_rows[0][0].text


def test_the_invitation_lists_by_actor_type(client, auth, member, world):
    auth.login_as(member)
    html = client.get(review_url(world)).get_data(as_text=True)
    part = html[html.index('id="invitations"') :]
    agency = part[part.index(">Statlig myndighet</h3>") : part.index("</table>", part.index(">Statlig myndighet</h3>"))]
    assert "Inbjudna: 2. Har svarat: 0. Avstår: 1. Inget svar: 1." in agency
    assert "Länsstyrelsen i Testland" in agency and "Vi har inte resurser att svara den här gången." in agency
    assert "Trafikverket Testland" in agency and "Inget svar" in agency
    municipality = part[part.index(">Kommun</h3>") :]
    assert "Fjällby kommun</th><td>Har svarat" in municipality
    civil = part[part.index(">Idéburen sektor</h3>") :]
    assert "Har svarat: 3." in civil and "Har svarat utan inbjudan" in civil
    csv = client.get(f"/arbetsgrupp/rundor/{world.round.id}/sammanstallning.csv").data.decode("utf-8-sig")
    assert "Remissinstanser: Statlig myndighet;Avstår;;Länsstyrelsen i Testland" in csv


def test_the_compilation_of_a_real_analysis_run(world, db_session, client, auth, member):
    """The analysis finds the form letter on its own, and the compilation shows it once."""
    run = analysis_runs.start_run(db_session, SYSTEM, world.round.id, RunParameters(include_notes=True))
    db_session.commit()
    analysis_jobs.run_job(run.id)
    db_session.refresh(run)
    assert run.status == "done"
    compilation = build_compilation(db_session, SYSTEM, world.round.id, "theme")
    assert compilation.run_id == run.id
    campaigns = [c for g in compilation.groups for c in g.campaigns]
    assert [(c.count, c.text) for c in campaigns] == [(3, CAMPAIGN_TEXT)]
    placed = sorted(e.key for g in compilation.groups for e in g.entries)
    assert len(placed) == 6 and f"n{world.note.id}" in placed  # 5 other comments and the note
    auth.login_as(member)
    assert not problems(client.get(review_url(world, "tema")).get_data(as_text=True))


def test_without_an_analysis_the_theme_order_says_so(world, db_session, client, auth, member):
    db_session.delete(world.run)
    db_session.commit()
    auth.login_as(member)
    html = client.get(review_url(world, "tema")).get_data(as_text=True)
    assert "Ordningen per tema kräver en klar temaanalys" in html and not problems(html)
    # by section the comments are all there, and no meeting note (notes come with an analysis)
    compilation = build_compilation(db_session, SYSTEM, world.round.id, "section")
    assert compilation.comments == 8 and compilation.notes == 0


def test_a_themes_points_grouped_by_stance_in_every_format(client, auth, member, world, db_session):
    import csv

    from openpyxl import load_workbook

    from analysis.stance import stance_of

    theme = world.run.themes[0]
    texts = ["Kommunen tillstyrker förslaget om tätare busstrafik.", "Kommunen avstyrker den nya busslinjen."]
    response = respond(world.round, dict(zip(world.version.sections[1:3], texts, strict=True)), world.orgs["tyst"])
    for comment in response.comments:
        db_session.add(
            AnalysisItem(run=world.run, theme=theme, comment_id=comment.id, text=comment.submitted_body, sender="Tyst")
        )
    db_session.commit()
    names = {"support": "Tillstyrker", "oppose": "Avstyrker", "change": "Föreslår ändringar", "neutral": "Neutral"}
    compilation = build_compilation(db_session, SYSTEM, world.round.id, "theme", by_stance=True)
    themes = [g for g in compilation.groups if g.kind == "theme"]
    order = list(names)
    for group in themes:
        assert [e.stance for e in group.entries] == [stance_of(e.text).label for e in group.entries]
        assert [order.index(e.stance) for e in group.entries] == sorted(order.index(e.stance) for e in group.entries)
    assert len({e.stance for e in themes[0].entries}) >= 3  # mixed, so the grouping has something to do
    expected = {
        (g.title, e.stance, sum(1 for x in g.entries if x.stance == e.stance)) for g in themes for e in g.entries
    }

    def heading(stance, count):
        return f"{names[stance]}: {count} synpunkt{'er' if count != 1 else ''}"

    auth.login_as(member)
    url = f"/arbetsgrupp/rundor/{world.round.id}/sammanstallning"
    html = client.get(f"{url}?ordning=tema&installning=ja").get_data(as_text=True)
    assert not problems(html)
    for _title, stance, count in expected:
        assert heading(stance, count) in html
    assert "synpunkter</th>" not in client.get(f"{url}?ordning=tema").get_data(as_text=True).replace("\n", "")
    assert 'installning=ja"' in html  # the downloads keep the choice

    document = Document(io.BytesIO(client.get(f"{url}.docx?ordning=tema&installning=ja").data))
    first_cells = {row.cells[0].text for table in document.tables for row in table.rows}
    assert all(heading(stance, count) in first_cells for _t, stance, count in expected)

    data = client.get(f"{url}.csv?ordning=tema&installning=ja").data.decode("utf-8-sig")
    parts = {row[0] for row in csv.reader(io.StringIO(data), delimiter=";")}
    assert all(f"{title} – {names[stance]}" in parts for title, stance, _c in expected)
    sheet = load_workbook(io.BytesIO(client.get(f"{url}.xlsx?ordning=tema&installning=ja").data)).active
    assert {f"{t} – {names[s]}" for t, s, _c in expected} <= {row[0] for row in sheet.iter_rows(values_only=True)}


def test_a_round_with_the_longest_title_it_may_have_still_downloads_as_word(client, auth, member, world, db_session):
    """A .docx core property holds at most 255 characters; the round's title may have 300 (the document keeps it)."""
    world.round.title = "Remiss " + "å" * 293
    db_session.commit()
    auth.login_as(member)
    answer = client.get(f"/arbetsgrupp/rundor/{world.round.id}/sammanstallning.docx?ordning=avsnitt")
    assert answer.status_code == 200
    document = Document(io.BytesIO(answer.data))
    assert len(document.core_properties.title) == 255 and document.core_properties.title.startswith("Remissamm")
