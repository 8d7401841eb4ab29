from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from consultation.followup import InitiativeStatus
from consultation.followup.initiatives import IndicatorData, InitiativeData
from consultation.followup.origins import OriginChoice

from .. import labels
from ..admin.forms import MultiCheckboxField
from ..numbers import WholeNumberField, database_id, parse_id

INDICATOR_ROWS = 3
_DECIMAL = re.compile(r"^-?\d{1,12}(?:[.,]\d{1,6})?$")


class DecimalCommaField(StringField):
    """A number as Swedes write it (12,5) or as a spreadsheet does (12.5); empty is no number."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.number = None
        text = (self.data or "").replace(" ", "").replace("\u00a0", "")
        if text:
            if not _DECIMAL.match(text):
                raise ValueError(_l("Ange ett tal, till exempel 12 eller 12,5."))
            self.number = float(text.replace(",", "."))


class InitiativeForm(FlaskForm):
    title = StringField(_l("Rubrik"), validators=[DataRequired(_l("Skriv en rubrik för insatsen.")), Length(max=200)])
    organisation_id = SelectField(_l("Ägande organisation"), coerce=str)
    section_ids = MultiCheckboxField(
        _l("Målområden och avsnitt i den antagna strategin"),
        coerce=database_id,
        description=_l("Välj minst ett."),
    )
    description = TextAreaField(_l("Kort beskrivning"), validators=[Optional(), Length(max=5000)])
    contact_name = StringField(_l("Kontaktperson"), validators=[Optional(), Length(max=200)])
    contact_email = StringField(_l("Kontaktpersonens e-post"), validators=[Optional(), Length(max=254)])
    starts_on = DateField(_l("Startdatum"), validators=[Optional()])
    ends_on = DateField(_l("Slutdatum"), validators=[Optional()])
    status = SelectField(
        _l("Status"), choices=[(s.value, label) for s, label in labels.INITIATIVE_STATUSES.items()], default="planned"
    )
    progress = WholeNumberField(
        _l("Framsteg i procent"),
        default=0,
        validators=[Optional(), NumberRange(min=0, max=100, message=_l("Ange en procentsats från 0 till 100."))],
    )

    revision = HiddenField()  # the insats as the form showed it (editing only)
    # What a new insats is made from (a remiss point or a meeting note), carried from the link that opened the form.
    origin_comment = HiddenField()
    origin_note = HiddenField()
    drop_origin = BooleanField(_l("Ta bort kopplingen till det insatsen kom från"))

    def __init__(self, goal_sections, organisations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.section_ids.choices = [(s.id, f"{s.number} {s.heading}") for s in goal_sections]
        self.organisation_id.choices = [("", _l("Välj organisation"))] + [(str(o.id), o.name) for o in organisations]

    def indicator_rows(self):
        return [
            tuple(getattr(self, f"indicator_{n}_{part}") for part in ("name", "unit", "baseline", "target"))
            for n in range(1, INDICATOR_ROWS + 1)
        ]

    def data_for_service(self) -> InitiativeData:
        return InitiativeData(
            title=self.title.data or "",
            organisation_id=database_id(self.organisation_id.data)
            if (self.organisation_id.data or "").isdigit()
            else None,
            section_ids=list(self.section_ids.data or []),
            description=self.description.data or "",
            contact_name=self.contact_name.data or "",
            contact_email=self.contact_email.data or None,
            starts_on=self.starts_on.data,
            ends_on=self.ends_on.data,
            status=InitiativeStatus(self.status.data),
            progress=self.progress.data or 0,
            indicators=[
                IndicatorData(name.data or "", unit.data or "", baseline.number, target.number)
                for name, unit, baseline, target in self.indicator_rows()
            ],
        )

    def origin_choice(self) -> OriginChoice:
        return OriginChoice(comment_id=parse_id(self.origin_comment.data), note_id=parse_id(self.origin_note.data))

    def fill_from_data(self, data: InitiativeData) -> None:
        """A proposal worked out by the service (e.g. from a remiss point) into the empty form."""
        self.title.data, self.description.data = data.title, data.description
        self.organisation_id.data = str(data.organisation_id) if data.organisation_id is not None else ""
        self.section_ids.data = list(data.section_ids)
        self.contact_name.data, self.ends_on.data = data.contact_name, data.ends_on

    def fill_from(self, initiative) -> None:
        """A stored insats into the form, for editing."""
        self.title.data = initiative.title
        self.organisation_id.data = str(initiative.organisation_id)
        self.section_ids.data = [s.id for s in initiative.sections]
        self.description.data = initiative.description
        self.contact_name.data = initiative.contact_name
        self.contact_email.data = initiative.contact_email or ""
        self.revision.data = str(initiative.revision)
        self.starts_on.data, self.ends_on.data = initiative.starts_on, initiative.ends_on
        self.status.data, self.progress.data = initiative.status, initiative.progress
        for (name, unit, baseline, target), indicator in zip(self.indicator_rows(), initiative.indicators):
            name.data, unit.data = indicator.name, indicator.unit
            baseline.data = "" if indicator.baseline is None else f"{indicator.baseline:g}".replace(".", ",")
            target.data = "" if indicator.target is None else f"{indicator.target:g}".replace(".", ",")


for _n in range(1, INDICATOR_ROWS + 1):
    setattr(
        InitiativeForm, f"indicator_{_n}_name", StringField(_l("Indikator"), validators=[Optional(), Length(max=200)])
    )
    setattr(InitiativeForm, f"indicator_{_n}_unit", StringField(_l("Enhet"), validators=[Optional(), Length(max=50)]))
    setattr(InitiativeForm, f"indicator_{_n}_baseline", DecimalCommaField(_l("Utgångsvärde")))
    setattr(InitiativeForm, f"indicator_{_n}_target", DecimalCommaField(_l("Målvärde")))


def posted_revision(field) -> int | None:
    """The revision a form was shown with; None when absent or unreadable (the service then checks nothing)."""
    return parse_id(field.data)


class ProgressForm(FlaskForm):
    revision = HiddenField()
    status = SelectField(_l("Status"), choices=[(s.value, label) for s, label in labels.INITIATIVE_STATUSES.items()])
    progress = WholeNumberField(
        _l("Framsteg i procent"),
        validators=[
            DataRequired(_l("Ange hur långt insatsen har kommit i procent.")),
            NumberRange(min=0, max=100, message=_l("Ange en procentsats från 0 till 100.")),
        ],
    )


class InitiativeUploadForm(FlaskForm):
    file = FileField(
        _l("Fil med insatser (.xlsx eller CSV)"),
        description=_l(
            "Kolumner: Rubrik, Organisation, Målområde (nummer eller rubrik), Status, Framsteg (%), Startdatum, "
            "Slutdatum, Kontaktperson, E-post, Beskrivning, Indikator, Enhet, Utgångsvärde, Målvärde."
        ),
    )
    pending = HiddenField()


class ConfirmForm(FlaskForm):
    """Only the CSRF token, for POST buttons."""


class PeriodForm(FlaskForm):
    name = StringField(
        _l("Namn"),
        description=_l("Till exempel Uppföljning 2027, våren."),
        validators=[DataRequired(_l("Ge perioden ett namn, till exempel Uppföljning 2027, våren.")), Length(max=200)],
    )
    deadline_on = DateField(
        _l("Sista dag att rapportera"),
        validators=[DataRequired(_l("Ange sista dag för rapporteringen, till exempel 2027-03-31."))],
    )
    reminder_days = StringField(
        _l("Påminnelser, dagar före sista dagen"),
        description=_l("Heltal åtskilda med komma, till exempel 14, 7, 2. Tomt: inga påminnelser."),
        default="14, 3",
        validators=[Optional(), Length(max=100)],
    )


class ReminderDaysForm(FlaskForm):
    reminder_days = StringField(
        _l("Påminnelser, dagar före sista dagen"),
        description=_l("Heltal åtskilda med komma, till exempel 14, 7, 2. Tomt: inga påminnelser."),
        validators=[Optional(), Length(max=100)],
    )
