"""The position forms. The domain checks the values (consultation.review.positions); these only carry them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.widgets import CheckboxInput, ListWidget

from consultation.review.positions import MAX_MOTIVATION_LENGTH
from consultation.text import grouped

from ..numbers import database_id, parse_id
from .labels import DECISIONS


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class _PositionFields(FlaskForm):
    # validate_choice=False: an empty or unknown choice is the domain's message, in Swedish.
    decision = RadioField(_l("Ställningstagande"), validate_choice=False)
    motivation = TextAreaField(
        _l("Motivering"),
        render_kw={"rows": 6, "maxlength": MAX_MOTIVATION_LENGTH},
        description=_l(
            "Krävs när synpunkten beaktas delvis eller inte beaktas. Högst %(max)s tecken.",
            max=grouped(MAX_MOTIVATION_LENGTH),
        ),
    )
    acted_on_section_key = SelectField(
        _l("Avsnitt där synpunkten har hanterats"),
        default="",
        validate_choice=False,
        description=_l("Frivilligt: avsnittet i nästa version av förslaget där synpunkten har tagits om hand."),
    )

    def __init__(self, sections, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision.choices = [(d.value, label) for d, label in DECISIONS.items()]
        self.acted_on_section_key.choices = [("", _l("Inget särskilt avsnitt"))] + [(s.key, s.title) for s in sections]


class PositionForm(_PositionFields):
    """One item's position; `revision` is the one the person saw (empty: there was none)."""

    revision = HiddenField()
    next = HiddenField()

    @classmethod
    def for_position(cls, sections, current, next_url: str) -> PositionForm:
        """The form filled with the item's current position (None: empty), where a post overrides it."""
        return cls(
            sections,
            data={
                "decision": current.decision if current else None,
                "motivation": current.motivation if current else "",
                "acted_on_section_key": (current.acted_on_section_key or "") if current else "",
                "revision": str(current.revision) if current else "",
                "next": next_url,
            },
        )

    @property
    def expected_revision(self) -> int | None:
        return parse_id(self.revision.data)


class BulkPositionForm(_PositionFields):
    """One position for many items: a whole theme or campaign, or the chosen items."""

    scope = RadioField(_l("Vilka texter?"), default="selected", validate_choice=False)
    item_ids = MultiCheckboxField(_l("Valda texter"), coerce=database_id, validate_choice=False)
    overwrite = BooleanField(
        _l("Skriv över befintliga ställningstaganden"),
        default=False,
        description=_l(
            "Utan kryss får bara texter som saknar ställningstagande det nya; "
            "texter som redan har ett behåller sitt och räknas som överhoppade."
        ),
    )

    def __init__(self, sections, items, whole_label, *args, **kwargs):
        super().__init__(sections, *args, **kwargs)
        self.item_ids.choices = [(item.id, item.sender) for item in items]
        self.scope.choices = [("selected", _l("Bara de texter jag har kryssat i")), ("all", whole_label)]


class UnansweredFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    theme = SelectField(_l("Tema"), default="", validate_choice=False)
    section = SelectField(_l("Avsnitt"), default="", validate_choice=False)

    def __init__(self, run, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme.choices = [("", _l("Alla teman"))] + [
            (str(t.id), t.label) for t in run.themes if t.merged_into_id is None
        ]
        self.section.choices = [("", _l("Alla avsnitt")), ("whole", _l("Förslaget som helhet"))] + [
            (s.key, s.title) for s in run.round.version.sections
        ]
