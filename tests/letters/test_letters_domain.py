"""A letter attached to a response, read by its job into excerpts, reviewed and confirmed as comments."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app import letter_jobs
from app.extensions import db
from consultation.errors import NotFound, ValidationFailed
from consultation.jobs import Job, JobStatus
from consultation.letters import ExcerptKind, Letter, LetterStatus, files, reading, review
from consultation.remiss import responses

from ..analysis.letters_data import docx
from .conftest import letter_bytes
from .files_for_tests import encrypted_pdf, make_odt, zip_bomb_docx


def now():
    return datetime.now(UTC)


def own_response(user, round_):
    org = user.organisations[0]
    return responses.open_response(db.session, user, round_.id, f"org-{org.id}", now())


def attach_and_read(user, round_, data, name="yttrande.pdf"):
    response = own_response(user, round_)
    letter = files.attach_letter(db.session, user, response.id, name, data, now())
    job = reading.queue_reading(db.session, user, letter.id, now())
    db.session.commit()
    letter_jobs.run_job(job.id)
    db.session.expire_all()
    return db.session.get(Letter, letter.id), response


@pytest.mark.parametrize("name", ["01-ulvsjo-kommun.pdf", "01-ulvsjo-kommun.docx"])
def test_a_read_letter_proposes_its_sections_with_reasons_and_pages(bergslunda_round, writer, name):
    letter, _ = attach_and_read(writer, bergslunda_round, letter_bytes(name), name)

    assert letter.status == LetterStatus.READ
    assert letter.kind == name.rsplit(".", 1)[1]
    assert len(letter.sha256) == 64 and letter.pages >= 1
    comments = [e for e in letter.excerpts if e.kind == ExcerptKind.COMMENT]
    targets = {e.section.key for e in comments if e.section}
    assert "4.1" in targets
    assert any(e.kind == ExcerptKind.BOILERPLATE and "Ulvsjö kommun" in e.text for e in letter.excerpts)
    explained = next(e for e in comments if e.section and e.section.key == "4.1")
    assert "4.1" in explained.reason  # "nämner avsnitt 4.1" or "rubriken liknar '4.1 …'"
    assert explained.pages and all(1 <= p <= letter.pages for p in explained.pages)
    if letter.kind == "pdf":
        assert max(p for e in letter.excerpts for p in e.pages) > 1  # a letter of several pages keeps them


def test_an_odt_letter_is_read_too(bergslunda_round, writer):
    odt = make_odt(
        [
            "Synpunkter på avsnitt 4.1 Kollektivtrafik och hållbart resande",
            "Kommunen vill att busstrafiken på landsbygden byggs ut och att fler pendlar kollektivt.",
        ]
    )
    letter, _ = attach_and_read(writer, bergslunda_round, odt, "svar.odt")
    assert letter.kind == "odt" and letter.status == LetterStatus.READ
    assert any(e.section and e.section.key == "4.1" for e in letter.excerpts)


def test_confirming_makes_the_excerpts_comments_and_keeps_the_letter(bergslunda_round, writer):
    letter, response = attach_and_read(writer, bergslunda_round, letter_bytes("01-ulvsjo-kommun.docx"), "brev.docx")
    proposed = {e.section_id for e in letter.excerpts if e.kind == ExcerptKind.COMMENT}

    review.confirm_letter(db.session, writer, letter.id, now())
    db.session.commit()

    assert letter.status == LetterStatus.CONFIRMED
    assert {c.section_id for c in response.comments} == proposed
    assert all(e.comment is not None for e in letter.excerpts if e.kind == ExcerptKind.COMMENT)
    assert all(e.comment is None for e in letter.excerpts if e.kind == ExcerptKind.BOILERPLATE)
    submission = responses.submit_response(db.session, writer, response.id, now())
    assert submission.response.reference and len(submission.snapshot) == len(proposed)
    assert db.session.scalar(select(Letter).where(Letter.response_id == response.id)) is letter


def test_review_moves_merges_splits_and_drops_excerpts(bergslunda_round, writer):
    letter, response = attach_and_read(writer, bergslunda_round, letter_bytes("01-ulvsjo-kommun.docx"), "brev.docx")
    sections = {s.key: s for s in bergslunda_round.version.sections}
    comments = [e for e in letter.excerpts if e.kind == ExcerptKind.COMMENT]
    first, second = comments[0], comments[1]

    review.set_target(db.session, writer, letter.id, first.id, f"section-{sections['6.2'].id}", now())
    assert first.section.key == "6.2" and first.reason == "ändrat av dig"
    review.set_target(db.session, writer, letter.id, second.id, review.NONE, now())
    assert second.kind == ExcerptKind.BOILERPLATE

    count = len(letter.excerpts)
    multi = next(e for e in letter.excerpts if len(e.paragraphs) > 1)
    head = multi.paragraphs[0]
    rest = review.split_excerpt(db.session, writer, letter.id, multi.id, 1, now())
    assert multi.text == head and rest.position == multi.position + 1 and len(letter.excerpts) == count + 1
    review.merge_with_previous(db.session, writer, letter.id, rest.id, now())
    assert multi.paragraphs[0] == head and len(multi.paragraphs) > 1 and len(letter.excerpts) == count
    assert [e.position for e in sorted(letter.excerpts, key=lambda e: e.position)] == list(range(count))

    review.confirm_letter(db.session, writer, letter.id, now())
    by_section = {c.section_id: c for c in response.comments}
    assert sections["6.2"].id in by_section and first.text in by_section[sections["6.2"].id].body
    assert all(second.text not in c.body for c in response.comments)


def test_the_job_is_idempotent(bergslunda_round, writer):
    letter, _ = attach_and_read(writer, bergslunda_round, letter_bytes("02-lansstyrelsen-bergslunda.docx"), "b.docx")
    first = [(e.text, e.section_id) for e in letter.excerpts]
    # A worker that died after storing the excerpts: the job runs again and keeps one copy.
    letter.status = LetterStatus.READING
    job = db.session.get(Job, letter.job_id)
    job.status = JobStatus.QUEUED
    db.session.commit()
    letter_jobs.run_job(job.id)
    db.session.expire_all()
    assert [(e.text, e.section_id) for e in db.session.get(Letter, letter.id).excerpts] == first
    # And once confirmed, a stray run leaves it alone.
    review.confirm_letter(db.session, writer, letter.id, now())
    job.status = JobStatus.QUEUED
    db.session.commit()
    letter_jobs.run_job(job.id)
    assert db.session.get(Letter, letter.id).status == LetterStatus.CONFIRMED


def test_a_declining_letter_is_flagged(bergslunda_round, writer):
    data = docx(
        [
            ("p", "Ulvsjö kommun"),
            ("p", "Remissvar om regional utvecklingsstrategi"),
            ("p", "Ulvsjö kommun har beretts tillfälle att yttra sig över förslaget."),
            ("p", "Kommunen avstår från att yttra sig i ärendet."),
            ("p", "Med vänliga hälsningar"),
            ("p", "Kari Berg"),
        ]
    )
    letter, _ = attach_and_read(writer, bergslunda_round, data, "avstar.docx")
    assert letter.status == LetterStatus.READ and letter.declines
    assert not any(e.kind == ExcerptKind.COMMENT for e in letter.excerpts)


def test_an_encrypted_pdf_fails_with_a_swedish_reason(bergslunda_round, writer):
    letter, _ = attach_and_read(writer, bergslunda_round, encrypted_pdf(), "lasad.pdf")
    assert letter.status == LetterStatus.FAILED
    assert "lösenord" in letter.error.lower() or "krypter" in letter.error.lower()


def test_refused_before_reading(bergslunda_round, writer):
    response = own_response(writer, bergslunda_round)
    for data in (b"", b"<svg onload=alert(1)>", zip_bomb_docx(), b"MZ\x90\x00not a letter"):
        with pytest.raises(ValidationFailed):
            files.attach_letter(db.session, writer, response.id, "x.pdf", data, now())
    assert db.session.scalar(select(Letter)) is None


def test_no_one_reads_another_organisations_letter(bergslunda_round, writer, other_org_user, working_group):
    letter, response = attach_and_read(writer, bergslunda_round, letter_bytes("01-ulvsjo-kommun.docx"), "b.docx")
    for user in (other_org_user, working_group):
        with pytest.raises(NotFound):
            files.get_readable_letter(db.session, user, letter.id)
        with pytest.raises(NotFound):
            review.confirm_letter(db.session, user, letter.id, now())
        with pytest.raises(NotFound):
            reading.queue_reading(db.session, user, letter.id, now())
    review.confirm_letter(db.session, writer, letter.id, now())
    responses.submit_response(db.session, writer, response.id, now())
    assert files.get_readable_letter(db.session, working_group, letter.id) is letter
    with pytest.raises(NotFound):
        files.get_readable_letter(db.session, other_org_user, letter.id)
