from __future__ import annotations

from flask_wtf import FlaskForm


class RetryJobForm(FlaskForm):
    """The "Försök igen" button of a failed job: only its CSRF token."""
