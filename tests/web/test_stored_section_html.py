"""A draft section is rendered once, when its version is made; the pages show the stored, sanitised HTML."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import sqlalchemy as sa

from consultation import rendering
from consultation.drafts import Section, VersionStatus
from consultation.drafts.versions import add_version, parse_markdown

from ..factories import ProcessFactory, add_draft

SOURCE = """# 1 Inledning

Regionen **växer**.

#### Underrubrik i texten

<script>alert(1)</script> [länk](javascript:alert(2))
"""


@pytest.fixture
def version(db_session):
    process = ProcessFactory(code="RUS2040")
    document = add_draft(process, sections=1).document
    return add_version(db_session, document, parse_markdown(SOURCE), status=VersionStatus.PUBLISHED)


def test_a_saved_version_stores_each_sections_sanitised_html(version):
    section = version.sections[0]
    assert "<strong>växer</strong>" in section.body_html
    assert "<h4>Underrubrik i texten</h4>" in section.body_html  # the source's level: each page shifts it
    assert "<script>" not in section.body_html and 'href="javascript' not in section.body_html


def test_the_draft_page_shows_the_stored_html_without_rendering_markdown(client, version, monkeypatch):
    def no_rendering(*_args, **_kwargs):
        raise AssertionError("Markdown was rendered for a page view")

    monkeypatch.setattr(rendering, "_markdown", no_rendering)
    html = client.get("/process/RUS2040/forslag").get_data(as_text=True)
    assert "<strong>växer</strong>" in html
    assert "<h6>Underrubrik i texten</h6>" in html  # pushed below the page's own headings (offset 4)
    assert "<script>alert(1)</script>" not in html


def test_stored_html_is_sanitised_again_when_shown(client, version, db_session):
    """Should a row be changed outside the domain, its HTML still cannot run."""
    section = version.sections[0]
    db_session.execute(
        sa.update(Section)
        .where(Section.id == section.id)
        .values(body_html='<p onclick="x()">Hej</p><script>y()</script>')
    )
    db_session.commit()
    html = client.get("/process/RUS2040/forslag").get_data(as_text=True)
    assert "Hej" in html and "onclick" not in html and "y()" not in html


def test_the_migration_renders_the_sections_that_existed_before_it(version, db_session):
    section = version.sections[0]
    db_session.execute(sa.update(Section).where(Section.id == section.id).values(body_html=""))
    path = Path(__file__).resolve().parents[2] / "migrations" / "versions" / "0006_section_body_html.py"
    spec = importlib.util.spec_from_file_location("migration_0006", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    migration.fill_body_html(db_session.connection())
    stored = db_session.scalar(sa.select(Section.body_html).where(Section.id == section.id))
    assert stored == rendering.markdown_to_stored_html(section.body) and "<strong>växer</strong>" in stored
