"""The annual report of a period as Word (title page, a TOC Word fills, "Sida 3 av 12") and as a sheet.

Per goal area, each insats: its owner, what was reported this period (status, progress, comment) and
its indicators' values over the published periods up to it against the target. User text goes in
through python-docx's text API only (app/word.py), and into the sheet as text, never as a formula.
"""

from __future__ import annotations

import io

from flask_babel import gettext as _
from flask_babel import ngettext

from consultation.followup.annual_report import AnnualReport

from .. import labels
from ..exports import to_xlsx
from ..templating import decimal, long_date
from ..word import page_setup, plain, table_of_contents

MAX_PROPERTY = 255


def _title(report: AnnualReport) -> str:
    return _("Årsrapport: %(period)s", period=report.period.name)


def _values(report: AnnualReport, indicator) -> str:
    series = report.picture.series.get(indicator.id)
    points = [f"{p.period.name}: {decimal(p.value)}" for p in (series.reported if series else [])]
    target = _("mål %(value)s", value=decimal(indicator.target)) if indicator.target is not None else ""
    return "; ".join(points + ([target] if target else []))


def build_annual_docx(report: AnnualReport) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK

    document, period = Document(), report.period
    page_setup(document)
    document.add_paragraph(plain(_title(report)), style="Title")
    document.add_paragraph(plain(period.process.title), style="Subtitle")
    document.add_paragraph(plain(period.process.region))
    document.add_paragraph(plain(_("Sista dag att rapportera: %(date)s", date=long_date(period.deadline_on))))
    reported = ngettext("%(num)s insats har rapporterats.", "%(num)s insatser har rapporterats.", report.reported)
    document.add_paragraph(plain(reported))
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    document.add_paragraph(plain(_("Innehåll")), style="TOC Heading")
    listed = [
        (level, title)
        for a in report.areas
        for level, title in [(1, a.area.title)] + [(2, i.title) for i in a.initiatives]
    ]
    table_of_contents(document, listed, "1-2")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    for area in report.areas:
        document.add_heading(plain(area.area.title), 1)
        for initiative in area.initiatives:
            document.add_heading(plain(initiative.title), 2)
            line = report.lines.get(initiative.id)
            document.add_paragraph(plain(_("Ägare: %(name)s", name=initiative.organisation.name)))
            if line is None:
                document.add_paragraph(plain(_("Ingen inskickad rapport för perioden.")))
            else:
                status = labels.INITIATIVE_STATUSES[line.status]
                document.add_paragraph(
                    plain(_("Status: %(status)s, framsteg %(progress)s %%", status=status, progress=line.progress))
                )
                if line.comment:
                    document.add_paragraph(plain(line.comment))
            for indicator in initiative.indicators:
                unit = f" ({indicator.unit})" if indicator.unit else ""
                document.add_paragraph(
                    plain(f"{indicator.name}{unit}: {_values(report, indicator)}"), style="List Bullet"
                )

    properties = document.core_properties
    properties.title = plain(_title(report))[:MAX_PROPERTY]
    properties.language = "sv-SE"
    properties.author = "Samråd"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_annual_xlsx(report: AnnualReport) -> bytes:
    header = [
        _("Målområde"),
        _("Insats"),
        _("Ägare"),
        _("Status"),
        _("Framsteg (%)"),
        _("Kommentar"),
        _("Indikator"),
        _("Enhet"),
        _("Målvärde"),
        *[period.name for period in report.picture.periods],
    ]
    rows = []
    for area in report.areas:
        for initiative in area.initiatives:
            line = report.lines.get(initiative.id)
            base = [
                area.area.title,
                initiative.title,
                initiative.organisation.name,
                str(labels.INITIATIVE_STATUSES[line.status]) if line else "",
                line.progress if line else "",
                line.comment if line else "",
            ]
            if not initiative.indicators:
                rows.append(base)
            for indicator in initiative.indicators:
                series = report.picture.series.get(indicator.id)
                values = [p.value if p.value is not None else "" for p in series.points] if series else []
                rows.append([*base, indicator.name, indicator.unit, indicator.target, *values])
    return to_xlsx(_("Årsrapport"), header, rows)
