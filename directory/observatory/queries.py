"""The CTG indicators of a period, computed from the features' own tables and the day counts.

Read-only. Each section is a few key figures (the period and the one before) and tables broken
down by commune, theme, public or month; a table is what the page shows under its chart, what
the CSV and XLSX files hold and what the PDF report prints, so the four always agree.

Definitions (also said on the page): a listing is counted where it acts (its communes) and under
its parent themes, so a breakdown can add up to more than the total; events are counted once
each (a repeating event is one event) at the date of their first occurrence.
"""

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import and_, distinct, func, or_, select
from sqlalchemy.orm import aliased

from directory.accounts.models import Role, User
from directory.agenda.models import Event, EventProposal, event_publics, event_themes
from directory.core.dates import paris_day
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
from directory.listings.models.service import Service, service_communes, service_themes
from directory.observatory import counting
from directory.observatory.models import CountKind, DailyCount, ReferralNeed, UnmetNeed
from directory.observatory.periods import Period, previous
from directory.partners.models import ProfessionalRequest, Referral
from directory.printing.qr import SCAN_AREAS
from directory.search.misses import misses_between
from directory.search.models import SearchMiss
from directory.taxonomy.models import Commune, Public, Theme
from directory.taxonomy.vocabularies import (
    EventStatus,
    ModerationState,
    OrganizationKind,
    Status,
)

STAFF = [Role.ADMIN, Role.MODERATOR]
NOT_GIVEN = "Non précisé"


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list]
    #: "bar" (first numeric column), "line" (over time) or None.
    chart: str | None = "bar"
    note: str = ""


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table] = field(default_factory=list)

    @property
    def figures(self) -> Table:
        return self.tables[0]


@dataclass
class Report:
    period: Period
    before: Period
    sections: list[Section]

    def table(self, key: str) -> Table | None:
        return next((t for s in self.sections for t in s.tables if t.key == key), None)

    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]


def evolution(now: int, before: int) -> str:
    if before == 0:
        return "" if now == 0 else "nouveau"
    # Words rather than "+50 %": a cell starting with + would be a formula in a spreadsheet.
    change = round(100 * (now - before) / before)
    if change == 0:
        return "stable"
    return f"hausse de {change} %" if change > 0 else f"baisse de {-change} %"


def _figures(key: str, title: str, pairs: list[tuple[str, int, int]], period: Period,
             before: Period) -> Table:
    return Table(key, title, ["Indicateur", period.label, before.label, "Évolution"],
                 [[label, now, prev, evolution(now, prev)] for label, now, prev in pairs],
                 chart=None)


def _in(column, period: Period):
    return and_(column >= period.start_at, column < period.end_at)


def _count(stmt) -> int:
    return int(db.session.scalar(stmt) or 0)


def _both(fn, period: Period, before: Period) -> tuple[int, int]:
    return fn(period), fn(before)


def _breakdown(rows_now: dict, rows_before: dict, label: str) -> list[list]:
    keys = sorted(set(rows_now) | set(rows_before),
                  key=lambda k: (-rows_now.get(k, 0), -rows_before.get(k, 0), str(k)))
    return [[k if k is not None else NOT_GIVEN, rows_now.get(k, 0), rows_before.get(k, 0)]
            for k in keys]


def _parent_theme():
    """(theme table, its parent alias, the name a row is counted under: the parent's)."""
    parent = aliased(Theme)
    return parent, func.coalesce(parent.name, Theme.name)


# Directory ------------------------------------------------------------------------------------


def _published_at_end(period: Period):
    return and_(Organization.status == Status.PUBLISHED, Organization.archived_at.is_(None),
                Organization.created_at < period.end_at)


def _listings_published(p: Period) -> int:
    return _count(select(func.count()).select_from(Organization).where(_published_at_end(p)))


def _listings_new(p: Period) -> int:
    return _count(select(func.count()).select_from(Organization).where(
        _in(Organization.created_at, p), Organization.archived_at.is_(None),
        Organization.status == Status.PUBLISHED))


