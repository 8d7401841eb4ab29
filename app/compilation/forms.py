from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, TextAreaField
from wtforms.validators import InputRequired

from consultation.review.readiness import Checked, Readiness

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


class PublishForm(FlaskForm):
    """Publish from the readiness page: what the page showed travels along, so a changed round is noticed."""

    run_id = HiddenField()  # "" when there is no analysis
    unanswered = HiddenField()
    publish_unanswered = BooleanField(
        _l("Publicera ändå, med synpunkter som saknar ställningstagande"),
        description=_l("Den publicerade sammanställningen säger då hur många synpunkter som ännu saknar svar."),
    )

    def show(self, readiness: Readiness) -> None:
        """The hidden fields always hold what the page shows now."""
        self.run_id.data = str(readiness.run_id or "")
        self.unanswered.data = str(readiness.unanswered_total)

    def checked(self) -> Checked | None:
        """None when the form did not come from the readiness page."""
        unanswered = parse_id(self.unanswered.data or "")
        if unanswered is None:
            return None
        return Checked(parse_id(self.run_id.data or ""), unanswered, bool(self.publish_unanswered.data))


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
