"""The printed editions' background work: builds queued by pages, and a nightly run.

Pages queue `store.build_printed`; the nightly run rebuilds whatever changed during the day,
before anyone asks."""

from flask import current_app
from huey import crontab

from directory.core import jobs
from directory.core.urls import public_root
from directory.printing import paper  # registers the kinds of editions the task builds
from directory.printing.store import build_printed

__all__ = ["build_printed", "nightly_build"]


@jobs.periodic(crontab(hour="1", minute="30"))  # 2:30 or 3:30 in Paris
def nightly_build() -> list[str]:
    with current_app.test_request_context(base_url=public_root()):
        return paper.build_all()
