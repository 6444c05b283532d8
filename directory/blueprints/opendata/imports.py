"""The staff's import page: a spreadsheet checked row by row, then imported all or nothing."""

from flask import Blueprint, render_template
from flask_login import current_user
from werkzeug.utils import secure_filename

from directory.accounts.permissions import can_moderate, permission_required
from directory.core.extensions import db
from directory.opendata import imports
from directory.opendata.forms import CsvImportForm

bp = Blueprint("imports", __name__, url_prefix="/moderation/imports")

staff_only = permission_required(lambda user, **kwargs: can_moderate(user))


@bp.route("/csv", methods=["GET", "POST"])
@staff_only
def csv_import():
    form = CsvImportForm()
    columns = imports.COLUMNS
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("opendata/imports/csv.html", form=form, columns=columns,
                               required=imports.REQUIRED, report=None), status
    upload = form.fichier.data
    report = imports.check_csv(upload.read(), secure_filename(upload.filename) or "fichier.csv")
    refused = None
    if form.mode.data != "verifier" and not report.file_errors:
        try:
            imports.import_csv(report, only_valid=form.mode.data == "valides",
                               publish=form.publier.data, author=current_user)
            db.session.commit()
        except imports.ImportRefused as error:
            db.session.rollback()
            refused = str(error)
    status = 422 if report.file_errors or refused else 200
    return render_template("opendata/imports/csv.html", form=form, columns=columns,
                           required=imports.REQUIRED, report=report, refused=refused,
                           mode=form.mode.data), status
