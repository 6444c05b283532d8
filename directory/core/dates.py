"""Dates shown in French, in Europe/Paris: the only place where UTC becomes local time."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime

PARIS = ZoneInfo("Europe/Paris")


def to_paris(value: datetime) -> datetime:
    return value.astimezone(PARIS)


def today_paris() -> date:
    return datetime.now(PARIS).date()


def date_fr(value: date | datetime | None, fmt: str = "d MMMM yyyy") -> str:
    """'5 janvier 2027' (or another Babel pattern)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_paris(value).date()
    return format_date(value, fmt, locale="fr_FR")


def datetime_fr(value: datetime | None, fmt: str = "d MMMM yyyy 'à' HH'h'mm") -> str:
    if value is None:
        return ""
    return format_datetime(value, fmt, tzinfo=PARIS, locale="fr_FR")
