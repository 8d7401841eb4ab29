"""The adopted strategy (issue 14): a public page and a Word file, once the council has adopted a version."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from docx import Document as WordDocument
from docx.oxml.ns import qn

from consultation.drafts import Document, adoption
from consultation.drafts.publication import publish_version
from consultation.drafts.versions import add_version, parse_markdown
from consultation.people import Role
from consultation.people.access import SYSTEM

from ..factories import ProcessFactory, UserFactory, add_round
from ..htmlcheck import problems

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HOSTILE = "<script>alert('strategi')</script>"
STRATEGY = f"""# Regional utvecklingsstrategi för Fjällby län

## 1 Inledning

Regionen växer och **förändras**, i hela *länet*.

## 2 Kompetensförsörjning

Regionen ska

- stärka vården,
- stärka industrin.

### 2.1 Utbildning

1. Fler utbildningsplatser.
2. Fler lärlingar.

## 3 Klimat {HOSTILE}

Målet är ett klimatneutralt län 2040 & <b>inget annat</b> {HOSTILE}.

1. Första steget.
2. Andra steget.
"""
DECISION = adoption.Decision("Regionfullmäktige", date(2026, 11, 24), "§ 112, RS 2026/341")
DECIDED = "Antagen av Regionfullmäktige den 24 november 2026, § 112, RS 2026/341"


@pytest.fixture
def strategy(db_session):
    """Version 1 out on a round whose compilation is published; version 2 published, not yet adopted."""
    process = ProcessFactory(code="RUS2040", title="RUS 2040", region="Region Fjällby")
    document = Document(process=process, title="Förslag till regional utvecklingsstrategi")
    db_session.add(document)
    v1 = publish_version(
        db_session, SYSTEM, add_version(db_session, document, parse_markdown("# 1 Inledning\n\nEtt.\n")).id
    )
    round_ = add_round(
        process,
        v1,
        title="Remiss av RUS 2040",
        opens_at=datetime.now(UTC) - timedelta(days=40),
        closes_at=datetime.now(UTC) - timedelta(days=10),
    )
    round_.compilation_published_at = datetime.now(UTC) - timedelta(days=5)
    v2 = add_version(
        db_session, document, parse_markdown(STRATEGY), title="Regional utvecklingsstrategi för Fjällby län"
    )
    publish_version(db_session, SYSTEM, v2.id)
    db_session.commit()
    return process, v2, round_


def adopt(db_session, version):
    adoption.adopt_version(db_session, SYSTEM, version.id, DECISION, date(2026, 12, 2))
    db_session.commit()


def word(client, code: str = "RUS2040"):
    response = client.get(f"/process/{code}/strategi.docx")
    assert response.status_code == 200
    return response, WordDocument(io.BytesIO(response.data))


def instructions(element) -> list[str]:
    return [" ".join((t.text or "").split()) for t in element.iter(f"{W}instrText")]


def test_before_adoption_the_page_and_the_file_say_the_strategy_is_not_adopted_yet(client, strategy):
    for url in ("/process/RUS2040/strategi", "/process/RUS2040/strategi.docx"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Strategin är inte antagen ännu." in response.get_data(as_text=True)
    assert "/strategi" not in client.get("/process/RUS2040").get_data(as_text=True)


def test_once_adopted_the_page_shows_the_decision_and_every_section_linked_from_its_contents(
    client, db_session, strategy
):
    _process, version, round_ = strategy
    adopt(db_session, version)
    response = client.get("/process/RUS2040/strategi")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert re.findall(r"<h1>(.*?)</h1>", html) == ["Regional utvecklingsstrategi för Fjällby län"]
    decision = html[html.index('id="decision-title"') : html.index("</dl>")]
    for shown in ("Regionfullmäktige", "24 november 2026", "§ 112, RS 2026/341"):
        assert shown in decision
    for section in version.sections:
        assert f'href="#avsnitt-{section.number}"' in html and f'id="avsnitt-{section.number}"' in html
    assert '<span class="section-number">2.1</span> Utbildning</h3>' in html  # a subsection one level down
    assert "<li>stärka vården,</li>" in html and "<strong>förändras</strong>" in html
    assert f'href="/process/RUS2040/remiss/{round_.id}/sammanstallning"' in html
    assert f'href="/process/RUS2040/remiss/{round_.id}/vi-gjorde"' in html
    assert 'href="/process/RUS2040/strategi.docx"' in html
    assert problems(html) == []
    page = client.get("/process/RUS2040").get_data(as_text=True)
    assert 'href="/process/RUS2040/strategi"' in page and 'href="/process/RUS2040/strategi.docx"' in page
    adopted_version = client.get(f"/process/RUS2040/forslag/v{version.number}").get_data(as_text=True)
    assert 'href="/process/RUS2040/strategi"' in adopted_version


def test_hostile_section_text_is_shown_as_text(client, db_session, strategy):
    adopt(db_session, strategy[1])
    html = client.get("/process/RUS2040/strategi").get_data(as_text=True)
    assert "<script>alert" not in html and "<b>inget annat</b>" not in html
    assert "&lt;script&gt;alert(&#39;strategi&#39;)&lt;/script&gt;" in html  # in the heading, as typed
    assert "&amp; &lt;b&gt;inget annat&lt;/b&gt;" in html


def test_without_a_published_compilation_the_page_links_to_none(client, db_session, strategy):
    _process, version, round_ = strategy
    round_.compilation_published_at = None
    adopt(db_session, version)
    html = client.get("/process/RUS2040/strategi").get_data(as_text=True)
    assert "/sammanstallning" not in html and "/vi-gjorde" not in html


def test_the_word_file_has_a_title_page_a_toc_word_fills_the_sections_in_order_and_page_numbers(
    client, db_session, strategy
):
    _process, version, _round = strategy
    adopt(db_session, version)
    response, document = word(client)
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response.headers["Content-Disposition"] == 'attachment; filename="antagen-strategi-RUS2040.docx"'
    paragraphs = document.paragraphs
    title_page = [(p.style.name, p.text) for p in paragraphs[:4]]
    assert title_page[:3] == [
        ("Title", "Regional utvecklingsstrategi för Fjällby län"),
        ("Subtitle", "Region Fjällby"),
        ("Normal", DECIDED),
    ]
    body = document.element.body
    assert [i for i in instructions(body) if i.startswith("TOC")] == ['TOC \\o "1-3" \\h \\z \\u']
    begin = next(c for c in body.iter(f"{W}fldChar") if c.get(qn("w:fldCharType")) == "begin")
    assert begin.get(qn("w:dirty")) == "true"
    assert '<w:updateFields w:val="true"/>' in document.settings.element.xml
    headings = [(p.style.name, p.text) for p in paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        ("Heading 1", "1 Inledning"),
        ("Heading 1", "2 Kompetensförsörjning"),
        ("Heading 2", "2.1 Utbildning"),
        ("Heading 1", f"3 Klimat {HOSTILE}"),
    ]
    # The title page names the compilation that led to the decision, with its address.
    texts = [p.text for p in paragraphs]
    assert "Remissammanställning: Remiss av RUS 2040" in texts
    assert any(
        t.startswith("http") and t.endswith(f"/process/RUS2040/remiss/{_round.id}/sammanstallning") for t in texts
    )
    first = document.sections[0]
    assert first.different_first_page_header_footer  # no number on the title page
    assert instructions(first.footer._element) == ["PAGE", "NUMPAGES"]


def test_the_word_file_keeps_the_markdown_as_paragraphs_lists_and_emphasis(client, db_session, strategy):
    adopt(db_session, strategy[1])
    _response, document = word(client)
    paragraphs = document.paragraphs
    texts = [p.text for p in paragraphs]
    assert "Regionen växer och förändras, i hela länet." in texts
    bold = next(r for p in paragraphs for r in p.runs if r.text == "förändras")
    italic = next(r for p in paragraphs for r in p.runs if r.text == "länet")
    assert bold.bold and italic.italic
    bullets = [p.text for p in paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["stärka vården,", "stärka industrin."]
    numbered = [p for p in paragraphs if p.style.name == "List Number"]
    assert [p.text for p in numbered] == [
        "Fler utbildningsplatser.",
        "Fler lärlingar.",
        "Första steget.",
        "Andra steget.",
    ]
    # Each list counts from 1: a numbering of its own, not Word's one numbering for the style.
    ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert ids[0] == ids[1] and ids[2] == ids[3] and ids[0] != ids[2]
    assert f"Målet är ett klimatneutralt län 2040 & <b>inget annat</b> {HOSTILE}." in texts  # text, never markup
    assert not list(document.element.body.iter(f"{W}hyperlink"))


def test_a_title_and_a_decision_as_long_as_they_may_be_still_make_a_word_file(client, db_session, strategy):
    _process, version, _round = strategy
    version.title = "Strategi " * 33  # 297 characters: more than a Word document property holds
    adoption.adopt_version(
        db_session, SYSTEM, version.id, adoption.Decision("R" * 200, DECISION.decided_on, "§" * 200), date(2026, 12, 2)
    )
    db_session.commit()
    _response, document = word(client)
    assert document.paragraphs[0].text == version.title
    assert document.core_properties.title == version.title[:255]


RICH_BODY = """Se [planen](https://example.se/plan) och `kod`.
Rad ett\\
rad två.

> Ett citat ur remissvaren.

```
rad 1
  rad 2
```

- Yttre punkt
  - Inre punkt

1. Lös punkt ett.

   Fortsättning på punkt ett.

2. Lös punkt två.

| Mål | År |
|-----|----|
| Klimatneutralt | 2040 |

#### En underrubrik
"""


def test_links_quotes_code_nested_lists_and_tables_come_through_as_word_text(client, db_session, strategy):
    _process, version, _round = strategy
    section = next(s for s in version.sections if s.number == "1")
    section.body = RICH_BODY  # as if the version had been made with it (a published version is never edited)
    db_session.commit()
    adopt(db_session, version)
    _response, document = word(client)
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Normal", "Se planen och kod. Rad ett\nrad två.") in styled  # a soft break a space, a hard one kept
    assert ("Quote", "Ett citat ur remissvaren.") in styled
    assert ("Normal", "rad 1\n  rad 2") in styled  # a code block keeps its lines and indentation
    assert ("List Bullet", "Yttre punkt") in styled and ("List Bullet 2", "Inre punkt") in styled
    assert ("List Number", "Lös punkt ett.") in styled and ("List Continue", "Fortsättning på punkt ett.") in styled
    assert ("Heading 5", "En underrubrik") in styled  # the text's own h4, counted from below its section's heading
    cells = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert cells == [["Mål", "År"], ["Klimatneutralt", "2040"]]
    body = document.element.body
    assert not list(body.iter(f"{W}hyperlink"))  # a link's words, never an address Word would open
    assert "https://example.se/plan" not in "".join(t.text or "" for t in body.iter(f"{W}t"))


@pytest.mark.parametrize("role", [None, Role.STAKEHOLDER, Role.FACILITATOR, Role.WORKING_GROUP, Role.ADMIN])
def test_once_adopted_it_is_public_for_everyone(client, auth, db_session, strategy, role):
    adopt(db_session, strategy[1])
    if role is not None:
        auth.login_as(UserFactory(roles=[role]))
        db_session.commit()
    assert client.get("/process/RUS2040/strategi").status_code == 200
    assert client.get("/process/RUS2040/strategi.docx").status_code == 200


def test_a_hidden_process_keeps_its_adopted_strategy_to_the_coordinators(client, auth, db_session, strategy):
    process, version, _round = strategy
    adopt(db_session, version)
    process.is_public = False
    db_session.commit()
    assert client.get("/process/RUS2040/strategi").status_code == 404
    auth.login_as(UserFactory(roles=[Role.ADMIN]))
    db_session.commit()
    assert client.get("/process/RUS2040/strategi").status_code == 200
