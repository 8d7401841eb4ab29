"""The comparison page and its Word download, as readers and the working group see them."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.text.run import Run

from app.extensions import db
from consultation.drafts.publication import publish_version
from consultation.drafts.versions import add_version, parse_markdown
from consultation.people import Role
from consultation.people.access import SYSTEM

from .conftest import V2

URL = "/process/RUS2040/forslag/jamfor"


def test_anyone_sees_what_changed_marked_like_track_changes(client, revised):
    html = client.get(URL).get_data(as_text=True)

    assert "2 avsnitt ändrade, 1 nytt, 1 borttaget" in html
    assert (
        '<ins><span class="visually-hidden">infogat: </span> och pendling'
        '<span class="visually-hidden"> (slut på infogat)</span></ins>'
    ) in html
    assert '<del><span class="visually-hidden">borttaget: </span>4 Bredband' in html
    assert "Nytt avsnitt" in html and "Borttaget avsnitt" in html


def test_user_text_is_shown_as_text_never_as_markup(client, revised):
    html = client.get(URL).get_data(as_text=True)

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&amp; &lt;b&gt;inget annat&lt;/b&gt;" in html


def test_the_draft_and_process_pages_link_to_the_comparison(client, revised):
    for page in ("/process/RUS2040", "/process/RUS2040/forslag"):
        html = client.get(page).get_data(as_text=True)
        assert 'href="/process/RUS2040/forslag/jamfor?till=2"' in html
        assert "Vad har ändrats sedan version 1?" in html


@pytest.mark.parametrize("query", ["?fran=3", "?fran=1&till=9", "?fran=²", "?till=99999999999999999999999"])
def test_a_version_that_does_not_exist_is_a_clear_404(client, revised, query):
    response = client.get(URL + query)
    assert response.status_code == 404
    assert "Den versionen av förslaget finns inte." in response.get_data(as_text=True)


@pytest.mark.parametrize("role", [None, Role.STAKEHOLDER, Role.FACILITATOR])
def test_a_draft_version_is_compared_only_by_those_who_write_it(client, auth, revised, make_user, role):
    add_version(db.session, revised.v2.document, parse_markdown(V2.replace("Kollektivtrafik", "Utkasttrafik")))
    if role:
        auth.login_as(make_user(role))
    assert client.get(URL + "?fran=2&till=3").status_code == 404
    html = client.get(URL).get_data(as_text=True)  # the default: the two newest this person may read
    assert "Utkasttrafik" not in html and "2 avsnitt ändrade" in html

    if role:
        auth.logout()
    auth.login_as(make_user(Role.WORKING_GROUP))
    assert "Utkasttrafik" in client.get(URL + "?fran=2&till=3").get_data(as_text=True)


def test_the_working_group_sees_the_points_behind_each_change_one_click_from_each(client, auth, revised, make_user):
    auth.login_as(make_user(Role.WORKING_GROUP))
    html = client.get(URL).get_data(as_text=True)

    assert "Ändrat med anledning av 2 synpunkter (beaktas 1, beaktas delvis 1)" in html
    assert "Ändrat med anledning av 1 synpunkt (beaktas delvis 1)" in html
    run = revised.run.id
    assert f'href="/arbetsgrupp/analys/{run}/synpunkter/{revised.comments["kommun"].id}"' in html
    assert f'href="/arbetsgrupp/analys/{run}/anteckningar/{revised.note.id}"' in html
    assert "Pendlingen måste bli hållbar." in html
    assert "Inledningen är bra." not in html  # noted, acted on nowhere


@pytest.mark.parametrize("role", [None, Role.STAKEHOLDER, Role.FACILITATOR])
def test_others_see_the_changes_but_not_the_unpublished_positions(client, auth, revised, make_user, role):
    if role:
        auth.login_as(make_user(role))
    html = client.get(URL).get_data(as_text=True)

    assert "2 avsnitt ändrade" in html
    assert "Ändrat med anledning av" not in html
    assert "Pendlingen måste bli hållbar." not in html and "/analys/" not in html


def test_the_word_download_underlines_insertions_and_strikes_deletions(client, revised):
    response = client.get(URL + ".docx?fran=1&till=2")

    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="jamforelse-RUS2040-v1-v2.docx"'
    document = Document(io.BytesIO(response.data))
    runs = [Run(r, paragraph) for paragraph in document.paragraphs for r in paragraph._p.xpath(".//w:r")]
    underlined = {run_text(run) for run in runs if run.font.underline}
    struck = {run_text(run) for run in runs if run.font.strike}
    assert {"och pendling", "utvecklas", "aktivt"} <= underlined
    assert {"byggas ut", "4 Bredband", "Bredband ska finnas i alla hushåll senast 2025."} <= struck
    text = "\n".join(accepted(p) for p in document.paragraphs)
    assert "2 avsnitt ändrade, 1 nytt, 1 borttaget" in text
    assert "5 Klimat <script>alert(1)</script>" in text  # as text: Word shows it, nothing runs
    assert not underlined & struck


def run_text(run) -> str:
    return "".join(t.text or "" for t in run._r.xpath("./w:t | ./w:delText")).strip()


def accepted(paragraph) -> str:
    """The paragraph's text with every tracked change accepted: insertions in, deletions out."""
    return "".join(t.text or "" for t in paragraph._p.xpath(".//w:t[not(ancestor::w:del)]"))


