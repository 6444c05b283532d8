"""Periods of the indicators: a month, a quarter, a year, a year of the CTG or the whole CTG.

A period is written in the page's address (`?periode=2027-T1`), so a page of figures can be
bookmarked; each is compared with the one just before it, of the same length.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from flask import current_app

from directory.core.dates import PARIS, month_fr

PERIOD_KINDS = {"mois": "Mois", "trimestre": "Trimestre", "annee": "Année",
                "ctg-annee": "Année de la CTG", "ctg": "Toute la CTG"}
DEFAULT_CTG = (2026, 2030)


@dataclass(frozen=True)
class Period:
    kind: str
    #: First day, and the first day after the period.
    start: date
    end: date
    value: str
    label: str

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time(0), tzinfo=PARIS)

    @property
    def end_at(self) -> datetime:
        return datetime.combine(self.end, time(0), tzinfo=PARIS)

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.end.toordinal() - 1)

    def months(self) -> list[date]:
        """First day of each month of the period."""
        out, day = [], self.start
        while day < self.end:
            out.append(day)
            day = _add_months(day, 1)
        return out


def ctg_years() -> tuple[int, int]:
    first = int(current_app.config.get("CTG_FIRST_YEAR", DEFAULT_CTG[0]))
    last = int(current_app.config.get("CTG_LAST_YEAR", DEFAULT_CTG[1]))
    return first, max(first, last)


def _add_months(day: date, count: int) -> date:
    index = day.year * 12 + day.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def month(year: int, number: int) -> Period:
    start = date(year, number, 1)
    return Period("mois", start, _add_months(start, 1), f"{year}-{number:02d}",
                  f"{month_fr(number).capitalize()} {year}")


def quarter(year: int, number: int) -> Period:
    start = date(year, 3 * number - 2, 1)
    return Period("trimestre", start, _add_months(start, 3), f"{year}-T{number}",
                  f"{number}{'er' if number == 1 else 'e'} trimestre {year}")


def year(number: int) -> Period:
    return Period("annee", date(number, 1, 1), date(number + 1, 1, 1), str(number),
                  f"Année {number}")


def ctg_year(index: int) -> Period:
    first, _ = ctg_years()
    number = first + index - 1
    return Period("ctg-annee", date(number, 1, 1), date(number + 1, 1, 1), f"ctg-{index}",
                  f"Année {index} de la CTG ({number})")


def whole_ctg() -> Period:
    first, last = ctg_years()
    return Period("ctg", date(first, 1, 1), date(last + 1, 1, 1), "ctg",
                  f"Toute la CTG ({first}-{last})")


def parse(value: str | None, today: date) -> Period | None:
    """The period a value names; None when it names none."""
    value = (value or "").strip()
    try:
        if value == "ctg":
            return whole_ctg()
        if value.startswith("ctg-"):
            first, last = ctg_years()
            index = int(value[4:])
            return ctg_year(index) if 1 <= index <= last - first + 1 else None
        if "-T" in value:
            y, q = value.split("-T")
            return quarter(int(y), int(q)) if 1 <= int(q) <= 4 and 1900 < int(y) < 2200 else None
        if "-" in value:
            y, m = value.split("-")
            return month(int(y), int(m)) if 1 <= int(m) <= 12 and 1900 < int(y) < 2200 else None
        if value.isdigit() and 1900 < int(value) < 2200:
            return year(int(value))
    except ValueError:
        return None
    return None


def current(today: date) -> Period:
    return quarter(today.year, (today.month - 1) // 3 + 1)


def previous(period: Period) -> Period:
    """The period just before, of the same kind."""
    if period.kind == "mois":
        start = _add_months(period.start, -1)
        return month(start.year, start.month)
    if period.kind == "trimestre":
        start = _add_months(period.start, -3)
        return quarter(start.year, (start.month - 1) // 3 + 1)
    if period.kind == "annee":
        return year(period.start.year - 1)
    if period.kind == "ctg-annee":
        index = int(period.value[4:])
        if index > 1:
            return ctg_year(index - 1)
        return year(period.start.year - 1)
    length = period.end.year - period.start.year
    start = date(period.start.year - length, 1, 1)
    return Period("ctg", start, period.start, "", f"{start.year}-{period.start.year - 1}")


def choices(today: date) -> dict[str, list[tuple[str, str]]]:
    """The periods offered, grouped by kind, most recent first."""
    months, quarters = [], []
    day = date(today.year, today.month, 1)
    for _ in range(25):
        months.append(month(day.year, day.month))
        day = _add_months(day, -1)
    day = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    for _ in range(9):
        quarters.append(quarter(day.year, (day.month - 1) // 3 + 1))
        day = _add_months(day, -3)
    first, last = ctg_years()
    years = [year(n) for n in range(today.year, today.year - 3, -1)]
    ctg = [ctg_year(i) for i in range(1, last - first + 2)] + [whole_ctg()]
    return {label: [(p.value, p.label) for p in group] for label, group in (
        ("Trimestres", quarters), ("Mois", months), ("Années", years), ("CTG", ctg))}
