"""The job queue: background work (imports today; PDFs, mail batches, feeds later) run by a worker.

Huey keeps the queue in a SQLite file of the instance folder (nothing to install), or in Redis
when DIRECTORY_JOBS_URL=redis://… is set. `flask jobs worker` (started by `make run`) runs the
tasks; a web worker only enqueues them, after its transaction commits, so that the task always
finds the rows it is given.

Each task runs in a fresh application context (its own database session). A `Job` row tells
the staff what was asked, how far it went and what it did: its progress lives in the queue's
storage (so a long import's own transaction is not needed to report it), its report in the
database, written in the same transaction as the work itself.
"""

import logging
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from functools import wraps
from pathlib import Path

import click
from flask import Flask
from huey import Huey, RedisHuey, SqliteHuey
from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, select
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Mapped, Session, mapped_column

from directory.core.extensions import db
from directory.core.models import UTCDateTime, utcnow

log = logging.getLogger(__name__)

#: The one queue of the app. Its storage is chosen by init_app() from the configuration; until
#: then (imports at module level) tasks can be declared, not run.
queue = SqliteHuey("directory", filename=":memory:")
#: The app the worker's tasks run in (set by init_app).
_apps: list[Flask] = []
#: Session.info key of the tasks waiting for the commit.
_AFTER_COMMIT = "jobs_after_commit"


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


JOB_STATE_LABELS = {
    JobState.QUEUED: "En attente",
    JobState.RUNNING: "En cours",
    JobState.DONE: "Terminé",
    JobState.FAILED: "Échec",
}


class Job(db.Model):
    """One piece of background work someone asked for, and what came of it."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What kind of work ("import_csv", "import_rna"…): the feature that queued it knows.
    kind: Mapped[str] = mapped_column(String(40), index=True)
    #: Shown to the staff, e.g. the file's name.
    label: Mapped[str] = mapped_column(String(255))
    state: Mapped[str] = mapped_column(String(20), default=JobState.QUEUED, index=True)
    #: The task's parameters (plain JSON) and its input file, if any.
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    payload: Mapped[bytes | None] = mapped_column(LargeBinary)
    #: What the work did, as the task describes it (plain JSON); the error when it failed.
    report: Mapped[dict | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def state_label(self) -> str:
        return JOB_STATE_LABELS.get(self.state, self.state)

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    def progress(self) -> tuple[int, int] | None:
        """(done, total) as the running task last told, None when it has not said."""
        if self.state != JobState.RUNNING:
            return None
        return queue.get(_progress_key(self.id), peek=True)


def _progress_key(job_id: int) -> str:
    return f"progress:{job_id}"


def set_progress(job: Job, done: int, total: int) -> None:
    """Called by a task as it goes: the staff's page reads it while the task's work is not
    committed yet."""
    queue.put(_progress_key(job.id), (done, total))


def configure(app: Flask) -> Huey:
    """The queue's storage, from DIRECTORY_JOBS_URL (redis://…) or a file in the instance
    folder; JOBS_IMMEDIATE runs each task at once in the caller's process (some tests)."""
    url = app.config.get("JOBS_URL") or ""
    immediate = bool(app.config.get("JOBS_IMMEDIATE"))
    if url.startswith(("redis://", "rediss://", "unix://")):
        storage = RedisHuey("directory", url=url).storage
    else:
        path = url.removeprefix("sqlite:///") if url else str(Path(app.instance_path) / "jobs.db")
        storage = SqliteHuey("directory", filename=path).storage
    queue.immediate = False
    queue.storage = storage
    queue.immediate = immediate
    return queue


def init_app(app: Flask) -> None:
    app.config.setdefault("JOBS_URL", None)
    app.config.setdefault("JOBS_IMMEDIATE", False)
    configure(app)
    _apps[:] = [app]
    app.cli.add_command(jobs_group)