def _claims(p: Period) -> int:
    return _count(select(func.count(distinct(Claim.organization_id))).where(
        Claim.state == ReviewState.ACCEPTED, _in(Claim.reviewed_at, p)))


def _member_revisions(p: Period):
    return (select(Revision.organization_id)
            .join(User, User.id == Revision.author_id)
            .where(_in(Revision.created_at, p), Revision.state == RevisionState.APPLIED,
                   Revision.action.in_([RevisionAction.EDIT, RevisionAction.CONFIRM]),
                   or_(User.role.is_(None), User.role.not_in(STAFF))))


def _updated_by_members(p: Period) -> int:
    return _count(select(func.count(distinct(Revision.organization_id))).where(
        Revision.organization_id.in_(_member_revisions(p))))


def _verified(p: Period) -> int:
    cutoff = freshness.cutoff(p.last_day)
    reference = func.coalesce(Organization.last_verified_at, Organization.last_edited_at)
    return _count(select(func.count()).select_from(Organization).where(
        _published_at_end(p), reference >= cutoff))


def _came_forward(p: Period) -> int:
    """Associations created by someone outside the staff, or claimed, in the period."""
    created = (select(Revision.organization_id).join(User, User.id == Revision.author_id)
               .where(Revision.action == RevisionAction.CREATE, _in(Revision.created_at, p),
                      or_(User.role.is_(None), User.role.not_in(STAFF))))
    claimed = select(Claim.organization_id).where(Claim.state == ReviewState.ACCEPTED,
                                                  _in(Claim.reviewed_at, p))
    return _count(select(func.count()).select_from(Organization).where(
        Organization.kind == OrganizationKind.ASSOCIATION,
        or_(Organization.id.in_(created), Organization.id.in_(claimed))))


def _campaign_answers(p: Period) -> int:
    """Listings asked in a campaign that answered (confirmed or changed) in the period."""
    return _count(
        select(func.count(distinct(CampaignRecipient.organization_id)))
        .join(Revision, Revision.organization_id == CampaignRecipient.organization_id)
        .outerjoin(User, User.id == Revision.author_id)
        .where(CampaignRecipient.sent_at.is_not(None),
               Revision.created_at >= CampaignRecipient.sent_at, _in(Revision.created_at, p),
               Revision.action.in_([RevisionAction.CONFIRM, RevisionAction.EDIT]),
               or_(User.id.is_(None), User.role.is_(None), User.role.not_in(STAFF))))


def _listings_by(p: Period, link, model, label) -> dict:
    stmt = (select(label, func.count(distinct(Organization.id)))
            .select_from(Organization)
            .join(link, link.c.organization_id == Organization.id)
            .join(model, model.id == getattr(link.c, f"{model.__tablename__[:-1]}_id"))
            .where(_published_at_end(p)).group_by(label))
    return dict(db.session.execute(stmt).all())


def _listings_by_theme(p: Period) -> dict:
    parent, name = _parent_theme()
    stmt = (select(name, func.count(distinct(Organization.id)))
            .select_from(Organization)
            .join(organization_themes, organization_themes.c.organization_id == Organization.id)
            .join(Theme, Theme.id == organization_themes.c.theme_id)
            .outerjoin(parent, parent.id == Theme.parent_id)
            .where(_published_at_end(p)).group_by(name))
    return dict(db.session.execute(stmt).all())


