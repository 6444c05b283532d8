"""Counting fixtures: each test starts with this process's buffer empty and writes at once."""

import pytest

from directory.observatory import counting


@pytest.fixture(autouse=True)
def counts_written_at_once(app, monkeypatch):
    counting.buffer(app).clear()
    monkeypatch.setitem(app.config, "OBSERVATORY_FLUSH_SECONDS", 0)
    yield
    counting.buffer(app).clear()
