"""The compilation as a Word document: title page, table of contents, a heading and a table per group.

Portrait A4, with the five-column tables of points in a landscape section of their own (they
need the width: every column is at least as wide as its longest label, "Ställningstagande",
"Privatperson", so that no word is broken inside). Page numbers in the footer, and a table of
contents that Word fills in when the file is opened (`w:updateFields`, the field marked dirty).

User text only ever goes in through python-docx's text API (which escapes it); the only XML
built here by hand is the fields (TOC, PAGE, NUMPAGES) and the table header flags, which hold
no user text.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from flask_babel import gettext as _

from consultation.review.compilation import Compilation, Group

from ..templating import local_datetime
from . import texts

# Characters XML 1.0 cannot hold (python-docx would refuse the whole document for one of them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
A4 = (Cm(21.0), Cm(29.7))
MARGIN = Cm(2.0)
TABLE_TEXT = Pt(9.5)
# Landscape A4 less the margins (25.7 cm). At 9.5 pt a bold "Ställningstagande" needs about 3.5 cm
# with the cell's padding, "Privatperson" about 2.6 cm; the free texts get the rest, so that a long
# compound ("kompetensförsörjningsfrågorna") still fits a line of the motivation.
COLUMN_WIDTHS = (Cm(4.0), Cm(3.2), Cm(8.2), Cm(4.2), Cm(6.0))  # 25.6: a little under, for rounding
INVITATION_WIDTHS = (Cm(6.0), Cm(5.0), Cm(5.9))  # portrait: 17.0 cm of text width


def plain(text: object) -> str:
    return _NOT_XML.sub("", str(text or ""))


def build_docx(compilation: Compilation) -> bytes:
    document = Document()
    _page_setup(document)
    _title_page(document, compilation)
    headings = _heading_list(compilation)
    document.add_paragraph(_("Innehåll"), style="TOC Heading")
    _table_of_contents(document, headings)

    _new_section(document, landscape=True)
    document.add_heading(_("Synpunkter per tema") if compilation.order == "theme" else _("Synpunkter per avsnitt"), 1)
    if not compilation.groups:
        document.add_paragraph(_("Det finns inga synpunkter att sammanställa."))
    for group in compilation.groups:
        _group(document, group)
    if compilation.invitations:
        _new_section(document, landscape=False)
        _invitations(document, compilation)

    properties = document.core_properties
    properties.title = plain(_("Remissammanställning: %(title)s", title=compilation.round_title))
    properties.subject = plain(compilation.process_title)
    properties.language = "sv-SE"
    properties.author = "Samråd"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _orient(section, landscape: bool) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)


def _new_section(document, landscape: bool) -> None:
    """A new page in the other orientation; its footer (the page number) is the first section's."""
    section = document.add_section(WD_SECTION.NEW_PAGE)  # a copy of the last section's settings
    section.different_first_page_header_footer = False  # only the title page goes without a number
    _orient(section, landscape)


def _page_setup(document) -> None:
    section = document.sections[0]
    _orient(section, landscape=False)
    document.styles["Normal"].font.size = Pt(10.5)
    _page_numbers(section)
    # Ask Word to fill in the table of contents (and its page numbers) when the document is opened.
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


def _field(paragraph, instruction: str, shown: str = "") -> None:
    """A complex field (PAGE, NUMPAGES, TOC ...) whose result is `shown` until it is updated."""
    _field_char(paragraph.add_run(), "begin", dirty=True)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    paragraph.add_run()._r.append(text)
    _field_char(paragraph.add_run(), "separate")
    paragraph.add_run(shown)
    _field_char(paragraph.add_run(), "end")


def _page_numbers(section) -> None:
    """ "Sida 3 av 12", centred in the footer of every page but the title page."""
    section.different_first_page_header_footer = True
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The translated sentence around the two fields: "Sida {PAGE} av {NUMPAGES}", "Page {PAGE} of {NUMPAGES}".
    sentence = _("Sida %(page)s av %(pages)s", page="\x01PAGE\x01", pages="\x01NUMPAGES\x01")
    for n, part in enumerate(sentence.split("\x01")):
        if n % 2:
            _field(paragraph, part, "1")
        elif part:
            paragraph.add_run(plain(part))


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


def _field_char(run, kind: str, dirty: bool = False) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    if dirty:  # Word recalculates a dirty field when it opens the file
        element.set(qn("w:dirty"), "true")
    run._r.append(element)


def _table_of_contents(document, headings: list[tuple[int, str]]) -> None:
    """A TOC field whose shown result is the heading list until Word or LibreOffice updates it."""
    first = document.add_paragraph()
    _field_char(first.add_run(), "begin", dirty=True)
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
    counts, stance = texts.stance_counts(group), ""
    for entry in group.entries:
        if entry.stance and entry.stance != stance:
            stance = entry.stance
            _row(table, (texts.stance_heading(stance, counts[stance]), "", "", "", ""))
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
        run = cell.paragraphs[0].add_run(plain(text))
        run.bold, run.font.size = True, TABLE_TEXT
    return table


def _row(table, values: tuple, widths=COLUMN_WIDTHS) -> None:
    cells = table.add_row().cells
    for cell, value, width in zip(cells, values, widths):
        cell.width = width
        cell.paragraphs[0].add_run(plain(value)).font.size = TABLE_TEXT


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
