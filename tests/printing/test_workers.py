"""The pool of layout processes does not outlive a web worker killed by its server."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from directory.core.config import ROOT

#: Builds an edition with a pool of two processes, prints their numbers, then waits to be
#: killed. With "thread", another thread runs meanwhile: the pool then comes from a forkserver.
BUILDER = textwrap.dedent("""
    import multiprocessing, sys, threading, time
    from directory import create_app
    from directory.editions import layout as quarterly

    if __name__ == "__main__":
        if sys.argv[1] == "thread":
            threading.Thread(target=time.sleep, args=(600,), daemon=True).start()
        app = create_app({"SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                          "SEARCH_INDEX_DIR": sys.argv[2]})
        content = {"title": "Janvier – mars 2027", "year": 2027, "quarter": 1,
                   "territory": "Territoire", "territory_short": "Territoire",
                   "editorial": "", "entries": []}
        with app.app_context():
            assert quarterly.render_edition_pdf(content, workers=2).startswith(b"%PDF-")
        print(" ".join(str(child.pid) for child in multiprocessing.active_children()),
              flush=True)
        time.sleep(600)
""")


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (dead, not yet reaped by its new parent) counts as gone.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["thread", "alone"])
def test_pool_processes_leave_when_the_web_worker_is_killed(tmp_path, mode):
    script = tmp_path / "builder.py"
    script.write_text(BUILDER)
    with subprocess.Popen([sys.executable, str(script), mode, str(tmp_path / "index")],
                          cwd=ROOT, stdout=subprocess.PIPE, text=True) as owner:
        try:
            pool = [int(pid) for pid in owner.stdout.readline().split()]
            assert pool and all(_exists(pid) for pid in pool)
        finally:
            owner.send_signal(signal.SIGKILL)  # no chance to stop its pool
            owner.wait()
    deadline = time.monotonic() + 15
    while any(_exists(pid) for pid in pool) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in pool if _exists(pid)]
