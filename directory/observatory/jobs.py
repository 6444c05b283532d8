"""The observatory's background work: the current periods' indicators, every five minutes.

The job worker computes and stores them, so that the staff's page reads them instead of
computing them.
"""

from huey import crontab

from directory.core import jobs
from directory.observatory import queries


@jobs.periodic(crontab(minute="*/5"))
def refresh_reports() -> None:
    queries.refresh_current()