def directory_section(p: Period, b: Period) -> Section:
    published = _both(_listings_published, p, b)
    verified = _both(_verified, p, b)
    pairs = [
        ("Fiches publiées (en fin de période)", *published),
        ("Nouvelles fiches publiées", *_both(_listings_new, p, b)),
        ("Fiches revendiquées par leur structure", *_both(_claims, p, b)),
        ("Fiches mises à jour par leurs membres", *_both(_updated_by_members, p, b)),
        (f"Fiches vérifiées depuis moins de {freshness.months()} mois", *verified),
        ("Fiches peut-être obsolètes", published[0] - verified[0], published[1] - verified[1]),
        ("Nouvelles associations qui se sont manifestées (créées ou revendiquées)",
         *_both(_came_forward, p, b)),
        ("Réponses aux campagnes de mise à jour", *_both(_campaign_answers, p, b)),
    ]
    cols = ["", p.label, b.label]
    return Section("annuaire", "Annuaire", [
        _figures("annuaire-chiffres", "Annuaire : chiffres clés", pairs, p, b),
        Table("annuaire-communes", "Fiches publiées par commune d'action", ["Commune", *cols[1:]],
              _breakdown(_listings_by(p, organization_communes, Commune, Commune.name),
                         _listings_by(b, organization_communes, Commune, Commune.name), ""),
              note="Une structure qui agit dans plusieurs communes compte dans chacune."),
        Table("annuaire-thematiques", "Fiches publiées par thématique", ["Thématique", *cols[1:]],
              _breakdown(_listings_by_theme(p), _listings_by_theme(b), "")),
        Table("annuaire-publics", "Fiches publiées par public", ["Public", *cols[1:]],
              _breakdown(_listings_by(p, organization_publics, Public, Public.name),
                         _listings_by(b, organization_publics, Public, Public.name), "")),
    ])


# Agenda ---------------------------------------------------------------------------------------


def _announced(p: Period):
    return and_(_in(Event.created_at, p), Event.archived_at.is_(None))


def _events(p: Period, *conditions) -> int:
    return _count(select(func.count()).select_from(Event).where(_announced(p), *conditions))


def _proposals(p: Period) -> int:
    return _count(select(func.count()).select_from(EventProposal).where(
        _in(EventProposal.confirmed_at, p)))


def _associations_with_events(p: Period) -> tuple[int, int]:
    """(published associations that announced at least one event, published associations)."""
    total = _count(select(func.count()).select_from(Organization).where(
        _published_at_end(p), Organization.kind == OrganizationKind.ASSOCIATION))
    active = _count(select(func.count(distinct(Event.organization_id)))
                    .join(Organization, Organization.id == Event.organization_id)
                    .where(_announced(p), _published_at_end(p),
                           Organization.kind == OrganizationKind.ASSOCIATION))
    return active, total


def _taking_place(p: Period):
    return and_(Event.archived_at.is_(None), Event.moderation_state == ModerationState.PUBLISHED,
                _in(Event.starts_at, p))


def _same_day_same_commune(p: Period) -> int:
    """Published events of the period sharing their day and commune with another one."""
    rows = db.session.execute(select(Event.commune_id, Event.starts_at).where(
        _taking_place(p), Event.commune_id.is_not(None),
        Event.public_status != EventStatus.CANCELLED)).all()
    per_day = Counter((commune, paris_day(start)) for commune, start in rows)
    return sum(n for n in per_day.values() if n > 1)


def _events_by(p: Period, label, *joins) -> dict:
    stmt = select(label, func.count(distinct(Event.id))).select_from(Event)
    for target, on, outer in joins:
        stmt = stmt.outerjoin(target, on) if outer else stmt.join(target, on)
    return dict(db.session.execute(stmt.where(_taking_place(p)).group_by(label)).all())


def _events_by_theme(p: Period) -> dict:
    parent, name = _parent_theme()
    return _events_by(p, name, (event_themes, event_themes.c.event_id == Event.id, False),
                      (Theme, Theme.id == event_themes.c.theme_id, False),
                      (parent, parent.id == Theme.parent_id, True))


def _events_by_commune(p: Period) -> dict:
    return _events_by(p, Commune.name, (Commune, Commune.id == Event.commune_id, True))


def _events_by_public(p: Period) -> dict:
    return _events_by(p, Public.name, (event_publics, event_publics.c.event_id == Event.id, False),
                      (Public, Public.id == event_publics.c.public_id, False))


def _events_by_organiser(p: Period) -> dict:
    return _events_by(p, Organization.nom,
                      (Organization, Organization.id == Event.organization_id, False))


