"""Newsletters' tests run their background tasks in the session's app.

A test that calls create_app() again (tests/core/test_headers.py does) makes that new app the
one the job queue runs tasks in (core.jobs.init_app); the mails would then ignore the
`mailbox` fixture, which configures the session's app.
"""

import pytest

from directory.core import jobs


@pytest.fixture(autouse=True)
def jobs_in_the_session_app(app):
    saved = list(jobs._apps)
    jobs._apps[:] = [app]
    jobs.configure(app)
    yield
    jobs._apps[:] = saved
