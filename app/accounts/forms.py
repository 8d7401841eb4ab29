from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from .. import labels


class NewAccountForm(FlaskForm):
    name = StringField(
        _l("Ditt namn"),
        validators=[DataRequired(_l("Ange ditt namn.")), Length(max=200)],
        render_kw={"autocomplete": "name"},
    )
    password = PasswordField(
        _l("Välj lösenord"),
        description=_l("Minst 10 tecken."),
        validators=[DataRequired(_l("Välj ett lösenord.")), Length(max=200)],
        render_kw={"autocomplete": "new-password"},
    )
    password_again = PasswordField(
        _l("Upprepa lösenordet"),
        validators=[
            DataRequired(_l("Skriv lösenordet en gång till.")),
            EqualTo("password", _l("Lösenorden är inte lika.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class SetPasswordForm(NewAccountForm):
    """A user an admin created chooses a password: the name is already known."""

    name = None


class AcceptForm(FlaskForm):
    """Accept while signed in: nothing but the CSRF token."""


class RegisterForm(NewAccountForm):
    email = EmailField(
        _l("E-postadress"),
        validators=[DataRequired(_l("Ange din e-postadress.")), Length(max=254)],
        render_kw={"autocomplete": "email"},
    )
    kind = RadioField(
        _l("Jag svarar"),
        choices=[
            ("person", _l("som privatperson")),
            ("organisation", _l("för en organisation som inte finns i registret")),
        ],
        default="person",
    )
    organisation_name = StringField(_l("Organisationens namn"), validators=[Optional(), Length(max=200)])
    actor_type = SelectField(_l("Typ av organisation"), validators=[Optional()])
    municipality = StringField(_l("Kommun"), validators=[Optional(), Length(max=100)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor_type.choices = [("", _l("Välj typ"))] + [
            (t.value, label) for t, label in labels.ACTOR_TYPES.items() if t.value != "private_person"
        ]


class ContactForm(FlaskForm):
    email = EmailField(
        _l("Kontaktadress"),
        description=_l("Hit skickas inbjudningar och påminnelser om remisser. Ange gärna en namngiven person."),
        validators=[DataRequired(_l("Ange en e-postadress.")), Length(max=254)],
        render_kw={"autocomplete": "email"},
    )


class InviteColleagueForm(FlaskForm):
    email = EmailField(
        _l("Kollegans e-postadress"), validators=[DataRequired(_l("Ange en e-postadress.")), Length(max=254)]
    )
