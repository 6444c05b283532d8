"""Directory indicators: listings published, new, claimed, updated, verified; campaigns."""

from sqlalchemy import and_, func, or_, select

from directory.accounts.models import User
from directory.core.extensions import db
from directory.listings import freshness
from directory.listings.campaigns.models import CampaignRecipient
from directory.listings.models.moderation import Claim, ReviewState
from directory.listings.models.organization import (
    Organization,
    organization_communes,
    organization_publics,
    organization_themes,
)
from directory.listings.models.revision import Revision, RevisionAction, RevisionState
from directory.observatory.periods import Period
from directory.observatory.queries.common import (
    Section,
    Table,
    cond_distinct,
    cond_sum,
    figures,
    grouped,
    inside,
    not_staff,
    pair,
    published,
    span,
)
from directory.taxonomy.models import Commune, Public, Theme
from directory.taxonomy.vocabularies import OrganizationKind

# Directory ------------------------------------------------------------------------------------

def directory_counts(p: Period, b: Period) -> dict[str, tuple[int, int]]:
    reference = func.coalesce(Organization.last_verified_at, Organization.last_edited_at)
    cut_p, cut_b = freshness.cutoff(p.last_day), freshness.cutoff(b.last_day)
    row = db.session.execute(select(
        cond_sum(Organization.created_at < p.end_at), cond_sum(Organization.created_at < b.end_at),
        cond_sum(inside(Organization.created_at, p)), cond_sum(inside(Organization.created_at, b)),
        cond_sum(and_(Organization.created_at < p.end_at, reference >= cut_p)),
        cond_sum(and_(Organization.created_at < b.end_at, reference >= cut_b)),
        cond_sum(and_(Organization.created_at < p.end_at,
                  Organization.kind == OrganizationKind.ASSOCIATION)),
        cond_sum(and_(Organization.created_at < b.end_at,
                  Organization.kind == OrganizationKind.ASSOCIATION)),
    ).where(published())).one()
    values = [int(v or 0) for v in row]
    return {"published": (values[0], values[1]), "new": (values[2], values[3]),
            "verified": (values[4], values[5]), "associations": (values[6], values[7])}


def _claims(p: Period, b: Period) -> tuple[int, int]:
    return pair(select(cond_distinct(Claim.organization_id, inside(Claim.reviewed_at, p)),
                        cond_distinct(Claim.organization_id, inside(Claim.reviewed_at, b)))
                 .where(Claim.state == ReviewState.ACCEPTED, span(Claim.reviewed_at, p, b)))

def _updated_by_members(p: Period, b: Period) -> tuple[int, int]:
    return pair(
        select(cond_distinct(Revision.organization_id, inside(Revision.created_at, p)),
               cond_distinct(Revision.organization_id, inside(Revision.created_at, b)))
        .join(User, User.id == Revision.author_id)
        .where(span(Revision.created_at, p, b), Revision.state == RevisionState.APPLIED,
               Revision.action.in_([RevisionAction.EDIT, RevisionAction.CONFIRM]), not_staff()))


def _came_forward(p: Period, b: Period) -> tuple[int, int]:
    """Associations created by someone outside the staff, or claimed, in the period."""
    created = (select(Revision.organization_id.label("org"), Revision.created_at.label("at"))
               .join(User, User.id == Revision.author_id)
               .where(Revision.action == RevisionAction.CREATE, not_staff(),
                      span(Revision.created_at, p, b)))
    claimed = select(Claim.organization_id, Claim.reviewed_at).where(
        Claim.state == ReviewState.ACCEPTED, span(Claim.reviewed_at, p, b))
    came = created.union_all(claimed).subquery()
    return pair(
        select(cond_distinct(came.c.org, inside(came.c.at, p)),
               cond_distinct(came.c.org, inside(came.c.at, b)))
        .join(Organization, Organization.id == came.c.org)
        .where(Organization.kind == OrganizationKind.ASSOCIATION))


