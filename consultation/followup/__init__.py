"""Follow-up of the adopted strategy: insatser under its goal areas, their indicators, import and export."""

from . import goal_areas, initiatives, listing, overview, sheets
from .council_models import (
    AgendaItem,
    Commitment,
    CommitmentStatus,
    Council,
    CouncilKind,
    CouncilMeeting,
    CouncilMember,
)
from .models import Approval, Indicator, Initiative, InitiativeStatus, initiative_section

__all__ = [
    "AgendaItem",
    "Approval",
    "Commitment",
    "CommitmentStatus",
    "Council",
    "CouncilKind",
    "CouncilMeeting",
    "CouncilMember",
    "Indicator",
    "Initiative",
    "InitiativeStatus",
    "goal_areas",
    "initiative_section",
    "initiatives",
    "listing",
    "overview",
    "sheets",
]
