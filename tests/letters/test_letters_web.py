"""A stakeholder attaches a letter on the response page, has it read, reviews it, confirms and submits."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from app.extensions import db
from consultation.letters import ExcerptKind, Letter, LetterStatus
from consultation.remiss import Response, ResponseStatus

from .conftest import letter_bytes
from .files_for_tests import zip_bomb_docx


def start(auth, round_, user):
    org = user.organisations[0]
    started = auth.post(f"/remiss/{round_.id}/svar", {"owner": f"org-{org.id}"}, form_url=f"/remiss/{round_.id}")
    return started.headers["Location"]


def upload(auth, response_id, data, name, **fields):
    return auth.post(
        f"/svar/{response_id}/brev",
        {"file": (io.BytesIO(data), name), **fields},
        content_type="multipart/form-data",
    )


def test_attach_read_review_confirm_and_submit(clock, client, auth, bergslunda_round, writer):
    auth.login_as(writer)
    edit_url = start(auth, bergslunda_round, writer)
    response = db.session.scalar(select(Response))
    assert "Bifoga brev" in client.get(edit_url).get_data(as_text=True)

    attached = upload(
        auth,
        response.id,
        letter_bytes("01-ulvsjo-kommun.pdf"),
        "Yttrande <Ulvsjö>.pdf",
        decision_body="Kommunstyrelsen",
        decision_date="2025-10-21",
        decision_paragraph="§ 112",
    )
    assert attached.status_code == 302, attached.get_data(as_text=True)
    letter_url = attached.headers["Location"]
    page = client.get(letter_url).get_data(as_text=True)
    assert "Läs in synpunkterna ur brevet" in page and "Kommunstyrelsen, 2025-10-21, § 112" in page

    read = auth.post(letter_url + "/las-in", form_url=letter_url)  # the inline transport reads it at once
    assert read.status_code == 302
    letter = db.session.scalar(select(Letter))
    db.session.refresh(letter)
    assert letter.status == LetterStatus.READ
    page = client.get(letter_url).get_data(as_text=True)
    assert "Granska förslaget" in page and "Ur brevet, s. 1" in page and "Varför: " in page

    # Two adjustments: one excerpt moved to 6.2, one marked as not a comment.
    sections = {s.key: s for s in bergslunda_round.version.sections}
    comments = [e for e in letter.excerpts if e.kind == ExcerptKind.COMMENT]
    moved, dropped = comments[0], comments[1]
    change = f"{letter_url}/utdrag/{moved.id}"
    assert (
        auth.post(
            change, {"action": "target", f"target-{moved.id}": f"section-{sections['6.2'].id}"}, form_url=letter_url
        ).status_code
        == 302
    )
    change = f"{letter_url}/utdrag/{dropped.id}"
    assert (
        auth.post(change, {"action": "target", f"target-{dropped.id}": "none"}, form_url=letter_url).status_code == 302
    )

    confirmed = auth.post(letter_url + "/bekrafta", form_url=letter_url)
    assert confirmed.status_code == 302 and confirmed.headers["Location"].endswith(edit_url)
    edit_page = client.get(edit_url).get_data(as_text=True)
    assert moved.text.split("\n\n")[0][:60] in edit_page
    db.session.expire_all()
    response = db.session.get(Response, response.id)
    assert {c.section.key for c in response.comments if c.section} >= {"6.2", "4.1"}
    assert all(dropped.text not in c.body for c in response.comments)

    boxes = {k: v for k, v in re.findall(r'name="(comment-[^"]+)"[^>]*>([^<]*)</textarea>', edit_page, re.S)}
    revisions = dict(re.findall(r'name="(revision-[^"]+)" value="([^"]*)"', edit_page))
    data = {name: html_unescape(text) for name, text in boxes.items()}
    data.update(revisions)
    submitted = auth.post(edit_url, {**data, "action": "submit"})
    assert submitted.status_code == 302, submitted.get_data(as_text=True)
    db.session.expire_all()
    response = db.session.get(Response, response.id)
    assert response.status == ResponseStatus.SUBMITTED and response.reference
    assert db.session.scalar(select(Letter)).response_id == response.id


def html_unescape(text):
    import html

    return html.unescape(text)


def test_a_refused_file_says_why_and_keeps_what_was_typed(client, auth, bergslunda_round, writer):
    auth.login_as(writer)
    start(auth, bergslunda_round, writer)
    response = db.session.scalar(select(Response))
    for data, name, expected in (
        (zip_bomb_docx(), "bomb.docx", "zip-bomb"),
        (b"<svg onload=alert(1)>", "bild.pdf", "Filtypen stöds inte"),
    ):
        refused = upload(auth, response.id, data, name, decision_body="Nämnden <b>för</b> teknik")
        page = refused.get_data(as_text=True)
        assert refused.status_code == 422 and expected in page
        assert 'value="Nämnden &lt;b&gt;för&lt;/b&gt; teknik"' in page
    assert db.session.scalar(select(Letter)) is None


def test_the_original_is_served_with_safe_headers_and_only_to_whom_may_read_it(
    client, auth, bergslunda_round, writer, other_org_user, working_group
):
    auth.login_as(writer)
    start(auth, bergslunda_round, writer)
    response = db.session.scalar(select(Response))
    letter_url = upload(auth, response.id, letter_bytes("01-ulvsjo-kommun.pdf"), "brev.pdf").headers["Location"]
    original = client.get(letter_url + "/original")
    assert original.status_code == 200 and original.data.startswith(b"%PDF-")
    assert original.headers["Content-Disposition"].startswith("inline; filename*=UTF-8''brev.pdf")
    assert original.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in original.headers["Content-Security-Policy"]
    for other in (other_org_user, working_group):
        auth.logout()
        auth.login_as(other)
        for url in (letter_url, letter_url + "/original", letter_url + "/forlopp"):
            assert client.get(url).status_code == 404, (other.email, url)


def test_the_working_group_sees_each_excerpts_page_and_opens_the_original_there(
    client, auth, bergslunda_round, writer, working_group, other_org_user
):
    from consultation.letters import review
    from consultation.remiss import responses

    from ..compilation.conftest import analyse_by_hand
    from .test_letters_domain import attach_and_read, now

    letter, response = attach_and_read(writer, bergslunda_round, letter_bytes("01-ulvsjo-kommun.pdf"), "ulvsjo.pdf")
    review.confirm_letter(db.session, writer, letter.id, now())
    responses.submit_response(db.session, writer, response.id, now())
    run = analyse_by_hand(bergslunda_round, {"Allt": []}, include_notes=False)
    db.session.commit()
    later = next(e for e in letter.excerpts if e.comment is not None and e.pages and e.pages[0] > 1)

    auth.login_as(working_group)
    page = client.get(f"/arbetsgrupp/svar/{response.id}").get_data(as_text=True)
    assert "Inkom som brev" in page and "ulvsjo.pdf" in page
    assert f'/brev/{letter.id}/original#page={later.pages[0]}"' in page and "ur bifogat brev, s. " in page
    theme = client.get(f"/arbetsgrupp/analys/{run.id}/teman/{run.themes[0].id}").get_data(as_text=True)
    assert f"/brev/{letter.id}/original#page=" in theme and "ur bifogat brev, s. 1" in theme
    compilation = client.get(f"/arbetsgrupp/rundor/{bergslunda_round.id}/sammanstallning").get_data(as_text=True)
    assert "Har svarat med brev utan inbjudan" in compilation  # which responses came as letters
    original = client.get(f"/brev/{letter.id}/original")
    assert original.status_code == 200 and original.data == letter_bytes("01-ulvsjo-kommun.pdf")
    # Still no one else's business, nor is the review page the working group's.
    assert client.get(f"/brev/{letter.id}").status_code == 404
    auth.logout()
    auth.login_as(other_org_user)
    assert client.get(f"/brev/{letter.id}/original").status_code == 404