def _campaign_answers(p: Period, b: Period) -> tuple[int, int]:
    """Listings asked in a campaign that answered (confirmed or changed) in the period."""
    org = CampaignRecipient.organization_id
    return pair(
        select(cond_distinct(org, inside(Revision.created_at, p)),
               cond_distinct(org, inside(Revision.created_at, b)))
        .join(Revision, Revision.organization_id == org)
        .outerjoin(User, User.id == Revision.author_id)
        .where(CampaignRecipient.sent_at.is_not(None),
               Revision.created_at >= CampaignRecipient.sent_at,
               span(Revision.created_at, p, b),
               Revision.action.in_([RevisionAction.CONFIRM, RevisionAction.EDIT]),
               or_(User.id.is_(None), not_staff())))


def _listings_by(p: Period, b: Period, link, model, label) -> list[list]:
    """Published listings per commune or public: the link table's primary key makes each of
    its rows one listing."""
    column = getattr(link.c, f"{model.__tablename__[:-1]}_id")
    stmt = (select(label, cond_sum(Organization.created_at < p.end_at),
                   cond_sum(Organization.created_at < b.end_at))
            .select_from(link)
            .join(Organization, Organization.id == link.c.organization_id)
            .join(model, model.id == column))
    return grouped(stmt.where(published()).group_by(label))


def _listings_by_theme(p: Period, b: Period) -> list[list]:
    """Published listings per parent theme: a listing under two child themes of one parent
    counts once (grouped by listing and parent first, in the order the index gives them)."""
    top = func.coalesce(Theme.parent_id, Theme.id)
    pairs = (select(Organization.id.label("org"), func.min(Organization.created_at).label("at"),
                    top.label("top"))
             .select_from(organization_themes)
             .join(Organization, Organization.id == organization_themes.c.organization_id)
             .join(Theme, Theme.id == organization_themes.c.theme_id)
             .where(published()).group_by(Organization.id, top).subquery())
    names = dict(db.session.execute(select(Theme.id, Theme.name)).all())
    rows = grouped(select(pairs.c.top, cond_sum(pairs.c.at < p.end_at),
                          cond_sum(pairs.c.at < b.end_at)).group_by(pairs.c.top))
    return [[names.get(r[0], r[0]), *r[1:]] for r in rows]


def directory_section(p: Period, b: Period, counts: dict) -> Section:
    published, verified = counts["published"], counts["verified"]
    pairs = [
        ("Fiches publiées (en fin de période)", *published),
        ("Nouvelles fiches publiées", *counts["new"]),
        ("Fiches revendiquées par leur structure", *_claims(p, b)),
        ("Fiches mises à jour par leurs membres", *_updated_by_members(p, b)),
        (f"Fiches vérifiées depuis moins de {freshness.months()} mois", *verified),
        ("Fiches peut-être obsolètes", published[0] - verified[0], published[1] - verified[1]),
        ("Nouvelles associations qui se sont manifestées (créées ou revendiquées)",
         *_came_forward(p, b)),
        ("Réponses aux campagnes de mise à jour", *_campaign_answers(p, b)),
    ]
    cols = [p.label, b.label]
    return Section("annuaire", "Annuaire", [
        figures("annuaire-chiffres", "Annuaire : chiffres clés", pairs, p, b),
        Table("annuaire-communes", "Fiches publiées par commune d'action", ["Commune", *cols],
              _listings_by(p, b, organization_communes, Commune, Commune.name),
              note="Une structure qui agit dans plusieurs communes compte dans chacune."),
        Table("annuaire-thematiques", "Fiches publiées par thématique", ["Thématique", *cols],
              _listings_by_theme(p, b)),
        Table("annuaire-publics", "Fiches publiées par public", ["Public", *cols],
              _listings_by(p, b, organization_publics, Public, Public.name)),
    ])
