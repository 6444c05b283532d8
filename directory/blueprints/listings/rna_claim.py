"""Finding one's association among the drafts imported from the national register (RNA), to
claim it rather than create a duplicate. Claims themselves go through manage.claim."""

from flask import Blueprint, current_app, g, render_template, request
from flask_login import current_user, login_required

from directory.core.extensions import limiter
from directory.listings import rna_drafts
from directory.listings.forms.rna_claim import RegisterLookupForm

bp = Blueprint("rna_claim", __name__)


def _lookup_limit() -> str:
    return current_app.config.get("RNA_LOOKUP_RATELIMIT", "30/hour")


def _user_key() -> str:
    return f"user:{current_user.get_id()}"


@bp.app_template_global()
def register_draft(org) -> rna_drafts.RegisterDraft | None:
    """The import behind a draft still waiting to be claimed, or None (for pages and queue)."""
    if org is None or not org.rna or org.is_published:
        return None
    found = rna_drafts.by_rna(org.rna)
    return found if found is not None and found.organization.id == org.id else None


@bp.app_template_global()
def unclaimed_register_ids() -> set[int]:
    """Ids of the imported drafts no one manages yet: one query per page (the staff queue)."""
    if "unclaimed_register_ids" not in g:
        g.unclaimed_register_ids = rna_drafts.claimable_ids()
    return g.unclaimed_register_ids


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
