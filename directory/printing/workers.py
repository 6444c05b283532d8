"""Lay out several HTML documents to PDF at once, in worker processes.

Used by the job worker (`flask jobs worker`: printing.store, editions.jobs), never by a web
worker: no request lays out a PDF any more.

WeasyPrint is pure Python and lays out one document on one core. A long edition is cut into
parts (printing.quarterly) that do not depend on each other's layout; each part is rendered
by `render_part` in a process of a pool, and the parts are joined afterwards
(printing.imposition).

The pool's processes are forked from this one when it runs no other thread (a CLI command):
they start at once with WeasyPrint and its fonts already loaded.
Forking a process that runs threads can deadlock the child on a lock another thread held, so
then (the job worker's consumer threads, tests with their servers) they come from a
"forkserver" process that imports WeasyPrint once. The pool is started at the first build
and kept for the next ones.
PRINT_WORKERS sets its size; 1 renders everything in the calling process. A pool process
leaves on its own when the process that started the pool is gone (the job worker killed, or
out of memory: it had no chance to stop its pool).
"""

import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from directory.printing.pdf import render_document

log = logging.getLogger(__name__)

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_pool_size = 0
#: How often a pool process checks that the process owning the pool is still there.
OWNER_CHECK_SECONDS = 2.0


@dataclass(frozen=True)
class RenderedPart:
    pdf: bytes
    page_count: int
    #: Anchor (an element's id) -> index of the first page where it stands, from 0.
    anchors: dict[str, int] = field(default_factory=dict)
    #: CPU time the layout took in its process (benchmarks add them up).
    cpu_seconds: float = 0.0


def render_part(html: str, static_folder: str | None = None) -> RenderedPart:
    """Lay out one complete HTML document and write its PDF (runs in a worker process)."""
    began = time.process_time()
    document = render_document(html, Path(static_folder) if static_folder else None)
    anchors: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            anchors.setdefault(anchor, number)
    data = document.write_pdf()
    return RenderedPart(data, len(document.pages), anchors, time.process_time() - began)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: the number was reused, yet it exists
        return True
    return True


def _watch_owner(owner: int) -> None:
    """Pool process initializer: exit once the owner of the pool has died.

    Otherwise the process would wait for work forever, and the forkserver with it (it stays
    while any process it started holds its pipe).
    """
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(OWNER_CHECK_SECONDS)
            if os.getppid() != parent or not _alive(owner):
                os._exit(0)

    threading.Thread(target=watch, name="print-pool-owner", daemon=True).start()


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def default_workers() -> int:
    """One process per core the server may use, at most four (a quarter has three months)."""
    return max(1, min(4, available_cpus()))


def _executor(size: int) -> ProcessPoolExecutor:
    global _pool, _pool_size
    with _lock:
        if _pool is None or _pool_size != size:
            if _pool is not None:
                _pool.shutdown(wait=False, cancel_futures=True)
            if threading.active_count() == 1:
                context = multiprocessing.get_context("fork")
            else:
                context = multiprocessing.get_context("forkserver")
                # Imported once by the server, inherited by every worker it forks.
                context.set_forkserver_preload(["directory.printing.workers"])
            _pool = ProcessPoolExecutor(size, mp_context=context, initializer=_watch_owner,
                                        initargs=(os.getpid(),))
            _pool_size = size
        return _pool


def start_method() -> str | None:
    """How the running pool's processes were started ("fork" or "forkserver"), if any."""
    with _lock:
        return _pool._mp_context.get_start_method() if _pool is not None else None


def shutdown() -> None:
    """Stop the pool's processes (they are started again by the next build)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def _discard(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


class Batch:
    """Parts submitted together; `results()` waits for them, in submission order.

    With one worker (or when the pool cannot be used) the parts are rendered in this process,
    when `results()` is called.
    """

    def __init__(self, workers: int, static_folder: Path | None):
        self.workers = workers
        self.static_folder = str(static_folder) if static_folder else None
        self._htmls: list[str] = []
        self._futures: list[Future] = []
        self._pool = _executor(workers) if workers > 1 else None

    def submit(self, html: str) -> None:
        self._htmls.append(html)
        if self._pool is not None:
            try:
                self._futures.append(self._pool.submit(render_part, html, self.static_folder))
            except (BrokenProcessPool, RuntimeError, OSError):
                log.warning("print workers unavailable, rendering in process", exc_info=True)
                _discard(self._pool)
                self._pool = None

    def results(self) -> list[RenderedPart]:
        if self._pool is not None:
            try:
                return [future.result() for future in self._futures]
            except BrokenProcessPool:
                log.warning("a print worker died, rendering in process", exc_info=True)
                _discard(self._pool)
            except CancelledError:  # the pool was replaced (another size) meanwhile
                log.warning("print pool replaced, rendering in process")
        return [render_part(html, self.static_folder) for html in self._htmls]

