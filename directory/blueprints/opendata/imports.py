"""The staff's import pages: a CSV directory or the RNA file, run in the background, a report."""

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.utils import secure_filename

from directory.accounts.permissions import can_moderate, permission_required
from directory.core import jobs
from directory.core.extensions import db
from directory.opendata import imports
from directory.opendata import jobs as import_jobs
from directory.opendata.forms import CsvImportForm, RnaImportForm

bp = Blueprint("imports", __name__, url_prefix="/moderation/imports")

staff_only = permission_required(lambda user, **kwargs: can_moderate(user))


@bp.route("/")
@staff_only
def index():
    return render_template("opendata/imports/index.html",
                           jobs=jobs.recent(import_jobs.KINDS), kinds=import_jobs.KIND_LABELS)


@bp.route("/csv", methods=["GET", "POST"])
@staff_only
def csv_import():
    form = CsvImportForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("opendata/imports/csv.html", form=form, columns=imports.COLUMNS,
                               required=imports.REQUIRED), status
    upload = form.fichier.data
    job = import_jobs.queue_csv(upload.read(), secure_filename(upload.filename) or "fichier.csv",
                                mode=form.mode.data, publish=form.publier.data,
                                author=current_user)
    db.session.commit()
    return redirect(url_for(".job", job_id=job.id))


@bp.route("/rna", methods=["GET", "POST"])
@staff_only
def rna_import():
    form = RnaImportForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("opendata/imports/rna.html", form=form), status
    upload = form.fichier.data
    job = import_jobs.queue_rna(upload.read(), secure_filename(upload.filename) or "rna.csv",
                                dry_run=form.simulation.data, author=current_user)
    db.session.commit()
    return redirect(url_for(".job", job_id=job.id))


@bp.route("/suivi/<int:job_id>")
@staff_only
def job(job_id: int):
    job = db.session.get(jobs.Job, job_id)
    if job is None or job.kind not in import_jobs.KINDS:
        abort(404)
    return render_template("opendata/imports/job.html", job=job, progress=job.progress(),
                           kinds=import_jobs.KIND_LABELS, JobState=jobs.JobState)
