"""The site's own pages: legal notices, accessibility, personal data, site map, robots, sitemap.

Also the stylesheet that carries the territory's colours.
"""

from flask import Blueprint, Response, current_app, render_template
from sqlalchemy import select

from directory.core.extensions import db
from directory.core.urls import absolute_url
from directory.listings import queries as listings
from directory.listings.models.organization import Organization
from directory.partners.operations import retention_days

bp = Blueprint("site", __name__)

#: The pages every visitor may want, in the site map's and sitemap.xml's order.
MAIN_PAGES = (
    ("public.home", "Accueil"),
    ("public.search", "Annuaire des associations et des services"),
    ("public.themes", "Thématiques"),
    ("public.communes", "Communes"),
    ("pathways.index", "J'ai besoin de… : les parcours"),
    ("pathways.guides_index", "Guides pratiques"),
    ("agenda.index", "Agenda du territoire"),
    ("agenda.this_month", "Agenda par mois"),
    ("agenda_propose.new", "Proposer un événement"),
    ("partners.index", "Annuaire partenarial"),
    ("api.index", "Données ouvertes"),
    ("printing.index", "Éditions imprimables"),
)
LEGAL_PAGES = (
    ("site.legal", "Mentions légales"),
    ("site.accessibility", "Déclaration d'accessibilité"),
    ("site.privacy", "Données personnelles"),
    ("site.site_map", "Plan du site"),
)

def _territory() -> dict:
    return current_app.extensions["territory"]


@bp.get("/mentions-legales")
def legal():
    return render_template("site/legal.html")


@bp.get("/accessibilite")
def accessibility():
    return render_template("site/accessibility.html", audit=_territory().get("accessibility", {}))


@bp.get("/donnees-personnelles")
def privacy():
    return render_template(
        "site/privacy.html",
        referral_days=retention_days(),
    )


@bp.get("/plan-du-site")
def site_map():
    return render_template(
        "site/site_map.html",
        main_pages=MAIN_PAGES,
        legal_pages=LEGAL_PAGES,
        themes=listings.top_themes(),
        communes=listings.territory_communes(),
    )


@bp.get("/robots.txt")
def robots():
    lines = [
        "User-agent: *",
        # Personal, staff and form pages have nothing to index.
        "Disallow: /compte/",
        "Disallow: /gestion/",
        "Disallow: /moderation/",
        "Disallow: /agenda/proposer",
        f"Sitemap: {absolute_url('site.sitemap')}",
        "",
    ]
    return Response("\n".join(lines), mimetype="text/plain")


@bp.get("/sitemap.xml")
def sitemap():
    urls = [absolute_url(endpoint) for endpoint, _ in MAIN_PAGES + LEGAL_PAGES]
    urls += [absolute_url("public.theme", slug=t.slug) for t in listings.all_themes().values()]
    urls += [absolute_url("public.commune", slug=c.slug) for c in listings.territory_communes()]
    slugs = db.session.scalars(
        select(Organization.slug).where(listings.published_condition()).order_by(Organization.slug)
    )
    urls += [absolute_url("public.organization", slug=slug) for slug in slugs]
    body = render_template("site/sitemap.xml", urls=urls)
    return Response(body, mimetype="application/xml")


@bp.get("/territoire.css")
def territory_css():
    """The territory's colours as CSS variables (the CSP allows no inline style)."""
    colours = _territory()["colours"]
    body = (
        ":root {\n"
        f"  --blue: {colours['main']};\n"
        f"  --blue-hover: {colours['hover']};\n"
        f"  --blue-light: {colours['light']};\n"
        "}\n"
    )
    response = Response(body, mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
