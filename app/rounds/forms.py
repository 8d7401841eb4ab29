from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import BooleanField, DateField, HiddenField, RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, Optional

from ..numbers import database_id


class DraftUploadForm(FlaskForm):
    file = FileField(
        _l("Fil med förslaget"),
        description=_l("Markdown (.md) med numrerade rubriker (#, ##, ###) eller Word (.docx) med rubrikformat 1–3."),
    )
    title = StringField(_l("Dokumentets titel"), validators=[Optional(), Length(max=300)])
    note = StringField(_l("Kommentar till versionen"), validators=[Optional(), Length(max=500)])
    pending = HiddenField()
    filename = HiddenField()


class RoundForm(FlaskForm):
    title = StringField(
        _l("Rubrik"), validators=[DataRequired(_l("Ange en rubrik för remissrundan.")), Length(max=300)]
    )
    version_id = SelectField(_l("Version av förslaget"), coerce=database_id)
    opens_on = DateField(_l("Öppnar datum"), validators=[DataRequired(_l("Ange datum när rundan öppnar."))])
    opens_time = TimeField(_l("Öppnar klockan"), default=None, validators=[DataRequired(_l("Ange klockslag."))])
    closes_on = DateField(
        _l("Sista svarsdag"),
        description=_l("Svensk tid. Svar tas emot till och med klockslaget nedan."),
        validators=[DataRequired(_l("Ange sista svarsdag."))],
    )
    closes_time = TimeField(_l("Sista svarsdag klockan"), validators=[DataRequired(_l("Ange klockslag."))])
    access = RadioField(
        _l("Vem får svara"),
        choices=[("invited", _l("Bara inbjudna remissinstanser")), ("open", _l("Alla som vill (öppen remiss)"))],
        default="invited",
    )
    introduction = TextAreaField(_l("Introduktion"), validators=[Optional(), Length(max=20000)])


class InvitationUploadForm(FlaskForm):
    file = FileField(
        _l("CSV-fil med remissinstanser"),
        description=_l("Kolumner: Namn, Aktörstyp, Kommun, Organisationsnummer, E-post. Komma eller semikolon."),
    )
    pending = HiddenField()
    good_rows_only = BooleanField(_l("Importera bara raderna utan fel"))


class ConfirmForm(FlaskForm):
    """A bare form for POST buttons: only the CSRF token."""


class ReminderScheduleForm(FlaskForm):
    """The round's reminder schedule; the days are checked by the service, which says what is wrong."""

    days = StringField(
        _l("Dagar före sista svarsdag"),
        description=_l("Till exempel 14, 7, 2. Lämna tomt för inga påminnelser."),
        validators=[Length(max=100, message=_l("Ange högst 100 tecken."))],
    )
    local_time = TimeField(
        _l("Klockslag (svensk tid)"), validators=[DataRequired(_l("Ange klockslag, till exempel 09:00."))]
    )


class RegisterResponseForm(FlaskForm):
    """ "Registrera inkommet remissvar": a letter that came by e-mail or post, entered by the coordinator."""

    organisation_id = SelectField(
        _l("Organisation i registret"),
        description=_l("Välj avsändaren, eller lägg till en ny organisation nedan."),
        validators=[Optional()],
    )
    # No length validators here: the service says what is wrong in Swedish and the text comes back.
    new_organisation_name = StringField(_l("Ny organisations namn"), validators=[Optional()])
    new_organisation_email = StringField(
        _l("Kontaktpersonens e-postadress"), description=_l("Dit kan kvittot skickas."), validators=[Optional()]
    )
    new_organisation_actor_type = SelectField(_l("Aktörstyp"), validators=[Optional()])
    received_on = DateField(
        _l("Inkom datum"),
        description=_l(
            "Dagen brevet kom in till regionen, till exempel 2026-05-20. Kom det in senast sista svarsdag räknas det"
            " som i tid, även om du registrerar det senare."
        ),
        validators=[Optional()],
    )
    diarienummer = StringField(_l("Regionens diarienummer (frivilligt)"), validators=[Optional()])
    files = MultipleFileField(
        _l("Brevet"), description=_l("PDF eller Word (.docx), högst 20 MB per fil. Bilagor kan väljas samtidigt.")
    )
