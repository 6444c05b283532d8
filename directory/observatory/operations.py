"""Writes of the observatory: unmet needs, and referrals' needs kept as counts at their erasure."""

from collections import Counter
from datetime import date

from sqlalchemy import select

from directory.accounts.models import User
from directory.core.dates import paris_day
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.observatory.models import ReferralNeed, UnmetNeed
from directory.partners.models import Referral
from directory.taxonomy.models import Commune, Public, Theme


def _by_slug(model, slug: str | None):
    if not slug:
        return None
    return db.session.scalar(select(model).where(model.slug == slug))


def record_unmet_need(need: str, *, theme: str | None, commune: str | None,
                      public: str | None, author: User | None) -> UnmetNeed:
    """Keep a need nobody answers (the form checked that it names no one)."""
    item = UnmetNeed(need=need, theme=_by_slug(Theme, theme), commune=_by_slug(Commune, commune),
                     public=_by_slug(Public, public), reported_by=author, created_at=utcnow())
    db.session.add(item)
    db.session.flush()
    return item


def _month(day: date) -> date:
    return date(day.year, day.month, 1)


def need_of(referral: Referral) -> tuple[date, int | None, int | None, int | None]:
    """(month, parent theme, commune, public) of what a referral was about, never who."""
    service = referral.service
    theme = service.themes[0] if service.themes else None
    if theme is not None and theme.parent is not None:
        theme = theme.parent
    place = service.place or next(iter(service.organization.places), None)
    commune_id = place.commune_id if place is not None else None
    public = service.publics[0] if service.publics else None
    return (_month(paris_day(referral.created_at)), theme.id if theme else None, commune_id,
            public.id if public else None)


def _is(column, value):
    return column.is_(None) if value is None else column == value


def keep_referral_needs(referrals: list[Referral]) -> None:
    """Add the referrals about to be erased to the anonymous counts (flushes)."""
    counts = Counter(need_of(r) for r in referrals)
    for (month, theme_id, commune_id, public_id), count in counts.items():
        row = db.session.scalar(select(ReferralNeed).where(
            ReferralNeed.month == month, _is(ReferralNeed.theme_id, theme_id),
            _is(ReferralNeed.commune_id, commune_id), _is(ReferralNeed.public_id, public_id)))
        if row is None:
            row = ReferralNeed(month=month, theme_id=theme_id, commune_id=commune_id,
                               public_id=public_id, count=0)
            db.session.add(row)
        row.count += count
    db.session.flush()


def on_referrals_purge(sender, referrals: list[Referral], **extra) -> None:
    keep_referral_needs(referrals)
