from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectMultipleField
from wtforms.validators import NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from consultation.analysis_runs import MAX_THEMES, MIN_THEMES

from .. import labels


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class StartAnalysisForm(FlaskForm):
    include_notes = BooleanField(
        _l("Ta med anteckningar från dialogträffarna"), default=True,
        description=_l("Publicerade anteckningar från processens dialogträffar analyseras tillsammans med synpunkterna."),
    )
    sections = MultiCheckboxField(
        _l("Bara dessa avsnitt"), default=[],
        description=_l("Välj inga för att analysera alla avsnitt och synpunkter på förslaget som helhet."),
    )
    actor_types = MultiCheckboxField(
        _l("Bara dessa aktörstyper"), default=[],
        description=_l("Välj inga för att ta med alla. Gäller remissvarens synpunkter, inte anteckningarna."),
    )
    n_themes = IntegerField(
        _l("Antal teman"),
        validators=[Optional(), NumberRange(min=MIN_THEMES, max=MAX_THEMES,
                                            message=_l("Ange ett tal mellan %(min)s och %(max)s."))],
        description=_l("Lämna tomt så väljer analysen ett lämpligt antal utifrån texterna."),
    )

    def __init__(self, sections, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections.choices = [("whole", _l("Förslaget som helhet"))] + [
            (s.key, f"{s.number} {s.heading}") for s in sections
        ]
        self.actor_types.choices = [(t.value, label) for t, label in labels.ACTOR_TYPES.items()]
