"""The staff's vocabulary page: searches that found nothing, and entries added from the web."""

from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, url_for
from sqlalchemy import select

from directory.accounts.permissions import can_moderate, permission_required
from directory.core.dates import today_paris
from directory.core.extensions import db
from directory.search import misses, operations
from directory.search.forms import VocabularyEntryForm
from directory.search.models import VocabularyEntry

bp = Blueprint("search_vocabulary", __name__, url_prefix="/moderation/vocabulaire")

staff_only = permission_required(lambda user, **kwargs: can_moderate(user))
#: The misses shown: the last 90 days.
DAYS = 90


def _page(form: VocabularyEntryForm, status: int = 200):
    today = today_paris()
    return render_template(
        "search/vocabulary.html",
        form=form,
        misses=misses.misses_between(today - timedelta(days=DAYS), today),
        entries=db.session.scalars(
            select(VocabularyEntry).order_by(VocabularyEntry.id.desc())
        ).all(),
        days=DAYS,
    ), status


@bp.get("")
@staff_only
def index():
    return _page(VocabularyEntryForm())


@bp.post("")
@staff_only
def add():
    form = VocabularyEntryForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    operations.add_vocabulary_entry(form.words.data, form.find.data, form.acronym.data)
    db.session.commit()
    flash("Entrée ajoutée au vocabulaire : la recherche en tient compte dès maintenant.", "success")
    return redirect(url_for(".index"))
