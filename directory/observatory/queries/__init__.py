"""The CTG indicators of a period, computed from the features' own tables and the day counts.

Read-only. Each section is a few key figures (the period and the one before) and tables broken
down by commune, theme, public or month; a table is what the page shows under its chart, what
the CSV and XLSX files hold and what the PDF report prints, so the four always agree.

Definitions (also in the tables' notes): a listing is counted where it acts (its communes) and under
its parent themes, so a breakdown can add up to more than the total; events are counted once
each (a repeating event is one event) at the date of their first occurrence.
"""

import time

from flask import current_app

from directory.observatory.periods import Period, previous
from directory.observatory.queries.agenda import agenda_section
from directory.observatory.queries.common import Report, Section, Table
from directory.observatory.queries.diffusion import diffusion_section, edition_label
from directory.observatory.queries.listings import directory_counts, directory_section
from directory.observatory.queries.needs import needs_section, unmet_needs
from directory.observatory.queries.partners import partners_section
from directory.observatory.queries.volunteering import volunteering_section

__all__ = ["Report", "Section", "Table", "cached_report", "edition_label", "report",
           "unmet_needs"]

#: Seconds a computed report is reused (DIRECTORY_OBSERVATORY_REPORT_SECONDS): the page, its
#: CSV and XLSX files and the PDF then give the same figures, computed once.
DEFAULT_REPORT_SECONDS = 300
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
    """The period's report, reused for a few minutes (each process keeps its own)."""
    seconds = current_app.config.get("OBSERVATORY_REPORT_SECONDS", DEFAULT_REPORT_SECONDS)
    kept = current_app.extensions.setdefault("observatory_reports", {})
    now = time.monotonic()
    hit = kept.get(period.value)
    if hit is not None and not fresh and now - hit[0] < seconds:
        return hit[1]
    result = report(period)
    if seconds > 0:
        for value in [v for v, (at, _) in kept.items() if now - at >= seconds][:_KEPT]:
            kept.pop(value, None)
        if len(kept) >= _KEPT:
            kept.pop(next(iter(kept)))
        kept[period.value] = (now, result)
    return result
