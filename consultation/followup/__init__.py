"""Follow-up of the adopted strategy: insatser under its goal areas, their indicators, import and export,
and the councils whose agendas follow the goal areas."""

from . import agendas, councils, goal_areas, initiatives, listing, overview, sheets
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
    "agendas",
    "councils",
    "goal_areas",
    "initiative_section",
    "initiatives",
    "listing",
    "overview",
    "sheets",
]
