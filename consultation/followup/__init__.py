"""Follow-up of the adopted strategy: insatser under its goal areas, their indicators, import and export."""

from . import goal_areas, initiatives, listing, overview, sheets
from .models import Approval, Indicator, Initiative, InitiativeStatus, initiative_section

__all__ = [
    "Approval",
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
