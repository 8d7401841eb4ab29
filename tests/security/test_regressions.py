"""Bugs the sweeps in this package found: each one pinned by a test a person would recognise."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from consultation.meetings import MeetingNote, NoteKind
from consultation.review import AnalysisRun

from .conftest import changed_tables, fingerprint


def test_moving_texts_without_choosing_a_theme_asks_for_one_instead_of_failing(world, visitors):
    """Was: the service looked up theme None (an SQLAlchemy warning) and answered 404 "Temat finns inte"."""
    ids = world.ids
    run = db.session.get(AnalysisRun, ids["run"])
    item = next(i.id for t in run.themes if t.id == ids["theme"] for i in t.items)
    db.session.expunge_all()
    greta = visitors("working_group")
    before = fingerprint()
    response = greta.post(
        f"/arbetsgrupp/analys/{ids['run']}/teman/{ids['theme']}/texter", {"action": "move", "item_ids": str(item)}
    )
    assert response.status_code == 422
    assert "Välj vilket tema texterna ska flyttas till." in response.get_data(as_text=True)
    assert not changed_tables(before, fingerprint())


def test_a_note_form_posted_with_fields_missing_is_refused_with_a_message_not_a_crash(world, visitors):
    """Was: the missing fields were filled from the note itself, its tags as objects, and the save crashed (500)."""
    ids = world.ids
    fia = visitors("facilitator")
    before = fingerprint()
    response = fia.post(f"/dialogtraffar/{ids['meeting']}/anteckningar/{ids['note']}", {"kind": "proposal"})
    assert response.status_code == 422
    assert "Skriv vad som sades." in response.get_data(as_text=True)
    assert not changed_tables(before, fingerprint())


def test_a_next_step_can_be_turned_into_another_kind_of_note(world, visitors):
    """Was: the new kind was flushed before the step fields were cleared, the database refused it (500)."""
    ids = world.ids
    response = visitors("facilitator").post(
        f"/dialogtraffar/{ids['meeting']}/anteckningar/{ids['note']}",
        {"kind": "proposal", "body": "Nu ett förslag i stället.", "tags": "tagg", "step_status": "open"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    note = db.session.scalar(select(MeetingNote).where(MeetingNote.id == ids["note"]))
    assert (note.kind, note.body, note.owner_name, note.step_status) == (
        NoteKind.PROPOSAL,
        "Nu ett förslag i stället.",
        None,
        None,
    )
