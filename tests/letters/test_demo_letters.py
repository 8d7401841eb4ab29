"""`flask demo load` brings three letters, read by the real job and submitted: a municipality's PDF with its
decision, an agency's .docx, and a scan that came by post, registered by the coordinator."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from analysis.letters import ocr
from app.demo.loader import load_demo_data
from consultation.letters import Letter, LetterStatus
from consultation.remiss import ResponseStatus

from ..conftest import PASSWORD


def test_the_demo_letters_are_read_confirmed_and_shown_with_their_pages(client, auth, db_session):
    if not ocr.available():
        pytest.skip("Tesseract is not installed: the demo's scanned letter stays unread")
    load_demo_data(db_session, PASSWORD)
    db_session.commit()
    letters = {letter.kind: letter for letter in db_session.scalars(select(Letter).order_by(Letter.id))}
    assert len(db_session.scalars(select(Letter)).all()) == 3
    for letter in db_session.scalars(select(Letter)):
        assert letter.status == LetterStatus.CONFIRMED, (letter.filename, letter.status, letter.error)
        assert letter.response.status == ResponseStatus.SUBMITTED
    municipality = next(letter for letter in db_session.scalars(select(Letter)) if letter.decision_paragraph)
    assert municipality.kind == "pdf" and municipality.pages == 2 and not municipality.ocr_pages
    assert municipality.decision_body == "Kommunstyrelsen" and municipality.decision_paragraph == "§ 87"
    # Each letter's comments on the sections it discusses (the demo reads by words, as the test does).
    assert {e.section.number for e in municipality.excerpts if e.is_comment and e.section} == {"4.1", "3.1", "4.4"}
    assert {e.section.number for e in letters["docx"].excerpts if e.is_comment and e.section} == {"5.1", "4.2", "6.2"}
    assert letters["docx"].response.organisation.actor_type == "agency"
    scanned = next(letter for letter in db_session.scalars(select(Letter)) if letter.ocr_pages)
    assert {e.section.number for e in scanned.excerpts if e.is_comment and e.section} == {"4.4", "4.1"}
    registered = scanned.response
    assert registered.is_registration and not registered.received_late and registered.diarienummer
    assert registered.registered_by.email == "admin@samrad.example"

    auth.login(email="arbetsgrupp@samrad.example", password=PASSWORD)
    page = client.get(f"/arbetsgrupp/svar/{municipality.response_id}").get_data(as_text=True)
    assert re.search(rf'/brev/{municipality.id}/original#page=2">\s*ur bifogat brev, s\. 2', page)
    page = client.get(f"/arbetsgrupp/svar/{registered.id}").get_data(as_text=True)
    assert "Registrerat av Sara Lindqvist" in page and "ur bifogat brev, s. 1" in page
