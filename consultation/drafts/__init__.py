"""Drafts: strategy processes and their phases, documents, versions and sections, read from .md/.docx."""

from . import adoption, files, processes, publication, versions, writing
from .models import (
    PHASE_ORDER,
    Adoption,
    Document,
    DocumentVersion,
    Phase,
    PhaseKind,
    Process,
    Section,
    VersionStatus,
    process_facilitator,
)

__all__ = [
    "PHASE_ORDER",
    "Adoption",
    "Document",
    "DocumentVersion",
    "Phase",
    "PhaseKind",
    "Process",
    "Section",
    "VersionStatus",
    "adoption",
    "files",
    "process_facilitator",
    "processes",
    "publication",
    "versions",
    "writing",
]
