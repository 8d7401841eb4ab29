from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SearchField, SelectField
from wtforms.validators import Length, Optional

from .. import labels

MAX_QUERY = 200


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = SearchField(_l("Sök efter"), validators=[Optional(), Length(max=MAX_QUERY)])
    round = SelectField(_l("Remissrunda"), default="", validate_choice=False)
    section = SelectField(_l("Avsnitt"), default="", validate_choice=False)
    theme = SelectField(_l("Tema"), default="", validate_choice=False)
    actor_type = SelectField(_l("Aktörstyp"), default="", validate_choice=False)
    municipality = SelectField(_l("Kommun"), default="", validate_choice=False)
    decision = SelectField(_l("Ställningstagande"), default="", validate_choice=False)
    unanswered = BooleanField(_l("Bara obesvarade"))

    def __init__(self, choices, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _l("Alla"))]
        self.round.choices = everything + [(str(r.id), r.title) for r in choices.rounds]
        self.section.choices = [*everything, ("whole", _l("Förslaget som helhet")), *choices.sections]
        self.theme.choices = everything + [(str(theme_id), label) for theme_id, label in choices.themes]
        self.actor_type.choices = (
            everything
            + [(t.value, label) for t, label in labels.ACTOR_TYPES.items()]
            + [(key, label) for key, label in labels.ITEM_SOURCES.items()]
        )
        self.municipality.choices = everything + [(m, m) for m in choices.municipalities]
        self.decision.choices = everything + [(d.value, label) for d, label in labels.DECISIONS.items()]

    def chosen(self, field) -> str | None:
        """The field's value if it is one of its choices (a hand-made URL gets no filter, not an error)."""
        value = field.data or ""
        return value if value and value in {str(key) for key, _label in field.choices} else None
