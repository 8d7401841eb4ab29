from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, StringField
from wtforms.validators import Length, Optional


class LetterForm(FlaskForm):
    file = FileField(_l("Brevet"), description=_l("PDF, Word (.docx) eller OpenDocument (.odt), högst 20 MB."))
    decision_body = StringField(
        _l("Vilket organ som beslutade (frivilligt)"),
        description=_l("Till exempel kommunstyrelsen eller en nämnd."),
        validators=[Optional(), Length(max=300)],
    )
    decision_date = DateField(
        _l("Beslutsdatum (frivilligt)"), validators=[Optional()], description=_l("Till exempel 2026-05-20.")
    )
    decision_paragraph = StringField(
        _l("Paragraf (frivilligt)"), description=_l("Till exempel § 112."), validators=[Optional(), Length(max=40)]
    )
