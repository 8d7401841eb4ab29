from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from .. import labels
from ..admin.forms import MultiCheckboxField
from ..numbers import WholeNumberField, database_id


class MeetingForm(FlaskForm):
    kind = RadioField(
        _l("Sorts träff"),
        choices=[(k.value, v) for k, v in labels.MEETING_KINDS.items()],
        default="dialogue",
        validators=[DataRequired(_l("Välj vilken sorts träff det är."))],
    )
    title = StringField(_l("Rubrik"), validators=[DataRequired(_l("Ange en rubrik för träffen.")), Length(max=300)])
    theme = StringField(_l("Tema"), validators=[Optional(), Length(max=200)])
    description = TextAreaField(_l("Beskrivning"), validators=[Optional(), Length(max=20000)])
    starts_on = DateField(_l("Datum"), validators=[DataRequired(_l("Ange datum."))])
    starts_time = TimeField(_l("Börjar klockan"), validators=[DataRequired(_l("Ange när träffen börjar."))])
    ends_time = TimeField(_l("Slutar klockan"), validators=[DataRequired(_l("Ange när träffen slutar."))])
    ends_on = DateField(
        _l("Slutdatum"),
        description=_l("Lämna tomt om träffen slutar samma dag som den börjar."),
        validators=[Optional()],
    )
    location = StringField(_l("Plats"), validators=[Optional(), Length(max=300)])
    online_url = StringField(_l("Länk till digitalt möte"), validators=[Optional(), Length(max=500)])
    capacity = WholeNumberField(
        _l("Antal platser"),
        description=_l("Lämna tomt om antalet inte är begränsat."),
        validators=[Optional(), NumberRange(min=1, message=_l("Antal platser måste vara minst 1."))],
    )
    facilitator_ids = MultiCheckboxField(_l("Processledare"), coerce=database_id)
    invited_organisation_ids = MultiCheckboxField(_l("Inbjudna organisationer"), coerce=database_id)
    is_published = BooleanField(_l("Publicera träffen så att aktörer kan se den och anmäla sig"))

    def __init__(self, process, organisations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.facilitator_ids.choices = [(u.id, u.name) for u in process.facilitators]
        self.invited_organisation_ids.choices = [(o.id, o.name) for o in organisations]


class SignupForm(FlaskForm):
    organisation_id = SelectField(_l("Jag anmäler mig"), coerce=str)


class ConfirmForm(FlaskForm):
    """Only the CSRF token, for POST buttons."""


class AttendanceForm(FlaskForm):
    organisation_ids = MultiCheckboxField(_l("Organisationer som deltog"), coerce=database_id)
    participant_count = WholeNumberField(
        _l("Antal deltagare totalt"),
        validators=[Optional(), NumberRange(min=0, message=_l("Antalet kan inte vara negativt."))],
    )
    others = TextAreaField(
        _l("Deltagare som inte finns i registret"),
        description=_l("En per rad: namn, och efter ett kommatecken vilken organisation eller roll personen har."),
        validators=[Optional(), Length(max=20000)],
    )

    def __init__(self, organisations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_ids.choices = [(o.id, o.name) for o in organisations]


class NoteForm(FlaskForm):
    kind = RadioField(
        _l("Sorts anteckning"),
        choices=[(k.value, v) for k, v in labels.NOTE_KINDS.items()],
        default="challenge",
        validators=[DataRequired(_l("Välj vilken sorts anteckning det är."))],
    )
    body = TextAreaField(_l("Vad sades"), validators=[DataRequired(_l("Skriv vad som sades.")), Length(max=10000)])
    section_ids = MultiCheckboxField(_l("Avsnitt i förslaget som anteckningen gäller"), coerce=database_id)
    tags = StringField(
        _l("Taggar"),
        description=_l("Fritt valda ord, åtskilda med kommatecken."),
        validators=[Optional(), Length(max=500)],
    )
    owner_organisation_id = SelectField(_l("Ansvarig organisation (nästa steg)"), coerce=str, validators=[Optional()])
    owner_name = StringField(_l("Ansvarig person (nästa steg)"), validators=[Optional(), Length(max=200)])
    due_on = DateField(_l("Klart senast (nästa steg)"), validators=[Optional()])
    step_status = SelectField(
        _l("Status (nästa steg)"), choices=[(k.value, v) for k, v in labels.STEP_STATUSES.items()], default="open"
    )
    revision = WholeNumberField(validators=[Optional()])

    def __init__(self, sections, organisations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.section_ids.choices = [(s.id, f"{s.number} {s.heading}") for s in sections]
        self.owner_organisation_id.choices = [("", _l("Ingen"))] + [(str(o.id), o.name) for o in organisations]


class DocumentForm(FlaskForm):
    title = StringField(
        _l("Titel"),
        description=_l("Till exempel Dagordning eller Minnesanteckningar."),
        validators=[Optional(), Length(max=300)],
    )
    file = FileField(_l("Fil"), description=_l("PDF, Word, PowerPoint eller Excel, högst 20 MB."))
