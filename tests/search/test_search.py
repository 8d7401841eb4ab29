"""Searching a process's texts: Swedish forms and compounds, the same hits on both databases,
filters, ranking and paging, and the index kept current by every write."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from analysis.search_terms import index_terms, query_terms
from app.extensions import db
from consultation.meetings import MeetingNote, NoteStatus
from consultation.people import ActorType
from consultation.people.access import SYSTEM
from consultation.remiss import Comment, Response, ResponseStatus
from consultation.review import Decision, positions
from consultation.review.positions import PositionInput
from consultation.search import SearchDocument, indexing, queries

from ..answers.conftest import CAMPAIGN_TEXT, HOSTILE, NOTE_TEXT, THEMES

TRAFFIC = "Kollektivtrafiken på landsbygden måste bli tätare."
PENDLING = "Fler tågavgångar mellan länets städer behövs för pendlingen."
HOUSING = "Det byggs för få hyresrätter för unga."


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kollektivtrafik", {TRAFFIC}),  # the lemma of "kollektivtrafiken"
        ("pendling", {PENDLING}),  # "pendlingen", a form the lookup table lacks
        ("trafik", {TRAFFIC}),  # the last part of a compound
        ("landsbygd", {TRAFFIC}),
        ("bostad", {HOSTILE}),  # "bostäder"
        ("KOLLEKTIVTRAFIKEN", {TRAFFIC}),
        ("bussen byn", {CAMPAIGN_TEXT, NOTE_TEXT}),  # "kvällsbussen" and "bussen"; every word must match
        ("pendling landsbygd", set()),
        ("hyresrätt", {HOUSING}),
    ],
)
def test_swedish_forms_and_compounds_are_found(answer_run, find, query, expected):
    assert set(find(query)) == expected


def test_both_databases_find_exactly_what_the_terms_say(answer_run, find):
    """FTS5 and the tsvector give the hits the terms define: every wanted word has one of its terms in the text."""
    rows = db.session.scalars(select(SearchDocument)).all()
    for query in ("kollektivtrafik", "bussen", "unga hyresrätter", "kompetens", "byggs", "för", "landsbygd tätare"):
        wanted = query_terms(query)
        expected = {
            r.body for r in rows if all(set(r.terms.split()).intersection(alternatives) for alternatives in wanted)
        }
        assert set(find(query)) == expected, query
        assert expected or query == "kompetens"


def test_more_mentions_rank_higher(answer_run, find, round_, process, author):
    from ..factories import OrganisationFactory

    organisation = OrganisationFactory(actor_type=ActorType.AGENCY)
    response = Response(
        round=round_,
        organisation=organisation,
        created_by=author,
        status=ResponseStatus.SUBMITTED,
        reference=f"{process.code}-2026-9999",
        submitted_at=datetime.now(UTC),
    )
    text = "Hyresrätter, hyresrätter och åter hyresrätter: unga behöver hyresrätter."
    response.comments.append(Comment(body=text, submitted_body=text))
    db.session.add(response)
    db.session.flush()
    assert find("hyresrätter") == [text, HOUSING]


def test_no_words_lists_every_text_newest_first_and_pages(answer_run, find, process):
    everything = find()
    texts = sum(len(entries) for entries in THEMES.values()) + 1
    assert len(everything) == texts
    page = queries.search(db.session, SYSTEM, process.id, [], page=2, per_page=5)
    assert (page.total, page.pages, page.page) == (texts, 3, 2)
    assert [d.body for d in page.items] == everything[5:10]
    beyond = queries.search(db.session, SYSTEM, process.id, [], page=99, per_page=5)
    assert beyond.page == 3 and [d.body for d in beyond.items] == everything[10:]


def test_filters(answer_run, find, version, process):
    first, second = version.sections[0].key, version.sections[1].key
    assert set(find(section_key=second)) == {text for index, text, _ in THEMES["Kompetensförsörjning"] if index == 1}
    assert set(find(section_key="whole")) == {"Strategin som helhet saknar ett kompetensperspektiv."}
    assert NOTE_TEXT in find(section_key=first)  # the note is linked to the first section
    assert set(find(actor_type=ActorType.MUNICIPALITY.value)) == {
        text for entries in THEMES.values() for _, text, kind in entries if kind == ActorType.MUNICIPALITY
    }
    assert find(actor_type="dialogue_meeting") == [NOTE_TEXT]
    assert NOTE_TEXT not in find(round_id=answer_run.run.round_id)
    assert len(find(round_id=answer_run.run.round_id)) == len(find()) - 1
    assert find(round_id=answer_run.run.round_id + 1000) == []
    theme = answer_run.themes["Bostäder"]
    assert set(find(theme_id=theme.id)) == {HOSTILE, HOUSING}
    assert find("unga", theme_id=answer_run.themes["Kollektivtrafik"].id) == []


def test_municipality_filter(answer_run, find):
    comment = answer_run.comments[HOUSING][0]
    comment.response.organisation.municipality = "Östersund"
    db.session.flush()  # the organisation's edit reaches its texts' rows in the same flush
    assert find(municipality="Östersund") == [HOUSING]
    assert "Östersund" in queries.choices(db.session, SYSTEM, comment.response.round.process_id).municipalities


def test_position_filters_and_motivations_are_searched(answer_run, find):
    run_id = answer_run.run.id
    positions.record_position(
        db.session,
        SYSTEM,
        run_id,
        answer_run.subject(HOUSING),
        PositionInput(Decision.ACCEPTED.value, "Hyresrätterna lyfts i avsnittet om boende."),
        None,
    )
    db.session.flush()
    assert set(find(decision=Decision.ACCEPTED)) == {HOUSING, "Hyresrätterna lyfts i avsnittet om boende."}
    assert find(decision=Decision.NOTED) == []
    assert HOUSING not in find(unanswered=True)
    assert TRAFFIC in find(unanswered=True)
    assert set(find("boende")) == {"Hyresrätterna lyfts i avsnittet om boende."}
    document = db.session.scalar(select(SearchDocument).where(SearchDocument.key.like("pc%")))
    assert (document.source, document.section_keys) == ("position", f" {answer_run.comments[HOUSING][0].section.key} ")


def test_index_follows_edits_withdrawals_and_deletions(answer_run, find, process):
    comment = answer_run.comments[TRAFFIC][0]
    comment.submitted_body = "Cykelvägarna behöver underhåll."
    db.session.flush()
    assert find("kollektivtrafik") == []
    assert find("cykelväg") == ["Cykelvägarna behöver underhåll."]

    comment.body = "Ett utkast om spårvagnar som inte är inskickat."  # a draft edit is never indexed
    db.session.flush()
    assert find("spårvagnar") == []

    response = answer_run.comments[PENDLING][0].response
    response.status = ResponseStatus.WITHDRAWN
    db.session.flush()
    assert find("pendling") == []
    response.status = ResponseStatus.SUBMITTED
    db.session.flush()
    assert find("pendling") == [PENDLING]

    db.session.delete(answer_run.comments[HOUSING][0])
    db.session.flush()
    assert find("hyresrätt") == []

    note = db.session.get(MeetingNote, answer_run.note.id)
    note.status = NoteStatus.DRAFT
    db.session.flush()
    assert NOTE_TEXT not in find("bussen")
    note.status = NoteStatus.PUBLISHED
    note.body = "Deltagarna ville ha fler laddstolpar."
    db.session.flush()
    assert find("laddstolpe") == ["Deltagarna ville ha fler laddstolpar."]


def test_a_rolled_back_write_leaves_the_index_as_it_was(answer_run, find):
    savepoint = db.session.begin_nested()
    answer_run.comments[TRAFFIC][0].submitted_body = "Något helt annat om skolor."
    db.session.flush()
    assert find("skola")
    savepoint.rollback()
    assert find("skola") == [] and find("kollektivtrafik") == [TRAFFIC]


def test_reindex_rebuilds_the_same_rows(answer_run, process, find):
    before = {(d.key, d.terms) for d in db.session.scalars(select(SearchDocument))}
    db.session.execute(SearchDocument.__table__.delete())
    assert find("kollektivtrafik") == []
    written = indexing.reindex(db.session, process.id)
    assert written == len(before)
    assert {(d.key, d.terms) for d in db.session.scalars(select(SearchDocument))} == before
    assert find("kollektivtrafik") == [TRAFFIC]


def test_reindex_command(answer_run, runner, process):
    db.session.execute(SearchDocument.__table__.delete())
    db.session.commit()
    result = runner.invoke(args=["search", "reindex", "--process", process.code])
    assert result.exit_code == 0, result.output
    assert "Sökindexet byggt: 11 texter." in result.output
    assert runner.invoke(args=["search", "reindex", "--process", "FINNS-EJ"]).exit_code != 0


def test_terms_hold_lemmas_forms_and_parts():
    assert index_terms("Kollektivtrafiken") == "kollektivtrafiken kollektivtrafik kollektiv trafik"
    assert query_terms("Pendlingen, pendlingen!") == [("pendlingen", "pendling")]
    assert query_terms("<script>alert(1)</script>") == [("script",), ("alert",)]
