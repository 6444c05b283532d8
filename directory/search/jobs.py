"""The search index's background work: the outbox backlog, drained by the job worker.

A request drains only the rows of its own edit (`outbox.after_commit`); anything else waiting
(an import's thousands of rows, rows another process could not take) is drained here in bounded
runs, each queuing the next while rows remain, and once a minute whatever happens.
"""

from flask import current_app
from huey import crontab

from directory.core import jobs
from directory.search import indexer

#: Outbox rows one run handles before it hands over to the next (other tasks get their turn).
RUN_ROWS = 5000
#: Queue key set while a run is queued: a thousand commits queue one run, not a thousand.
_QUEUED = "search:drain-queued"


def queue_drain() -> None:
    """Queue a run unless one is already waiting."""
    if jobs.queue.put_if_empty(_QUEUED, True):
        drain_outbox()


@jobs.task()
def drain_outbox() -> int:
    jobs.queue.get(_QUEUED)  # taken: a commit from now on queues the next run
    return _run()


@jobs.periodic(crontab(minute="*"))
def drain_outbox_every_minute() -> int:
    """Rows left by a run that died, or by a process that could not queue one."""
    jobs.queue.get(_QUEUED)  # a lost run's mark must not stop commits from queuing the next
    return _run()


def _run() -> int:
    app = current_app._get_current_object()
    handled = indexer.drain(app, max_rows=RUN_ROWS)
    if handled >= RUN_ROWS and indexer.pending(app):
        queue_drain()
    return handled
