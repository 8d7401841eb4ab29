from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Optional

from ..numbers import database_id


class ConfirmForm(FlaskForm):
    """A bare form for POST buttons: only the CSRF token."""


class SectionForm(FlaskForm):
    """One section of a draft version; the domain checks the values, so a refusal keeps every word."""

    number = StringField(_l("Nummer"), description=_l("Till exempel 3.2. Numrera om alla avsnitt på versionens sida."))
    heading = StringField(_l("Rubrik"))
    level = SelectField(
        _l("Nivå"),
        coerce=database_id,
        choices=[(1, _l("1 (avsnitt)")), (2, _l("2 (underavsnitt)")), (3, _l("3 (under-underavsnitt)"))],
    )
    body = TextAreaField(
        _l("Text"),
        description=_l(
            "Markdown: tom rad mellan stycken, - för punktlistor, **fetstil**. Förhandsgranska innan du sparar."
        ),
    )
    derived_from = SelectMultipleField(
        _l("Kommer från avsnitt"),
        description=_l("När avsnittet delar eller slår ihop avsnitt ur den föregående versionen: välj dem."),
        validators=[Optional()],
    )
    base_revision = HiddenField()


class AdoptionForm(FlaskForm):
    """The council's decision as its minutes give it; the domain checks the values."""

    body = StringField(_l("Beslutande organ"), description=_l("Till exempel regionfullmäktige."))
    decided_on = DateField(_l("Beslutsdatum"), validators=[Optional()])
    reference = StringField(_l("Paragraf eller diarienummer"), description=_l("Till exempel § 112, RS 2026/341."))
