from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    PasswordField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from consultation.people import Role

from .. import labels
from ..numbers import WholeNumberField, database_id


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class OrganisationForm(FlaskForm):
    name = StringField(_l("Namn"), validators=[DataRequired(_l("Ange organisationens namn.")), Length(max=200)])
    actor_type = SelectField(_l("Aktörstyp"), validators=[DataRequired(_l("Välj en aktörstyp."))])
    municipality = StringField(_l("Kommun där organisationen finns"), validators=[Optional(), Length(max=100)])
    organisation_number = StringField(
        _l("Organisationsnummer"),
        description=_l("Tio siffror, till exempel 212000-1234."),
        validators=[Optional(), Length(max=11)],
    )
    email = EmailField(
        _l("E-postadress för remisser"),
        validators=[Optional(), Length(max=254)],
        render_kw={"autocomplete": "off"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor_type.choices = [("", _l("Välj aktörstyp"))] + [
            (code.value, label) for code, label in labels.ACTOR_TYPES.items()
        ]


class UserForm(FlaskForm):
    name = StringField(_l("Namn"), validators=[DataRequired(_l("Ange personens namn.")), Length(max=200)])
    email = EmailField(
        _l("E-postadress"),
        validators=[DataRequired(_l("Ange en e-postadress.")), Length(max=254)],
        render_kw={"autocomplete": "off"},
    )
    roles = MultiCheckboxField(_l("Roller"), coerce=str)
    organisation_ids = MultiCheckboxField(_l("Medlem i organisationer"), coerce=database_id)
    password = PasswordField(
        _l("Lösenord"),
        description=_l("Minst 10 tecken. Lämna tomt för att behålla nuvarande lösenord."),
        validators=[Optional(), Length(max=200)],
        render_kw={"autocomplete": "new-password"},
    )
    is_active = BooleanField(_l("Kontot är aktivt"), default=True)

    def __init__(self, organisations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles.choices = [(role.value, labels.ROLES[role]) for role in Role]
        self.organisation_ids.choices = [(o.id, o.name) for o in organisations]


class ApproveForm(FlaskForm):
    """One pending organisation: approve it, reject it (confirmed), or merge it into an existing one."""

    organisation_id = WholeNumberField(validators=[DataRequired()])
    action = SelectField(choices=[("approve", ""), ("reject", ""), ("merge", "")], default="approve")
    confirm_reject = BooleanField(_l("Ja, avvisa organisationen"))
    into_id = WholeNumberField(_l("Slå ihop med"), validators=[Optional()], default=0)


class ListSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = SearchField(_l("Sök"), validators=[Optional(), Length(max=200)])


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    action = SelectField(_l("Händelse"), default="")
    user = SelectField(_l("Användare"), default="")
    from_day = DateField(_l("Från och med"), validators=[Optional()])
    to_day = DateField(_l("Till och med"), validators=[Optional()])

    def __init__(self, actions, people, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = [("", _l("Alla"))] + [(code.value, label) for code, label in actions.items()]
        self.user.choices = [("", _l("Alla"))] + [(str(p.id), f"{p.name} ({p.email})") for p in people]
