"""Review: the working group's analysis runs and theme edits, positions and answering progress,
the compilation, publication and redaction.
"""

from . import (
    analysis_inputs,
    analysis_results,
    analysis_runs,
    answer_progress,
    answerables,
    compilation,
    compilation_files,
    compilation_queries,
    earlier_round,
    feedback,
    models,
    open_data,
    outcome,
    positions,
    public_reading,
    publication,
    readiness,
    theme_carry_over,
    theme_edits,
)

# The models' names are listed once, in models.__all__, and re-exported here.
from .models import *  # noqa: F403

__all__ = [
    *models.__all__,
    "analysis_inputs",
    "analysis_results",
    "analysis_runs",
    "answer_progress",
    "answerables",
    "compilation",
    "compilation_files",
    "compilation_queries",
    "earlier_round",
    "feedback",
    "open_data",
    "outcome",
    "positions",
    "public_reading",
    "publication",
    "readiness",
    "theme_carry_over",
    "theme_edits",
]
