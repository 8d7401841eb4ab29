"""Local time in Europe/Stockholm for people, UTC for storage."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .errors import N_, msg

STOCKHOLM = ZoneInfo("Europe/Stockholm")


class NonexistentLocalTime(ValueError):
    """The wall-clock time is skipped by a daylight-saving change (e.g. 02:30 on the last Sunday of March)."""


def local_to_utc(day: date, clock: time) -> datetime:
    """Turn a Stockholm wall-clock time into UTC; an ambiguous autumn hour means the first one."""
    local = datetime.combine(day, clock, tzinfo=STOCKHOLM)
    # A time in the spring gap does not survive a round trip through UTC.
    roundtrip = local.astimezone(UTC).astimezone(STOCKHOLM)
    if roundtrip.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise NonexistentLocalTime(f"{day} {clock} does not exist in Europe/Stockholm")
    return local.astimezone(UTC)


def local_to_utc_or_error(errors: dict, field_name: str, day: date, clock: time) -> datetime | None:
    """`local_to_utc` for a form: a time the spring change skips becomes an error on `field_name`, and None."""
    try:
        return local_to_utc(day, clock)
    except NonexistentLocalTime:
        errors[field_name] = [msg(N_("Klockslaget finns inte den dagen (sommartid börjar). Välj en annan tid."))]
        return None


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(STOCKHOLM)


def local_today(now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(STOCKHOLM).date()


def local_days_from_today(days: int, clock: time, now: datetime | None = None) -> datetime:
    """UTC moment of `clock` Stockholm time, `days` days from today (used by demo data)."""
    return local_to_utc(local_today(now) + timedelta(days=days), clock)
