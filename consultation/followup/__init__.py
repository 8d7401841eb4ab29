"""Follow-up of the adopted strategy: insatser under its goal areas, their indicators, import and export."""

from . import completeness, goal_areas, initiatives, listing, overview, periods, published, reporting, sheets
from .models import (
    Approval,
    Indicator,
    IndicatorValue,
    Initiative,
    InitiativeReport,
    InitiativeStatus,
    PeriodNotice,
    PeriodReport,
    ReportingPeriod,
    ReportStatus,
    initiative_section,
)

__all__ = [
    "Approval",
    "Indicator",
    "IndicatorValue",
    "Initiative",
    "InitiativeReport",
    "InitiativeStatus",
    "PeriodNotice",
    "PeriodReport",
    "ReportStatus",
    "ReportingPeriod",
    "completeness",
    "goal_areas",
    "initiative_section",
    "initiatives",
    "listing",
    "overview",
    "periods",
    "published",
    "reporting",
    "sheets",
]
