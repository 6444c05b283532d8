"""Finding one's association among the drafts imported from the RNA, to claim it.

Finding one's association among the drafts imported from the national register (RNA), to
claim it rather than create a duplicate. Claims themselves go through manage.claim.
"""

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user, login_required

from directory.core.extensions import limiter
from directory.listings import rna_drafts
from directory.listings.forms.rna_claim import RegisterLookupForm

bp = Blueprint("rna_claim", __name__)


def _lookup_limit() -> str:
    return current_app.config.get("RNA_LOOKUP_RATELIMIT", "30/hour")


def _user_key() -> str:
    return f"user:{current_user.get_id()}"


@bp.get("/gestion/nouvelle/registre")
@login_required
# Each search reads the register's drafts: counted per account and per address.
@limiter.limit(_lookup_limit, key_func=_user_key, scope="rna-lookup-user",
               exempt_when=lambda: not request.args.get("q"))
@limiter.limit(_lookup_limit, exempt_when=lambda: not request.args.get("q"))
def lookup():
    form = RegisterLookupForm(request.args)
    searched = "q" in request.args
    if not searched:
        return render_template("listings/rna_claim/lookup.html", form=form, results=None)
    if not form.validate():
        return render_template("listings/rna_claim/lookup.html", form=form, results=None), 422
    return render_template("listings/rna_claim/lookup.html", form=form,
                           results=rna_drafts.lookup(form.q.data))
