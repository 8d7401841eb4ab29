"""Review: the working group's analysis runs and theme edits, positions and answering progress,
the compilation, publication and redaction.
"""

from . import (
    analysis_inputs,
    analysis_results,
    analysis_runs,
    answer_progress,
    compilation,
    positions,
    publication,
    theme_carry_over,
    theme_edits,
)
from .models import (
    AnalysisItem,
    AnalysisRun,
    Campaign,
    Decision,
    EditAction,
    EmbeddingVector,
    Position,
    Redaction,
    RunStatus,
    SectionSummary,
    Theme,
    ThemeEdit,
)

__all__ = [
    "AnalysisItem",
    "AnalysisRun",
    "Campaign",
    "Decision",
    "EditAction",
    "EmbeddingVector",
    "Position",
    "Redaction",
    "RunStatus",
    "SectionSummary",
    "Theme",
    "ThemeEdit",
    "analysis_inputs",
    "analysis_results",
    "analysis_runs",
    "answer_progress",
    "compilation",
    "positions",
    "publication",
    "theme_carry_over",
    "theme_edits",
]