def test_the_word_download_holds_real_tracked_changes_that_accept_to_the_new_text(client, revised):
    document = Document(io.BytesIO(client.get(URL + ".docx?fran=1&till=2").data))
    body = document.element.body
    insertions, deletions = body.xpath(".//w:ins"), body.xpath(".//w:del")
    assert insertions and deletions
    ids = [change.get(qn("w:id")) for change in insertions + deletions]
    assert len(ids) == len(set(ids))  # Word refuses a file whose changes share an id
    assert all(change.get(qn("w:author")) == "Samråd" for change in insertions + deletions)
    # Deleted text is w:delText (w:t inside w:del makes Word call the file damaged).
    assert not body.xpath(".//w:del//w:t") and body.xpath(".//w:del//w:delText")
    deleted = {"".join(t.text for t in d.iter(qn("w:delText"))).strip() for d in deletions}
    assert "Bredband ska finnas i alla hushåll senast 2025." in deleted
    # Accepting every change gives the new version's text of a changed section.
    new_text = {accepted(p).strip() for p in document.paragraphs}
    v2_body = revised.v2.sections[1].body.strip()
    assert v2_body.splitlines()[0].strip() in new_text


def test_by_default_a_reader_compares_with_the_last_version_they_may_read(client, revised):
    draft = add_version(db.session, revised.v2.document, parse_markdown(V2.replace("Kollektivtrafik", "Utkasttrafik")))
    newest = add_version(db.session, revised.v2.document, parse_markdown(V2.replace("pendla", "resa")))
    publish_version(db.session, SYSTEM, newest.id)
    assert (draft.number, newest.number) == (3, 4)

    html = client.get(URL).get_data(as_text=True)  # version 3 is a draft: 2 against 4
    assert "Utkasttrafik" not in html and "resa" in html
    assert "Den versionen av förslaget finns inte." in client.get(URL + "?fran=3&till=4").get_data(as_text=True)


@pytest.mark.parametrize("kind", ["comment", "note"])
def test_from_a_comment_or_note_its_position_and_the_changed_section_are_one_click_away(
    client, auth, revised, make_user, kind
):
    auth.login_as(make_user(Role.WORKING_GROUP))
    subject = revised.comments["kommun"] if kind == "comment" else revised.note
    path = "synpunkter" if kind == "comment" else "anteckningar"
    html = client.get(f"/arbetsgrupp/analys/{revised.run.id}/{path}/{subject.id}").get_data(as_text=True)

    link = f'href="/process/RUS2040/forslag/jamfor#avsnitt-{revised.key("2")}"'
    assert link in html and "2 Kompetensförsörjning</a>" in html
    comparison = client.get(URL).get_data(as_text=True)
    assert f'id="avsnitt-{revised.key("2")}"' in comparison