def agenda_section(p: Period, b: Period) -> Section:
    active, total = _associations_with_events(p)
    active_b, total_b = _associations_with_events(b)
    share = round(100 * active / total) if total else 0
    share_b = round(100 * active_b / total_b) if total_b else 0
    pairs = [
        ("Événements annoncés", *_both(_events, p, b)),
        ("… dont publiés", _events(p, Event.moderation_state == ModerationState.PUBLISHED),
         _events(b, Event.moderation_state == ModerationState.PUBLISHED)),
        ("… dont refusés", _events(p, Event.moderation_state == ModerationState.REFUSED),
         _events(b, Event.moderation_state == ModerationState.REFUSED)),
        ("… dont annulés", _events(p, Event.public_status == EventStatus.CANCELLED),
         _events(b, Event.public_status == EventStatus.CANCELLED)),
        ("Propositions du public (sans compte)", *_both(_proposals, p, b)),
        ("Associations ayant annoncé au moins un événement", active, active_b),
        ("Part des associations publiées ayant annoncé un événement (%)", share, share_b),
        ("Événements le même jour dans la même commune qu'un autre",
         *_both(_same_day_same_commune, p, b)),
        ("Événements publiés ayant lieu dans la période",
         *_both(lambda x: _count(select(func.count()).select_from(Event)
                                 .where(_taking_place(x))), p, b)),
    ]
    cols = [p.label, b.label]
    note = "Événements publiés ayant lieu dans la période, chacun compté une fois."
    return Section("agenda", "Agenda", [
        _figures("agenda-chiffres", "Agenda : chiffres clés", pairs, p, b),
        Table("agenda-communes", "Événements par commune", ["Commune", *cols],
              _breakdown(_events_by_commune(p), _events_by_commune(b), ""), note=note),
        Table("agenda-thematiques", "Événements par thématique", ["Thématique", *cols],
              _breakdown(_events_by_theme(p), _events_by_theme(b), ""), note=note),
        Table("agenda-publics", "Événements par public", ["Public", *cols],
              _breakdown(_events_by_public(p), _events_by_public(b), ""), note=note),
        Table("agenda-organisateurs", "Événements par organisateur", ["Organisateur", *cols],
              _breakdown(_events_by_organiser(p), _events_by_organiser(b), "")[:30],
              note=note + " Les 30 premiers."),
    ])


# Partners -------------------------------------------------------------------------------------


def _services(p: Period) -> int:
    return _count(select(func.count()).select_from(Service)
                  .join(Organization, Organization.id == Service.organization_id)
                  .where(Service.archived_at.is_(None), Service.created_at < p.end_at,
                         _published_at_end(p)))


def _professionals(p: Period) -> int:
    return _count(select(func.count()).select_from(User).where(
        User.role == Role.PROFESSIONAL, User.archived_at.is_(None), User.created_at < p.end_at))


def _referrals(p: Period) -> int:
    return _count(select(func.count()).select_from(Referral).where(_in(Referral.created_at, p)))


def _referrals_by(p: Period, label, *joins) -> dict:
    stmt = select(label, func.count(distinct(Referral.id))).select_from(Referral)
    for target, on, outer in joins:
        stmt = stmt.outerjoin(target, on) if outer else stmt.join(target, on)
    return dict(db.session.execute(
        stmt.where(_in(Referral.created_at, p)).group_by(label)).all())


def _referrals_by_theme(p: Period) -> dict:
    parent, name = _parent_theme()
    return _referrals_by(p, name, (service_themes, service_themes.c.service_id ==
                                   Referral.service_id, True),
                         (Theme, Theme.id == service_themes.c.theme_id, True),
                         (parent, parent.id == Theme.parent_id, True))


def _referrals_by_structure(p: Period) -> dict:
    return _referrals_by(p, Organization.nom,
                         (Organization, Organization.id == Referral.organization_id, False))


def _referrals_by_commune(p: Period) -> dict:
    return _referrals_by(p, Commune.name, (service_communes, service_communes.c.service_id ==
                                           Referral.service_id, True),
                         (Commune, Commune.id == service_communes.c.commune_id, True))


