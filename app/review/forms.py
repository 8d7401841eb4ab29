from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField

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
        self.section.choices = [("", _l("Alla"))] + [(str(s.id), s.title) for s in sections]


class NoteFilterForm(FlaskForm):
    class Meta:
        csrf = False

    meeting = SelectField(_l("Dialogträff"), default="")
    kind = SelectField(_l("Sorts anteckning"), default="")
    section = SelectField(_l("Avsnitt"), default="")
    tag = StringField(_l("Tagg"))

    def __init__(self, meetings, sections, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting.choices = [("", _l("Alla"))] + [(str(m.id), m.title) for m in meetings]
        self.kind.choices = [("", _l("Alla"))] + [(k.value, v) for k, v in labels.NOTE_KINDS.items()]
        self.section.choices = [("", _l("Alla"))] + [(str(s.id), s.title) for s in sections]
