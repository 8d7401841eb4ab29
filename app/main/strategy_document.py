"""The adopted strategy as a Word document: title page with the decision, a TOC Word fills, every section.

Built with the compilation's page set-up (app/word.py): portrait A4, "Sida 3 av 12" in the footer
of every page but the title page, a table of contents field marked dirty so that Word fills in
its page numbers when the file is opened. The section bodies are the sanitised HTML the web page
shows (rendered once from Markdown when the version was made), turned into Word paragraphs,
lists, quotes and tables; user text goes in through python-docx's text API only.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_BREAK
from flask_babel import gettext as _

from consultation.drafts.adoption import AdoptedStrategy

from ..html import section_html
from ..templating import long_date
from ..word import add_html, page_setup, plain, table_of_contents

MAX_HEADING = 9  # Word's deepest heading style
MAX_PROPERTY = 255  # python-docx refuses a longer title or subject (a version's title may have 300 characters)
TOC_DEPTH = 3  # the strategy's chapters and their first two levels of sections


def decision_line(strategy: AdoptedStrategy) -> str:
    adoption = strategy.adoption
    return _(
        "Antagen av %(body)s den %(date)s, %(reference)s",
        body=adoption.body,
        date=long_date(adoption.decided_on),
        reference=adoption.reference,
    )


def build_strategy_docx(strategy: AdoptedStrategy, compilations: list[tuple[str, str]] = ()) -> bytes:
    """The strategy as Word; `compilations` (title, address) are the published compilations behind the decision."""
    document, version = Document(), strategy.version
    page_setup(document)
    document.add_paragraph(plain(version.title), style="Title")
    document.add_paragraph(plain(strategy.process.region), style="Subtitle")
    document.add_paragraph(plain(decision_line(strategy)))
    if strategy.process.title != version.title:
        document.add_paragraph(plain(strategy.process.title))
    document.add_paragraph(plain(_("Version %(number)s", number=version.number)))
    if compilations:
        document.add_paragraph(plain(_("Underlag för beslutet:")))
        for title, address in compilations:
            document.add_paragraph(plain(_("Remissammanställning: %(title)s", title=title)))
            document.add_paragraph(plain(address))
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    document.add_paragraph(plain(_("Innehåll")), style="TOC Heading")
    # Until Word updates the field it shows these: the headings the field collects, no deeper ones.
    listed = [(s.level, s.title) for s in version.sections if s.level <= TOC_DEPTH]
    table_of_contents(document, listed, f"1-{TOC_DEPTH}")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    for section in version.sections:
        level = min(section.level, MAX_HEADING)
        document.add_heading(plain(section.title), level)
        add_html(document, str(section_html(section, heading_offset=0)), min(level + 1, MAX_HEADING))

    properties = document.core_properties
    properties.title = plain(version.title)[:MAX_PROPERTY]
    properties.subject = plain(decision_line(strategy))[:MAX_PROPERTY]
    properties.language = "sv-SE"
    properties.author = "Samråd"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
