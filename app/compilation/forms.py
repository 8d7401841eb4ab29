from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import InputRequired

from ..numbers import parse_id


class SummaryForm(FlaskForm):
    text = TextAreaField(
        _l("Arbetsgruppens sammanfattning"),
        description=_l("En kort sammanfattning av vad som kom in. Visas i sammanställningen."),
    )
    # The revision the text was read at: a save over someone else's newer text is refused.
    revision = HiddenField(default="0")

    @property
    def revision_number(self) -> int:
        number = parse_id(self.revision.data or "0")
        return -1 if number is None else number


class ConfirmForm(FlaskForm):
    """A button with nothing to fill in (publish, unpublish): the CSRF token is the point."""


class RedactionForm(FlaskForm):
    passage = TextAreaField(
        _l("Stycke som ska tas bort"),
        validators=[InputRequired(_l("Ange det stycke som ska tas bort."))],
        description=_l(
            "Markera stycket i den publicerade texten ovan så fylls det i här, eller kopiera det hit; "
            "radbrytningar och mellanslag behöver inte stämma. Det ersätts med [borttaget] "
            "överallt där det förekommer; originalet sparas i arkivet."
        ),
    )
    reason = TextAreaField(
        _l("Skäl"),
        validators=[InputRequired(_l("Ange varför stycket tas bort."))],
        description=_l("Till exempel personuppgifter eller kränkande innehåll."),
    )
