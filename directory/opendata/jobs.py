"""Imports run in the background: a CSV directory or an RNA file, with progress and a report.

The staff's page stores the file in a Job and queues a task; the task calls the import
functions of `opendata.imports` and `opendata.rna` (which check and write, flushing), commits
their work together with the Job's report, and tells its progress as it goes.
"""

import dataclasses

from directory.accounts.models import User
from directory.core import jobs
from directory.core.extensions import db
from directory.opendata import downloads, imports, rna  # noqa: F401  (downloads: the exports' builds)

CSV = "import_csv"
RNA = "import_rna"
KINDS = (CSV, RNA)
KIND_LABELS = {CSV: "Annuaire (CSV)", RNA: "Répertoire national des associations (RNA)"}
#: Rows created per step of the progress bar (each step is two flushes).
CHUNK = 500


def queue_csv(data: bytes, filename: str, *, mode: str, publish: bool, author: User) -> jobs.Job:
    """`mode`: "verifier" (dry run), "importer" (all or nothing) or "valides" (valid rows)."""
    job = jobs.create_job(CSV, filename, payload=data, author=author,
                          options={"mode": mode, "publish": publish})
    jobs.enqueue_after_commit(run_csv_import, job.id)
    return job


def queue_rna(data: bytes, filename: str, *, dry_run: bool, author: User) -> jobs.Job:
    job = jobs.create_job(RNA, filename, payload=data, author=author,
                          options={"dry_run": dry_run})
    jobs.enqueue_after_commit(run_rna_import, job.id)
    return job


def csv_report(report: imports.CsvReport, *, mode: str, publish: bool,
               refused: str | None = None) -> dict:
    """What the report page shows, as plain JSON: rows kept and rows excluded, with why."""
    return {
        "filename": report.filename,
        "mode": mode,
        "publish": publish,
        "file_errors": report.file_errors,
        "warnings": report.warnings,
        "encoding": report.encoding,
        "ignored_columns": report.ignored_columns,
        "total": report.total,
        "refused": refused,
        "kept": [{"line": r.line, "nom": r.values.get("nom")} for r in report.rows],
        "excluded": [{"line": e.line, "nom": e.nom, "messages": e.messages}
                     for e in report.errors],
        "created": [{"nom": o.nom, "slug": o.slug} for o in report.created],
    }


@jobs.task()
def run_csv_import(job_id: int) -> None:
    job = db.session.get(jobs.Job, job_id)
    if job is None or job.finished:
        return
    jobs.start(job)
    mode, publish = job.options.get("mode", "verifier"), bool(job.options.get("publish"))
    report = imports.check_csv(job.payload or b"", job.label)
    refused = None
    if mode != "verifier" and not report.file_errors:
        author = db.session.get(User, job.author_id) if job.author_id else None
        created = []
        try:
            # In steps, so that the page shows how far it went; one transaction for all.
            for start in range(0, max(len(report.rows), 1), CHUNK):
                jobs.set_progress(job, start, len(report.rows))
                part = dataclasses.replace(report, rows=report.rows[start:start + CHUNK],
                                           created=[])
                created += imports.import_csv(part, only_valid=mode == "valides",
                                              publish=publish, author=author)
        except imports.ImportRefused as error:
            db.session.rollback()
            job = db.session.get(jobs.Job, job_id)
            refused, created = str(error), []
        report.created = created
    jobs.finish(job, jobs.JobState.DONE,
                report=csv_report(report, mode=mode, publish=publish, refused=refused))
    db.session.commit()


def rna_report(report: rna.RnaReport, *, dry_run: bool) -> dict:
    return {
        "dry_run": dry_run,
        "encoding": report.encoding,
        "rows": report.rows,
        "inactive": report.inactive,
        "outside": report.outside,
        "created": list(report.created),
        "renamed": [list(pair) for pair in report.renamed],
        "unchanged": report.unchanged,
        "kept_as_is": report.kept_as_is,
        "edited": [list(pair) for pair in report.edited],
        "invalid": [{"line": line, "message": message} for line, message in report.invalid],
        "excluded": [dataclasses.asdict(e) for e in report.excluded],
    }


@jobs.task()
def run_rna_import(job_id: int) -> None:
    job = db.session.get(jobs.Job, job_id)
    if job is None or job.finished:
        return
    jobs.start(job)
    dry_run = bool(job.options.get("dry_run"))
    try:
        report = rna.import_rna(job.payload or b"", job.label)
    except rna.RnaFileError as error:
        db.session.rollback()
        job = db.session.get(jobs.Job, job_id)
        jobs.finish(job, jobs.JobState.DONE, report={"file_error": str(error)})
        db.session.commit()
        return
    summary = rna_report(report, dry_run=dry_run)
    if dry_run:
        db.session.rollback()
        job = db.session.get(jobs.Job, job_id)
    jobs.finish(job, jobs.JobState.DONE, report=summary)
    db.session.commit()