def _referrals_by_sender(p: Period) -> dict:
    """The professional's own structure, as named in their accepted access request."""
    return _referrals_by(p, ProfessionalRequest.structure, (
        ProfessionalRequest, and_(ProfessionalRequest.user_id == Referral.sender_id,
                                  ProfessionalRequest.state == "accepted"), True))


def partners_section(p: Period, b: Period) -> Section:
    pairs = [
        ("Services et activités décrits", *_both(_services, p, b)),
        ("Professionnels ayant un accès", *_both(_professionals, p, b)),
        ("Orientations (mises en lien et fiches envoyées)", *_both(_referrals, p, b)),
    ]
    cols = [p.label, b.label]
    return Section("partenaires", "Annuaire partenarial", [
        _figures("partenaires-chiffres", "Partenaires : chiffres clés", pairs, p, b),
        Table("orientations-thematiques", "Orientations par thématique du service",
              ["Thématique", *cols],
              _breakdown(_referrals_by_theme(p), _referrals_by_theme(b), "")),
        Table("orientations-communes", "Orientations par commune couverte par le service",
              ["Commune", *cols],
              _breakdown(_referrals_by_commune(p), _referrals_by_commune(b), "")),
        Table("orientations-structures", "Orientations par structure qui reçoit",
              ["Structure", *cols],
              _breakdown(_referrals_by_structure(p), _referrals_by_structure(b), "")),
        Table("orientations-professionnels", "Orientations par structure du professionnel",
              ["Structure du professionnel", *cols],
              _breakdown(_referrals_by_sender(p), _referrals_by_sender(b), "")),
    ])


# Diffusion ------------------------------------------------------------------------------------


def _day_counts(p: Period, kind: str) -> dict:
    stmt = (select(DailyCount.key, func.sum(DailyCount.count))
            .where(DailyCount.kind == kind, DailyCount.day >= p.start, DailyCount.day < p.end)
            .group_by(DailyCount.key))
    return {key: int(n) for key, n in db.session.execute(stmt)}


def _misses(p: Period) -> dict:
    stmt = (select(SearchMiss.scope, func.sum(SearchMiss.count))
            .where(SearchMiss.day >= p.start, SearchMiss.day < p.end)
            .group_by(SearchMiss.scope))
    return {key: int(n) for key, n in db.session.execute(stmt)}


def _labelled(counts: dict, labels: dict) -> dict:
    return {labels.get(k, k): n for k, n in counts.items()}


def _scan_label(key: str) -> str:
    edition, _, area = key.rpartition(".")
    return f"{edition_label(edition)} · {SCAN_AREAS.get(area, area)}"


def edition_label(code: str) -> str:
    if code == "annuaire":
        return "Annuaire papier"
    if code.startswith("guide-"):
        return f"Guide « {code[6:]} »"
    if code.startswith("affiche-"):
        return f"Affiche de {code[8:]}"
    if code.startswith("agenda-"):
        return f"Agenda {code[7:].replace('-t', ' T')}"
    return code


def _monthly(p: Period, kind: str) -> list[list]:
    stmt = select(DailyCount.day, DailyCount.count).where(
        DailyCount.kind == kind, DailyCount.day >= p.start, DailyCount.day < p.end)
    per_month = Counter()
    for day, n in db.session.execute(stmt):
        per_month[(day.year, day.month)] += n
    return [[f"{m.month:02d}/{m.year}", per_month.get((m.year, m.month), 0)] for m in p.months()]


