from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from consultation.review.analysis_inputs import MAX_THEMES, MIN_THEMES

from .. import labels
from ..numbers import WholeNumberField, database_id


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class StartAnalysisForm(FlaskForm):
    include_notes = BooleanField(
        _l("Ta med anteckningar från dialogträffarna"),
        default=True,
        description=_l(
            "Publicerade anteckningar från processens dialogträffar analyseras tillsammans med synpunkterna."
        ),
    )
    sections = MultiCheckboxField(
        _l("Bara dessa avsnitt"),
        default=[],
        description=_l("Välj inga för att analysera alla avsnitt och synpunkter på förslaget som helhet."),
    )
    actor_types = MultiCheckboxField(
        _l("Bara dessa aktörstyper"),
        default=[],
        description=_l("Välj inga för att ta med alla. Gäller remissvarens synpunkter, inte anteckningarna."),
    )
    n_themes = WholeNumberField(
        _l("Antal teman"),
        validators=[
            Optional(),
            NumberRange(min=MIN_THEMES, max=MAX_THEMES, message=_l("Ange ett tal mellan %(min)s och %(max)s.")),
        ],
        description=_l("Lämna tomt så väljer analysen ett lämpligt antal utifrån texterna."),
    )

    def __init__(self, sections, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections.choices = [("whole", _l("Förslaget som helhet"))] + [(s.key, s.title) for s in sections]
        self.actor_types.choices = [(t.value, label) for t, label in labels.ACTOR_TYPES.items()]


class RenameThemeForm(FlaskForm):
    label = StringField(
        _l("Nytt namn på temat"), validators=[InputRequired(message=_l("Ge temat ett namn.")), Length(max=300)]
    )


class MergeThemeForm(FlaskForm):
    source = SelectField(
        _l("Slå ihop med"),
        coerce=database_id,
        description=_l("Alla texter i det valda temat flyttas hit, och det temat försvinner."),
    )

    def __init__(self, themes, current, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.source.choices = [(t.id, f"{t.label} ({t.size})") for t in themes if t.id != current.id]


class ItemsForm(FlaskForm):
    """The theme page's list of texts with checkboxes, and what to do with the chosen ones."""

    item_ids = MultiCheckboxField(_l("Valda texter"), coerce=database_id, default=[])
    target = SelectField(_l("Flytta till tema"), coerce=database_id, validate_choice=False)
    new_label = StringField(_l("Namn på det nya temat"), validators=[Length(max=300)])

    def __init__(self, items, themes, current, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.item_ids.choices = [(item.id, item.sender or str(item.id)) for item in items]
        self.target.choices = [(t.id, f"{t.label} ({t.size})") for t in themes if t.id != current.id]


class ReclusterForm(FlaskForm):
    parts = WholeNumberField(
        _l("Antal delteman"),
        default=2,
        validators=[
            InputRequired(message=_l("Ange ett tal mellan 2 och 6.")),
            NumberRange(min=2, max=6, message=_l("Ange ett tal mellan 2 och 6.")),
        ],
    )


class ConfirmForm(FlaskForm):
    """A button that changes something: CSRF only."""
