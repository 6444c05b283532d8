"""The observatory's scheduled work: the current indicators, and the night's purge of counts.

Every five minutes the job worker computes and stores the current periods' indicators, so that
the staff's page reads them instead of computing them. Each night yesterday's fingerprints are
counted and erased and old counts dropped, even after a day without visits (the first count
of a day does it otherwise).
"""

from huey import crontab

from directory.core import jobs
from directory.core.dates import today_paris
from directory.observatory import counting, queries


@jobs.periodic(crontab(minute="*/5"))
def refresh_reports() -> None:
    queries.refresh_current()


@jobs.periodic(crontab(minute="20", hour="0"))
def purge_counts() -> int:
    deleted = counting.roll_over(today_paris())
    counting.flush()
    return deleted