def diffusion_section(p: Period, b: Period) -> Section:
    pages, pages_b = _day_counts(p, CountKind.PAGE), _day_counts(b, CountKind.PAGE)
    searches, searches_b = _day_counts(p, CountKind.SEARCH), _day_counts(b, CountKind.SEARCH)
    misses, misses_b = _misses(p), _misses(b)
    feeds, feeds_b = _day_counts(p, CountKind.FEED), _day_counts(b, CountKind.FEED)
    downloads, downloads_b = _day_counts(p, CountKind.DOWNLOAD), _day_counts(b, CountKind.DOWNLOAD)
    scans, scans_b = _day_counts(p, CountKind.QR), _day_counts(b, CountKind.QR)
    subscribers = counting.subscribers(p.start, p.last_day)
    subscribers_b = counting.subscribers(b.start, b.last_day)
    days, days_b = (p.end - p.start).days, (b.end - b.start).days
    pairs = [
        ("Pages vues", sum(pages.values()), sum(pages_b.values())),
        ("Recherches", sum(searches.values()), sum(searches_b.values())),
        ("Recherches sans résultat", sum(misses.values()), sum(misses_b.values())),
        ("Abonnés aux flux d'agenda, en moyenne par jour", round(subscribers / days),
         round(subscribers_b / days_b)),
        ("Lectures des flux d'agenda", sum(feeds.values()), sum(feeds_b.values())),
        ("Téléchargements des éditions imprimables", sum(downloads.values()),
         sum(downloads_b.values())),
        ("Codes QR des éditions imprimées scannés", sum(scans.values()), sum(scans_b.values())),
    ]
    cols = [p.label, b.label]
    scopes = {"annuaire": "Annuaire", "partenaires": "Annuaire partenarial", "agenda": "Agenda"}
    search_rows = [[scopes.get(k, k), searches.get(k, 0), searches_b.get(k, 0),
                    misses.get(k, 0), misses_b.get(k, 0)]
                   for k in sorted(set(searches) | set(searches_b) | set(misses) | set(misses_b))]
    return Section("diffusion", "Diffusion", [
        _figures("diffusion-chiffres", "Diffusion : chiffres clés", pairs, p, b),
        Table("pages-vues", "Pages vues par rubrique", ["Rubrique", *cols],
              _breakdown(_labelled(pages, counting.SECTION_LABELS),
                         _labelled(pages_b, counting.SECTION_LABELS), "")),
        Table("pages-vues-mois", "Pages vues par mois", ["Mois", p.label],
              _monthly(p, CountKind.PAGE), chart="line"),
        Table("recherches", "Recherches et recherches sans résultat",
              ["Recherche", f"Recherches {p.label}", f"Recherches {b.label}",
               f"Sans résultat {p.label}", f"Sans résultat {b.label}"], search_rows),
        Table("flux", "Lectures des flux d'agenda", ["Flux", *cols],
              _breakdown(feeds, feeds_b, ""),
              note="Abonnés distincts estimés chaque jour par une empreinte salée du jour, "
                   "effacée le lendemain : aucune adresse n'est gardée."),
        Table("telechargements", "Téléchargements par édition", ["Édition", *cols],
              _breakdown(_labelled(downloads, {k: edition_label(k) for k in downloads}),
                         _labelled(downloads_b, {k: edition_label(k) for k in downloads_b}),
                         "")),
        Table("codes-qr", "Codes QR scannés par édition et emplacement",
              ["Édition · emplacement", *cols],
              _breakdown({_scan_label(k): n for k, n in scans.items()},
                         {_scan_label(k): n for k, n in scans_b.items()}, "")),
    ])


# Needs ----------------------------------------------------------------------------------------


def _unmet(p: Period, label, *joins) -> dict:
    stmt = select(label, func.count(UnmetNeed.id)).select_from(UnmetNeed)
    for target, on in joins:
        stmt = stmt.outerjoin(target, on)
    return dict(db.session.execute(
        stmt.where(_in(UnmetNeed.created_at, p)).group_by(label)).all())


def _unmet_by_month(p: Period) -> list[list]:
    per_month = Counter()
    for (created,) in db.session.execute(select(UnmetNeed.created_at).where(
            _in(UnmetNeed.created_at, p))):
        day = paris_day(created)
        per_month[(day.year, day.month)] += 1
    return [[f"{m.month:02d}/{m.year}", per_month.get((m.year, m.month), 0)] for m in p.months()]


