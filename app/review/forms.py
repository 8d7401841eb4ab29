from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField

from .. import labels


class ResponseFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    actor_type = SelectField(_l("Aktörstyp"), default="")
    status = SelectField(_l("Status"), default="")
    section = SelectField(_l("Avsnitt"), default="")

    def __init__(self, sections, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor_type.choices = [("", _l("Alla"))] + [(t.value, label) for t, label in labels.ACTOR_TYPES.items()]
        self.status.choices = [("", _l("Alla")), ("submitted", _l("Inskickade")), ("withdrawn", _l("Återkallade"))]
        self.section.choices = [("", _l("Alla"))] + [(str(s.id), f"{s.number} {s.heading}") for s in sections]
