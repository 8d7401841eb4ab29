"""The compilation as a Word document: title page, table of contents, a heading and a table per group.

User text only ever goes in through python-docx's text API (which escapes it); the only XML
built here by hand is the table-of-contents field and the table header flags, which hold no
user text.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from flask_babel import gettext as _

from consultation.review.compilation import Compilation, Group

from ..templating import local_datetime
from . import texts

# Characters XML 1.0 cannot hold (python-docx would refuse the whole document for one of them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
COLUMN_WIDTHS = (Cm(3.8), Cm(2.6), Cm(8.6), Cm(3.0), Cm(7.6))  # landscape A4 less the margins
INVITATION_WIDTHS = (Cm(8.0), Cm(5.0), Cm(12.6))


def plain(text: object) -> str:
    return _NOT_XML.sub("", str(text or ""))


def build_docx(compilation: Compilation) -> bytes:
    document = Document()
    _page_setup(document)
    _title_page(document, compilation)
    headings = _heading_list(compilation)
    document.add_paragraph(_("Innehåll"), style="TOC Heading")
    _table_of_contents(document, headings)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    document.add_heading(_("Synpunkter per tema") if compilation.order == "theme" else _("Synpunkter per avsnitt"), 1)
    if not compilation.groups:
        document.add_paragraph(_("Det finns inga synpunkter att sammanställa."))
    for group in compilation.groups:
        _group(document, group)
    _invitations(document, compilation)

    properties = document.core_properties
    properties.title = plain(_("Remissammanställning: %(title)s", title=compilation.round_title))
    properties.subject = plain(compilation.process_title)
    properties.language = "sv-SE"
    properties.author = "Samråd"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page_setup(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    document.styles["Normal"].font.size = Pt(10.5)
    # Ask Word to fill in the table of contents when the document is opened.
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


def _title_page(document, compilation: Compilation) -> None:
    document.add_paragraph(plain(_("Remissammanställning")), style="Title")
    document.add_paragraph(plain(compilation.process_title), style="Subtitle")
    facts = [
        (_("Remissrunda"), compilation.round_title),
        (_("Förslag"), compilation.document_title),
        (_("Remisstid"), f"{local_datetime(compilation.opens_at)} – {local_datetime(compilation.closes_at)}"),
        (_("Ordning"), _("per tema") if compilation.order == "theme" else _("per avsnitt i förslaget")),
        (
            _("Underlag"),
            texts.input_totals(compilation),
        ),
        (
            _("Publicerad"),
            local_datetime(compilation.published_at) if compilation.published_at else _("inte publicerad"),
        ),
        (_("Framtagen"), local_datetime(compilation.made_at)),
    ]
    if compilation.unanswered:
        facts.append((_("Ställningstaganden"), texts.unanswered_statement(compilation)))
    for label, value in facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(plain(label) + ": ").bold = True
        paragraph.add_run(plain(value))
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _heading_list(compilation: Compilation) -> list[tuple[int, str]]:
    part = _("Synpunkter per tema") if compilation.order == "theme" else _("Synpunkter per avsnitt")
    headings = [(1, part)] + [(2, texts.group_title(g)) for g in compilation.groups]
    if compilation.invitations:
        headings += [(1, _("Remissinstanser"))] + [
            (2, texts.actor_type_label(lists.actor_type)) for lists in compilation.invitations
        ]
    return headings


def _field_char(run, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    run._r.append(element)


def _table_of_contents(document, headings: list[tuple[int, str]]) -> None:
    """A TOC field whose shown result is the heading list until Word or LibreOffice updates it."""
    first = document.add_paragraph()
    _field_char(first.add_run(), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "1-2" \\h \\z \\u'
    first.add_run()._r.append(instruction)
    _field_char(first.add_run(), "separate")
    paragraphs = [first] + [document.add_paragraph() for _ in headings[1:]]
    for paragraph, (level, text) in zip(paragraphs, headings):
        paragraph.paragraph_format.left_indent = Cm(0.75 * (level - 1))
        paragraph.add_run(plain(text))
    if not headings:
        first.add_run(plain(_("Uppdatera fältet för att visa innehållsförteckningen.")))
    _field_char(paragraphs[-1].add_run(), "end")


def _group(document, group: Group) -> None:
    document.add_heading(plain(texts.group_title(group)), 2)
    if group.has_summary:
        if group.summary:
            paragraph = document.add_paragraph()
            paragraph.add_run(plain(_("Arbetsgruppens sammanfattning")) + ": ").bold = True
            paragraph.add_run(plain(group.summary))
        else:
            document.add_paragraph().add_run(plain(_("Ingen sammanfattning ännu."))).italic = True
    if not group.entries and not group.campaigns:
        document.add_paragraph(plain(_("Inga synpunkter.")))
        return
    table = _table(
        document, (_("Organisation"), _("Aktörstyp"), _("Synpunkt"), _("Ställningstagande"), _("Motivering"))
    )
    for entry in group.entries:
        sender = texts.sender_label(entry) + (f" ({entry.reference})" if entry.reference else "")
        _row(
            table,
            (
                sender,
                texts.actor_type_label(entry.actor_type),
                entry.text,
                texts.decision_label(entry.decision),
                entry.motivation,
            ),
        )
    for campaign in group.campaigns:
        decision, motivation = texts.campaign_positions(campaign)
        sender = f"{texts.campaign_heading(campaign)}: {texts.campaign_senders(campaign)}"
        _row(table, (sender, texts.campaign_actor_types(campaign), campaign.text, decision, motivation))


def _table(document, header: tuple[str, ...], widths=COLUMN_WIDTHS):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width  # the grid LibreOffice lays out by; Word reads the cell widths
    row = table.rows[0]
    flag = OxmlElement("w:tblHeader")  # repeat the header row on every page
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)
    for cell, text, width in zip(row.cells, header, widths):
        cell.width = width
        cell.paragraphs[0].add_run(plain(text)).bold = True
    return table


def _row(table, values: tuple, widths=COLUMN_WIDTHS) -> None:
    cells = table.add_row().cells
    for cell, value, width in zip(cells, values, widths):
        cell.width = width
        cell.paragraphs[0].add_run(plain(value))


def _invitations(document, compilation: Compilation) -> None:
    if not compilation.invitations:
        return
    document.add_heading(plain(_("Remissinstanser")), 1)
    document.add_paragraph(plain(_("Vilka som bjöds in, vilka som svarade och vilka som avstod, per aktörstyp.")))
    for lists in compilation.invitations:
        document.add_heading(plain(texts.actor_type_label(lists.actor_type)), 2)
        document.add_paragraph(
            plain(
                _(
                    "Inbjudna: %(invited)s. Har svarat: %(answered)s. Avstår: %(declined)s. Inget svar: %(silent)s.",
                    invited=len(lists.invited),
                    answered=len(lists.answered) + lists.anonymous_answered,
                    declined=len(lists.declined),
                    silent=len(lists.not_answered),
                )
            )
        )
        table = _table(document, (_("Organisation"), _("Status"), _("Skäl att avstå")), INVITATION_WIDTHS)
        for values in texts.invitation_rows(lists):
            _row(table, values, INVITATION_WIDTHS)