def _kept_needs(p: Period, label, *joins) -> dict:
    stmt = select(label, func.sum(ReferralNeed.count)).select_from(ReferralNeed)
    for target, on in joins:
        stmt = stmt.outerjoin(target, on)
    stmt = stmt.where(ReferralNeed.month >= p.start, ReferralNeed.month < p.end).group_by(label)
    return {k: int(n) for k, n in db.session.execute(stmt)}


def unmet_needs(p: Period, limit: int = 200) -> list[UnmetNeed]:
    return list(db.session.scalars(select(UnmetNeed).where(_in(UnmetNeed.created_at, p))
                                   .order_by(UnmetNeed.created_at.desc()).limit(limit)))


def needs_section(p: Period, b: Period) -> Section:
    count = lambda x: _count(select(func.count()).select_from(UnmetNeed).where(  # noqa: E731
        _in(UnmetNeed.created_at, x)))
    kept = lambda x: _count(select(func.sum(ReferralNeed.count)).where(  # noqa: E731
        ReferralNeed.month >= x.start, ReferralNeed.month < x.end))
    misses = lambda x: _count(select(func.sum(SearchMiss.count)).where(  # noqa: E731
        SearchMiss.day >= x.start, SearchMiss.day < x.end))
    pairs = [
        ("Besoins non couverts signalés par les professionnels", *_both(count, p, b)),
        ("Besoins d'orientations gardés en chiffres (données personnelles effacées)",
         *_both(kept, p, b)),
        ("Recherches sans résultat", *_both(misses, p, b)),
    ]
    cols = [p.label, b.label]
    theme_join = (Theme, Theme.id == UnmetNeed.theme_id)
    commune_join = (Commune, Commune.id == UnmetNeed.commune_id)
    public_join = (Public, Public.id == UnmetNeed.public_id)
    words = [[w, n] for w, n in _misses_words(p)[:30]]
    return Section("besoins", "Besoins", [
        _figures("besoins-chiffres", "Besoins : chiffres clés", pairs, p, b),
        Table("besoins-thematiques", "Besoins non couverts par thématique", ["Thématique", *cols],
              _breakdown(_unmet(p, Theme.name, theme_join), _unmet(b, Theme.name, theme_join),
                         "")),
        Table("besoins-communes", "Besoins non couverts par commune", ["Commune", *cols],
              _breakdown(_unmet(p, Commune.name, commune_join),
                         _unmet(b, Commune.name, commune_join), "")),
        Table("besoins-publics", "Besoins non couverts par public", ["Public", *cols],
              _breakdown(_unmet(p, Public.name, public_join), _unmet(b, Public.name, public_join),
                         "")),
        Table("besoins-mois", "Besoins non couverts par mois", ["Mois", p.label],
              _unmet_by_month(p), chart="line"),
        Table("orientations-besoins", "Besoins des orientations effacées, par thématique",
              ["Thématique", *cols],
              _breakdown(_kept_needs(p, Theme.name, (Theme, Theme.id == ReferralNeed.theme_id)),
                         _kept_needs(b, Theme.name, (Theme, Theme.id == ReferralNeed.theme_id)),
                         ""),
              note="Quand les données d'une personne orientée sont effacées (au bout de "
                   "90 jours), le besoin reste compté par thématique, commune et mois."),
        Table("orientations-besoins-communes", "Besoins des orientations effacées, par commune",
              ["Commune", *cols],
              _breakdown(
                  _kept_needs(p, Commune.name, (Commune, Commune.id == ReferralNeed.commune_id)),
                  _kept_needs(b, Commune.name, (Commune, Commune.id == ReferralNeed.commune_id)),
                  "")),
        Table("recherches-sans-resultat", "Mots cherchés qui n'ont rien trouvé",
              ["Mots cherchés", "Recherches"], words, note="Les 30 plus fréquents."),
    ])


def _misses_words(p: Period) -> list[tuple[str, int]]:
    return misses_between(p.start, p.last_day)


def report(period: Period) -> Report:
    before = previous(period)
    return Report(period, before, [
        directory_section(period, before),
        agenda_section(period, before),
        partners_section(period, before),
        diffusion_section(period, before),
        needs_section(period, before),
    ])

