"""Observatory fixtures: each test starts with this process's counts buffer empty, writes counts
at once and computes its indicators afresh."""

import pytest

from directory.observatory import counting


@pytest.fixture(autouse=True)
def counts_written_at_once(app, monkeypatch):
    counting.buffer(app).clear()
    monkeypatch.setitem(app.config, "OBSERVATORY_FLUSH_SECONDS", 0)
    # Each test's figures from its own data (tests/observatory/test_indicators.py tests reuse).
    monkeypatch.setitem(app.config, "OBSERVATORY_REPORT_SECONDS", 0)
    app.extensions.pop("observatory_reports", None)
    yield
    counting.buffer(app).clear()
