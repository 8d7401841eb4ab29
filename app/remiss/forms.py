from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length, Optional

from ..numbers import database_id


class StartResponseForm(FlaskForm):
    owner = SelectField(_l("Jag svarar för"))


class DeclineForm(FlaskForm):
    organisation_id = SelectField(_l("Organisation"), coerce=database_id)
    reason = TextAreaField(
        _l("Motivering (frivillig)"),
        description=_l("Till exempel att frågan inte berör er verksamhet."),
        validators=[Optional(), Length(max=5000)],
    )


class ConfirmForm(FlaskForm):
    """A bare form for POST buttons (withdraw): only the CSRF token."""
