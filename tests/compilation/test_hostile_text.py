"""Hostile text stays inert everywhere the compilation shows it: pages, .docx, .xlsx, .csv."""

from __future__ import annotations

import csv
import io
import random
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree
from markupsafe import escape
from openpyxl import load_workbook

from consultation.people import ActorType
from consultation.review import Decision, Position, SectionSummary

from ..factories import OrganisationFactory
from ..htmlcheck import problems
from .conftest import public_url, respond, review_url

XSS = Path(__file__).resolve().parents[3] / "shared" / "data" / "xss"
FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1)", '=HYPERLINK("http://evil.example","klicka")']
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def payloads(count: int = 200) -> list[str]:
    lines = []
    for path in sorted(XSS.glob("*.txt")):
        lines += [line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    # No NUL: PostgreSQL refuses it in text, and the response form strips it before it is stored.
    usable = sorted({line for line in lines if line and "\x00" not in line})
    return random.Random(2040).sample(usable, count) + FORMULAS


@pytest.fixture
def hostile(world, db_session):
    """Every payload as a comment, and some as organisation names, motivations, summaries and a theme label."""
    texts = payloads()
    sections = [None, *list(world.version.sections)]
    for start in range(0, len(texts), len(sections)):
        chunk = texts[start : start + len(sections)]
        name = chunk[0][:190] if start % 3 == 0 else f"Organisation {start}"
        organisation = OrganisationFactory(name=f"{name} {start}", actor_type=ActorType.OTHER)
        response = respond(world.round, dict(zip(sections, chunk)), organisation=organisation)
        db_session.add(Position(comment=response.comments[0], decision=Decision.PARTLY, motivation=chunk[-1]))
    for n, section in enumerate(world.version.sections):
        db_session.add(SectionSummary(round_id=world.round.id, section_key=section.key, text=FORMULAS[n]))
    world.run.themes[1].label = '<script>alert("tema")</script>'
    world.run.themes[1].summary = "=1+1 <img src=x onerror=alert(2)>"
    world.round.compilation_published_at = world.round.closes_at
    db_session.commit()
    return texts


def cells_of_csv(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";") for cell in row]


@pytest.mark.parametrize("order", ["avsnitt", "tema"])
def test_spreadsheets_never_hold_a_formula(client, auth, member, world, hostile, order):
    auth.login_as(member)
    for url in (f"/arbetsgrupp/rundor/{world.round.id}/sammanstallning", public_url(world)):
        data = client.get(f"{url}.csv?ordning={order}").data
        cells = cells_of_csv(data)
        assert not [c for c in cells if c.startswith(FORMULA_START)]
        assert "'=cmd|' /C calc'!A0" in cells and "'@SUM(1)" in cells  # neutralised, not dropped

        # The .xlsx keeps the text as typed but stores every cell as a string, never as a formula.
        data = client.get(f"{url}.xlsx?ordning={order}").data
        sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
        assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml
        sheet = load_workbook(io.BytesIO(data)).active
        values = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
        assert not [c.coordinate for c in values if c.data_type != "s" and not isinstance(c.value, int)]
        texts = {c.value for c in values}
        assert "-2+3" in texts and "=cmd|' /C calc'!A0" in texts


def test_the_word_document_holds_the_payloads_only_as_text(client, auth, member, world, hostile):
    auth.login_as(member)
    data = client.get(f"/arbetsgrupp/rundor/{world.round.id}/sammanstallning.docx").data
    document = Document(io.BytesIO(data))  # it opens
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    for payload in hostile:
        assert _NOT_XML.sub("", payload) in cells, payload
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Synpunkter per avsnitt" in headings and "Remissinstanser" in headings
    # No element came from user text: every element is WordprocessingML (w:, and the few the template uses).
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    namespaces = {etree.QName(e).namespace for e in etree.fromstring(xml).iter() if isinstance(e.tag, str)}
    assert namespaces <= {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://schemas.openxmlformats.org/markup-compatibility/2006",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    }, namespaces


@pytest.mark.parametrize("order", ["avsnitt", "tema"])
def test_the_pages_show_the_payloads_escaped(client, auth, member, world, hostile, order):
    auth.login_as(member)
    internal = client.get(review_url(world, order)).get_data(as_text=True)
    auth.logout()
    public = client.get(public_url(world, f"sammanstallning?ordning={order}")).get_data(as_text=True)
    listing = client.get(public_url(world, "svar")).get_data(as_text=True)
    for html in (internal, public, listing):
        assert not problems(html)  # no inline script, no event handler attributes
        assert html.lower().count("<script") == 1  # the page's own app.js
        assert "<img" not in html.lower() and "<svg" not in html.lower() and "<iframe" not in html.lower()
    for payload in hostile:
        assert str(escape(payload)) in internal and str(escape(payload)) in public, payload