def task(**options) -> Callable:
    """Declare a background task: `fn(job_id, …)` runs in its own application context; if it
    raises, its transaction is rolled back and its Job is marked failed.

    With `retries=n` (and `retry_delay` in seconds), Huey runs a task that raised again, up
    to n times; its Job (if any) is not marked failed, the task's own rows tell what is left.
    """
    retried = bool(options.get("retries"))

    def decorator(fn: Callable) -> Callable:
        @wraps(fn)
        def run(*args, **kwargs):
            app = _apps[0]
            with app.app_context():
                try:
                    return fn(*args, **kwargs)
                except Exception as error:
                    db.session.rollback()
                    log.exception("job %s failed", fn.__name__)
                    if retried:
                        raise
                    if args and isinstance(args[0], int):
                        job = db.session.get(Job, args[0])
                        if job is not None:
                            finish(job, JobState.FAILED, error=str(error) or type(error).__name__)
                            db.session.commit()
                    return None
                finally:
                    db.session.remove()

        return queue.task(name=fn.__name__, **options)(run)

    return decorator


def periodic(schedule) -> Callable:
    """Declare a task the worker runs on its own on `schedule` (a `huey.crontab`), in a fresh
    application context; a failure is logged and rolled back."""

    def decorator(fn: Callable) -> Callable:
        @wraps(fn)
        def run():
            with _apps[0].app_context():
                try:
                    return fn()
                except Exception:
                    db.session.rollback()
                    log.exception("periodic job %s failed", fn.__name__)
                    return None
                finally:
                    db.session.remove()

        return queue.periodic_task(schedule, name=fn.__name__)(run)

    return decorator


def create_job(kind: str, label: str, *, options: dict | None = None,
               payload: bytes | None = None, author=None) -> Job:
    job = Job(kind=kind, label=label[:255], options=options or {}, payload=payload,
              author_id=author.id if author is not None else None)
    db.session.add(job)
    db.session.flush()
    return job


def enqueue_after_commit(task_fn, *args) -> None:
    """Queue `task_fn(*args)` once the current transaction commits (never if it rolls back)."""
    db.session.info.setdefault(_AFTER_COMMIT, []).append((task_fn, args))


@sa_event.listens_for(Session, "after_commit")
def _enqueue_waiting(session: Session) -> None:
    waiting = session.info.pop(_AFTER_COMMIT, [])
    for task_fn, args in waiting:
        task_fn(*args)


@sa_event.listens_for(Session, "after_soft_rollback")
def _drop_waiting(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(_AFTER_COMMIT, None)


def start(job: Job) -> None:
    """The task took the job: committed at once, so that the staff see it running."""
    job.state = JobState.RUNNING
    job.started_at = utcnow()
    db.session.commit()


def finish(job: Job, state: str, *, report: dict | None = None, error: str | None = None) -> None:
    job.state = state
    job.report = report
    job.error = error
    job.finished_at = utcnow()
    db.session.flush()
    queue.delete(_progress_key(job.id))


def recent(kinds: tuple[str, ...], limit: int = 30) -> list[Job]:
    return list(db.session.scalars(
        select(Job).where(Job.kind.in_(kinds)).order_by(Job.created_at.desc(), Job.id.desc())
        .limit(limit)
    ))


@click.group("jobs")
def jobs_group():
    """The background work queue."""


@jobs_group.command("worker")
@click.option("--workers", default=1, show_default=True, help="Tâches menées en parallèle.")
def worker(workers: int):
    """Run the queued tasks until stopped (Ctrl-C)."""
    _import_tasks()
    consumer = queue.create_consumer(workers=workers, worker_type="thread")
    click.echo(f"File de travaux : {type(queue.storage).__name__}, {workers} tâche(s) à la fois.")
    consumer.run()


def _import_tasks() -> None:
    """Every feature's jobs module, so that the worker knows their tasks by name (the app
    imports most of them through its views already)."""
    from importlib import import_module
    from pkgutil import iter_modules

    package = Path(__file__).resolve().parents[1]
    for info in iter_modules([str(package)]):
        if info.ispkg and (package / info.name / "jobs.py").exists():
            import_module(f"{package.name}.{info.name}.jobs")
