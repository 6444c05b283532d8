"""Needs indicators: unmet needs, referrals' needs kept as counts, searches that found nothing."""

from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from directory.core.dates import paris_day
from directory.core.extensions import db
from directory.observatory.models import (
    ReferralNeed,
    UnmetNeed,
)
from directory.observatory.periods import Period
from directory.observatory.queries.common import (
    Section,
    Table,
    counts_in,
    day_in,
    figures,
    grouped,
    inside,
    misses_by_scope,
    pair,
    per_month,
    span,
    total,
)
from directory.search.misses import misses_between
from directory.taxonomy.models import Commune, Public, Theme


def _unmet_by(p: Period, b: Period, label, target, on) -> list[list]:
    stmt = (select(label, *counts_in(UnmetNeed.created_at, p, b))
            .select_from(UnmetNeed).outerjoin(target, on)
            .where(span(UnmetNeed.created_at, p, b)).group_by(label))
    return grouped(stmt)


def _kept_by(p: Period, b: Period, label, target, on) -> list[list]:
    now = func.sum(case((day_in(ReferralNeed.month, p), ReferralNeed.count), else_=0))
    before = func.sum(case((day_in(ReferralNeed.month, b), ReferralNeed.count), else_=0))
    stmt = (select(label, now, before).select_from(ReferralNeed).outerjoin(target, on)
            .where(ReferralNeed.month >= min(p.start, b.start),
                   ReferralNeed.month < max(p.end, b.end)).group_by(label))
    return grouped(stmt)


def unmet_needs(p: Period, limit: int = 200) -> list[UnmetNeed]:
    return list(db.session.scalars(
        select(UnmetNeed).where(inside(UnmetNeed.created_at, p))
        .options(selectinload(UnmetNeed.theme), selectinload(UnmetNeed.commune),
                 selectinload(UnmetNeed.public))
        .order_by(UnmetNeed.created_at.desc()).limit(limit)))


def needs_section(p: Period, b: Period) -> Section:
    unmet = pair(select(*counts_in(UnmetNeed.created_at, p, b))
                  .where(span(UnmetNeed.created_at, p, b)))
    by_theme = _kept_by(p, b, Theme.name, Theme, Theme.id == ReferralNeed.theme_id)
    kept = (sum(r[1] for r in by_theme), sum(r[2] for r in by_theme))
    misses = total(misses_by_scope(p, b))
    pairs = [
        ("Besoins non couverts signalés par les professionnels", *unmet),
        ("Besoins d'orientations gardés en chiffres (données personnelles effacées)", *kept),
        ("Recherches sans résultat", *misses),
    ]
    cols = [p.label, b.label]
    created = db.session.scalars(select(UnmetNeed.created_at).where(
        inside(UnmetNeed.created_at, p))).all()
    monthly = per_month(p, [(paris_day(at), 1) for at in created])
    words = [[w, n] for w, n in misses_between(p.start, p.last_day)[:30]]
    return Section("besoins", "Besoins", [
        figures("besoins-chiffres", "Besoins : chiffres clés", pairs, p, b),
        Table("besoins-thematiques", "Besoins non couverts par thématique", ["Thématique", *cols],
              _unmet_by(p, b, Theme.name, Theme, Theme.id == UnmetNeed.theme_id)),
        Table("besoins-communes", "Besoins non couverts par commune", ["Commune", *cols],
              _unmet_by(p, b, Commune.name, Commune, Commune.id == UnmetNeed.commune_id)),
        Table("besoins-publics", "Besoins non couverts par public", ["Public", *cols],
              _unmet_by(p, b, Public.name, Public, Public.id == UnmetNeed.public_id)),
        Table("besoins-mois", "Besoins non couverts par mois", ["Mois", p.label], monthly,
              chart="line"),
        Table("orientations-besoins", "Besoins des orientations effacées, par thématique",
              ["Thématique", *cols], by_theme,
              note="Quand les données d'une personne orientée sont effacées (au bout de "
                   "90 jours), le besoin reste compté par thématique, commune et mois."),
        Table("orientations-besoins-communes", "Besoins des orientations effacées, par commune",
              ["Commune", *cols],
              _kept_by(p, b, Commune.name, Commune, Commune.id == ReferralNeed.commune_id)),
        Table("recherches-sans-resultat", "Mots cherchés qui n'ont rien trouvé",
              ["Mots cherchés", "Recherches"], words, note="Les 30 plus fréquents."),
    ])
