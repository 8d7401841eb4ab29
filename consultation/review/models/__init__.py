"""The working group's models: analysis runs, themes and their edits, positions, summaries, redactions."""

from .analysis import (
    AnalysisItem,
    AnalysisRun,
    Campaign,
    EditAction,
    EmbeddingVector,
    RunStatus,
    Theme,
    ThemeEdit,
)
from .files import CompilationFile
from .positions import (
    Decision,
    FeedbackMail,
    Position,
    Redaction,
    SectionSummary,
)

__all__ = [
    "AnalysisItem",
    "AnalysisRun",
    "Campaign",
    "CompilationFile",
    "Decision",
    "EditAction",
    "EmbeddingVector",
    "FeedbackMail",
    "Position",
    "Redaction",
    "RunStatus",
    "SectionSummary",
    "Theme",
    "ThemeEdit",
]
