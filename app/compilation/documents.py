"""The compilation as a Word document: title page, table of contents, a heading and a table per group.

Portrait A4, with the five-column tables of points in a landscape section of their own (they
need the width: every column is at least as wide as its longest label, "Ställningstagande",
"Privatperson", so that no word is broken inside). Page numbers in the footer, and a table of
contents that Word fills in when the file is opened (`w:updateFields`, the field marked dirty).

User text only ever goes in through python-docx's text API (which escapes it); the only XML
built here by hand is the table header flags, which hold no user text (the fields, TOC, PAGE and
NUMPAGES, are app/word.py's, shared with the other Word downloads).
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from flask_babel import gettext as _

from consultation.review.compilation import Compilation, Group

from ..templating import local_datetime
from ..word import new_section, page_setup, plain, table_of_contents
from . import texts

TABLE_TEXT = Pt(9.5)
# Landscape A4 less the margins (25.7 cm). At 9.5 pt a bold "Ställningstagande" needs about 3.5 cm
# with the cell's padding, "Privatperson" about 2.6 cm; the free texts get the rest, so that a long
# compound ("kompetensförsörjningsfrågorna") still fits a line of the motivation.
COLUMN_WIDTHS = (Cm(4.0), Cm(3.2), Cm(8.2), Cm(4.2), Cm(6.0))  # 25.6: a little under, for rounding
INVITATION_WIDTHS = (Cm(6.0), Cm(5.0), Cm(5.9))  # portrait: 17.0 cm of text width


def build_docx(compilation: Compilation) -> bytes:
    document = Document()
    page_setup(document)
    _title_page(document, compilation)
    headings = _heading_list(compilation)
    document.add_paragraph(_("Innehåll"), style="TOC Heading")
    table_of_contents(document, headings)

    new_section(document, landscape=True)
    document.add_heading(_("Synpunkter per tema") if compilation.order == "theme" else _("Synpunkter per avsnitt"), 1)
    if not compilation.groups:
        document.add_paragraph(_("Det finns inga synpunkter att sammanställa."))
    for group in compilation.groups:
        _group(document, group)
    if compilation.invitations:
        new_section(document, landscape=False)
        _invitations(document, compilation)

    properties = document.core_properties
    # A core property holds at most 255 characters (python-docx refuses more): a round may be titled with 300.
    properties.title = plain(_("Remissammanställning: %(title)s", title=compilation.round_title))[:255]
    properties.subject = plain(compilation.process_title)[:255]
    properties.language = "sv-SE"
    properties.author = "Samråd"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


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
