"""The CTG indicators of a period, computed from the features' own tables and the day counts.

Read-only. Each section is a few key figures (the period and the one before) and tables broken
down by commune, theme, public or month; a table is what the page shows under its chart, what
the CSV and XLSX files hold and what the PDF report prints, so the four always agree.

Definitions (also in the tables' notes): a listing is counted where it acts (its communes) and under
its parent themes, so a breakdown can add up to more than the total; events are counted once
each (a repeating event is one event) at the date of their first occurrence.
"""

import time
from dataclasses import asdict
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy.exc import IntegrityError

from directory.core.dates import today_paris
from directory.core.extensions import db
from directory.observatory import periods
from directory.observatory.models import StoredReport
from directory.observatory.periods import Period, previous
from directory.observatory.queries.agenda import agenda_section
from directory.observatory.queries.common import Report, Section, Table
from directory.observatory.queries.diffusion import diffusion_section, edition_label
from directory.observatory.queries.listings import directory_counts, directory_section
from directory.observatory.queries.needs import needs_section, unmet_needs
from directory.observatory.queries.partners import partners_section
from directory.observatory.queries.volunteering import volunteering_section

__all__ = ["Report", "Section", "Table", "cached_report", "edition_label", "refresh_current",
           "report", "unmet_needs"]

#: Seconds a computed report is reused by a process (DIRECTORY_OBSERVATORY_REPORT_SECONDS): the
#: page, its CSV and XLSX files and the PDF then give the same figures, computed once. 0 turns
#: every reuse off (figures computed for each request).
DEFAULT_REPORT_SECONDS = 300
#: Seconds a report stored in the database is reused by every process and node
#: (DIRECTORY_OBSERVATORY_STORED_REPORT_SECONDS); the worker stores the current periods' ones
#: every few minutes (observatory.jobs), so the staff's page reads them instead of computing.
DEFAULT_STORED_SECONDS = 900
_KEPT = 24


def report(period: Period) -> Report:
    before = previous(period)
    listings = directory_counts(period, before)
    return Report(period, before, [
        directory_section(period, before, listings),
        agenda_section(period, before, listings),
        partners_section(period, before),
        diffusion_section(period, before),
        needs_section(period, before),
        volunteering_section(period, before),
    ])


def cached_report(period: Period, *, fresh: bool = False) -> Report:
    """The period's report, reused for a few minutes: this process's copy, else the one stored
    in the database (by the worker or another process), else computed and stored."""
    seconds = current_app.config.get("OBSERVATORY_REPORT_SECONDS", DEFAULT_REPORT_SECONDS)
    kept = current_app.extensions.setdefault("observatory_reports", {})
    now = time.monotonic()
    hit = kept.get(period.value)
    if hit is not None and not fresh and now - hit[0] < seconds:
        return hit[1]
    result = None if fresh or seconds <= 0 else _stored(period)
    if result is None:
        result = report(period)
        if seconds > 0:
            store(result)
    if seconds > 0:
        for value in [v for v, (at, _) in kept.items() if now - at >= seconds][:_KEPT]:
            kept.pop(value, None)
        if len(kept) >= _KEPT:
            kept.pop(next(iter(kept)))
        kept[period.value] = (now, result)
    return result


# Reports shared through the database ----------------------------------------------------------


def _stored(period: Period) -> Report | None:
    if not period.value:
        return None
    row = db.session.get(StoredReport, period.value)
    seconds = current_app.config.get("OBSERVATORY_STORED_REPORT_SECONDS",
                                     DEFAULT_STORED_SECONDS)
    if row is None or datetime.now(UTC) - row.made_at > timedelta(seconds=seconds):
        return None
    sections = [Section(s["key"], s["title"], [Table(**t) for t in s["tables"]])
                for s in row.sections]
    return Report(period, previous(period), sections, made_at=row.made_at)


def store(result: Report) -> None:
    """Keep the report for every process; a report stored meanwhile by another one wins."""
    if not result.period.value:
        return
    row = db.session.get(StoredReport, result.period.value)
    if row is None:
        row = StoredReport(period=result.period.value)
        db.session.add(row)
    row.made_at = result.made_at
    row.sections = [asdict(section) for section in result.sections]
    try:
        db.session.commit()
    except IntegrityError:  # two processes stored the same period at once
        db.session.rollback()


def current_periods(today) -> list[Period]:
    """The periods the staff look at most: the month, the quarter and the one before, the year
    and the year of the CTG."""
    quarter = periods.current(today)
    found = [periods.month(today.year, today.month), quarter, previous(quarter),
             periods.year(today.year)]
    first, last = periods.ctg_years()
    if first <= today.year <= last:
        found.append(periods.ctg_year(today.year - first + 1))
    return found


def refresh_current() -> int:
    """Compute and store the current periods' reports (the worker's periodic task)."""
    found = current_periods(today_paris())
    for period in found:
        store(report(period))
    return len(found)
