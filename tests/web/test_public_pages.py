"""What anyone can read: processes, their timeline and the draft, section by section."""

from __future__ import annotations

import re

from consultation.drafts import Section
from consultation.timezones import local_today

from ..factories import ProcessFactory, add_draft, add_phases


def test_start_page_lists_public_processes_with_their_current_phase(client, db_session):
    public = ProcessFactory(title="RUS 2040", region="Region Västerfjäll")
    add_phases(public, local_today())
    ProcessFactory(title="Hemlig process", is_public=False)
    html = client.get("/").get_data(as_text=True)
    assert "RUS 2040" in html and "Region Västerfjäll" in html
    assert "Nuvarande fas: Förslag och remiss" in html
    assert "Hemlig process" not in html


def test_process_page_shows_the_four_phases_in_order_and_marks_the_current(client, db_session):
    process = ProcessFactory(code="RUS2040")
    add_phases(process, local_today())
    html = client.get("/process/RUS2040").get_data(as_text=True)
    headings = re.findall(r'<li class="timeline-step state-(\w+)"[^>]*>\s*<h3>([^<]+)</h3>', html)
    assert headings == [
        ("past", "Analys och planering"),
        ("past", "Dialog"),
        ("current", "Förslag och remiss"),
        ("future", "Beslut"),
    ]
    assert html.count('aria-current="step"') == 1
    assert "<time datetime=" in html


def test_draft_is_readable_section_by_section_with_a_table_of_contents(client, db_session):
    process = ProcessFactory(code="RUS2040")
    version = add_draft(process, sections=2)
    version.sections.append(
        Section(key="k", number="3.2", heading="Kompetensförsörjning", body="- en\n- två", level=2, position=2)
    )
    db_session.flush()
    html = client.get("/process/RUS2040/forslag").get_data(as_text=True)
    assert '<a href="#avsnitt-3.2">3.2 Kompetensförsörjning</a>' in html
    assert 'id="avsnitt-3.2"' in html and '<span class="section-number">3.2</span> Kompetensförsörjning' in html
    assert "<li>en</li>" in html


def test_hostile_markdown_in_a_section_is_inert(client, db_session):
    process = ProcessFactory(code="RUS2040")
    version = add_draft(process, sections=1)
    version.sections[0].body = "<script>alert(1)</script>\n\n[klicka](javascript:alert(1)) <img src=x onerror=alert(2)>"
    db_session.flush()
    html = client.get("/process/RUS2040/forslag").get_data(as_text=True)
    assert "<script>alert" not in html and 'href="javascript:' not in html
    assert "<img" not in html and "onerror=alert(2)&gt;" in html


def test_unknown_and_hidden_processes_are_friendly_404s(client, db_session):
    ProcessFactory(code="DOLD", is_public=False)
    for url in ("/process/FINNSINTE", "/process/DOLD", "/process/DOLD/forslag"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Sidan finns inte" in response.get_data(as_text=True)
