"""Dates shown in French, in Europe/Paris: the only place where UTC becomes local time."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, get_day_names

PARIS = ZoneInfo("Europe/Paris")


def to_paris(value: datetime) -> datetime:
    return value.astimezone(PARIS)


def today_paris() -> date:
    return datetime.now(PARIS).date()


def paris_day(value: date | datetime) -> date:
    """The Paris calendar day of a moment; a date stays as it is."""
    return to_paris(value).date() if isinstance(value, datetime) else value


def date_fr(value: date | datetime | None, fmt: str = "d MMMM yyyy") -> str:
    """'5 janvier 2027' (or another Babel pattern)."""
    if value is None:
        return ""
    return format_date(paris_day(value), fmt, locale="fr_FR")


def datetime_fr(value: datetime | None, fmt: str = "d MMMM yyyy 'à' HH'h'mm") -> str:
    if value is None:
        return ""
    return format_datetime(value, fmt, tzinfo=PARIS, locale="fr_FR")


def day_fr(day: date, with_year: bool = False) -> str:
    """'6 janvier', '1er mars' ('1er mars 2028' with the year)."""
    text = date_fr(day, "d MMMM yyyy" if with_year else "d MMMM")
    return "1er" + text[1:] if day.day == 1 else text


def month_fr(month: int) -> str:
    """'janvier' for 1."""
    return format_date(date(2000, month, 1), "MMMM", locale="fr_FR")


def weekday_fr(index: int) -> str:
    """'lundi' for 0 (Python's `date.weekday()`)."""
    return get_day_names("wide", locale="fr_FR")[index]


def clock_fr(moment: datetime) -> str:
    """The Paris time of day: '18 h 30', '9 h'."""
    local = to_paris(moment)
    return f"{local.hour} h {local.minute:02d}" if local.minute else f"{local.hour} h"
