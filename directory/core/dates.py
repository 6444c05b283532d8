"""Dates shown in French, in Europe/Paris: the only place where UTC becomes local time."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, get_day_names

PARIS = ZoneInfo("Europe/Paris")
#: The day-of-month field before the month's name in a Babel pattern ("d MMMM", "EEEE d MMM").
_DAY_BEFORE_MONTH = re.compile(r"(?<![d'])d(?= MMM)")


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
    day = paris_day(value)
    return format_date(day, _first(fmt, day.day), locale="fr_FR")


def _first(fmt: str, day: int) -> str:
    """French writes the first of the month « 1er » (1er janvier), Babel writes « 1 »."""
    return _DAY_BEFORE_MONTH.sub("'1er'", fmt) if day == 1 else fmt


def datetime_fr(value: datetime | None, fmt: str = "d MMMM yyyy 'à' HH'h'mm") -> str:
    if value is None:
        return ""
    return format_datetime(value, _first(fmt, to_paris(value).day), tzinfo=PARIS,
                           locale="fr_FR")


def day_fr(day: date, with_year: bool = False) -> str:
    """'6 janvier', '1er mars' ('1er mars 2028' with the year)."""
    return date_fr(day, "d MMMM yyyy" if with_year else "d MMMM")


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
