from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

DESCRIPTION_MAX = 5000


class AccessibilityReportForm(FlaskForm):
    page = StringField(
        _l("Vilken sida gäller det?"),
        description=_l("Sidans adress eller namn, om du vet den."),
        validators=[Optional(), Length(max=500, message=_l("Högst 500 tecken."))],
    )
    description = TextAreaField(
        _l("Beskriv problemet"),
        description=_l("Vad försökte du göra, och vad hindrade dig? Berätta gärna vilket hjälpmedel du använder."),
        validators=[
            DataRequired(_l("Skriv vad som inte fungerar.")),
            Length(max=DESCRIPTION_MAX, message=_l("Högst %(max)d tecken.", max=DESCRIPTION_MAX)),
        ],
    )
    email = EmailField(
        _l("Din e-postadress"),
        description=_l("Behövs bara om du vill ha svar."),
        validators=[
            Optional(),
            Length(max=254),
            Email(_l("Ange en giltig e-postadress, till exempel namn@exempel.se.")),
        ],
        render_kw={"autocomplete": "email"},
    )
    wants_answer = BooleanField(_l("Jag vill ha svar"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.wants_answer.data and not (self.email.data or "").strip() and not self.email.errors:
            self.email.errors = [*self.email.errors, _l("Ange din e-postadress om du vill ha svar.")]
            valid = False
        return valid
