"""Partner directory indicators: services, professionals, referrals and where they go."""

from sqlalchemy import and_, select

from directory.accounts.models import Role, User
from directory.listings.models.organization import Organization
from directory.listings.models.service import Service, service_communes, service_themes
from directory.observatory.periods import Period
from directory.observatory.queries.common import (
    Section,
    Table,
    cond_distinct,
    cond_sum,
    counts_in,
    figures,
    grouped,
    inside,
    pair,
    parent_theme,
    published,
    span,
)
from directory.partners.models import ProfessionalRequest, Referral
from directory.taxonomy.models import Commune, Theme


def _referrals_by(p: Period, b: Period, label, *joins) -> list[list]:
    stmt = select(label, cond_distinct(Referral.id, inside(Referral.created_at, p)),
                  cond_distinct(Referral.id, inside(Referral.created_at, b))).select_from(Referral)
    for target, on in joins:
        stmt = stmt.outerjoin(target, on)
    return grouped(stmt.where(span(Referral.created_at, p, b)).group_by(label))


def partners_section(p: Period, b: Period) -> Section:
    services = pair(select(cond_sum(and_(Service.created_at < p.end_at,
                                      Organization.created_at < p.end_at)),
                            cond_sum(and_(Service.created_at < b.end_at,
                                      Organization.created_at < b.end_at)))
                     .join(Organization, Organization.id == Service.organization_id)
                     .where(Service.archived_at.is_(None), published()))
    professionals = pair(select(cond_sum(User.created_at < p.end_at),
                                cond_sum(User.created_at < b.end_at))
                          .where(User.role == Role.PROFESSIONAL, User.archived_at.is_(None)))
    referrals = pair(select(*counts_in(Referral.created_at, p, b))
                      .where(span(Referral.created_at, p, b)))
    pairs = [
        ("Services et activités décrits", *services),
        ("Professionnels ayant un accès", *professionals),
        ("Orientations (mises en lien et fiches envoyées)", *referrals),
    ]
    cols = [p.label, b.label]
    parent, theme_name = parent_theme()
    return Section("partenaires", "Annuaire partenarial", [
        figures("partenaires-chiffres", "Partenaires : chiffres clés", pairs, p, b),
        Table("orientations-thematiques", "Orientations par thématique du service",
              ["Thématique", *cols],
              _referrals_by(p, b, theme_name,
                            (service_themes, service_themes.c.service_id == Referral.service_id),
                            (Theme, Theme.id == service_themes.c.theme_id),
                            (parent, parent.id == Theme.parent_id))),
        Table("orientations-communes", "Orientations par commune couverte par le service",
              ["Commune", *cols],
              _referrals_by(p, b, Commune.name, (service_communes,
                                                 service_communes.c.service_id ==
                                                 Referral.service_id),
                            (Commune, Commune.id == service_communes.c.commune_id))),
        Table("orientations-structures", "Orientations par structure qui reçoit",
              ["Structure", *cols],
              _referrals_by(p, b, Organization.nom,
                            (Organization, Organization.id == Referral.organization_id))),
        Table("orientations-professionnels", "Orientations par structure du professionnel",
              ["Structure du professionnel", *cols],
              _referrals_by(p, b, ProfessionalRequest.structure, (
                  ProfessionalRequest,
                  and_(ProfessionalRequest.user_id == Referral.sender_id,
                       ProfessionalRequest.state == "accepted")))),
    ])
