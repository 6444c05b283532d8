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
from datetime import date

from sqlalchemy import and_, case, distinct, func, or_, select
from sqlalchemy.orm import aliased, selectinload

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
from directory.observatory.models import (
    CountKind,
    DailyCount,
    DailyVisitor,
    ReferralNeed,
    UnmetNeed,
)
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
        return "stable" if now == 0 else "nouveau"
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


def _parent_theme():
    """(theme table, its parent alias, the name a row is counted under: the parent's)."""
    parent = aliased(Theme)
    return parent, func.coalesce(parent.name, Theme.name)


# Both periods in one query: conditional sums, so a page costs half the queries.


def _span(column, p: Period, b: Period):
    """Rows of either period (the previous one may not touch the current one: CTG)."""
    return and_(column >= min(p.start_at, b.start_at), column < max(p.end_at, b.end_at))


def _sum(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _distinct(column, condition):
    return func.count(distinct(case((condition, column))))


def _pair(stmt) -> tuple[int, int]:
    row = db.session.execute(stmt).one()
    return int(row[0] or 0), int(row[1] or 0)


def _grouped(stmt) -> list[list]:
    """(label, now, before) rows, largest first, labels without a value named."""
    rows = [(label, int(now or 0), int(before or 0))
            for label, now, before in db.session.execute(stmt)]
    rows = [r for r in rows if r[1] or r[2]]
    rows.sort(key=lambda r: (-r[1], -r[2], str(r[0])))
    return [[label if label is not None else NOT_GIVEN, now, before]
            for label, now, before in rows]


# Directory ------------------------------------------------------------------------------------


def _published():
    return and_(Organization.status == Status.PUBLISHED, Organization.archived_at.is_(None))


def _directory_counts(p: Period, b: Period) -> dict[str, tuple[int, int]]:
    reference = func.coalesce(Organization.last_verified_at, Organization.last_edited_at)
    cut_p, cut_b = freshness.cutoff(p.last_day), freshness.cutoff(b.last_day)
    row = db.session.execute(select(
        _sum(Organization.created_at < p.end_at), _sum(Organization.created_at < b.end_at),
        _sum(_in(Organization.created_at, p)), _sum(_in(Organization.created_at, b)),
        _sum(and_(Organization.created_at < p.end_at, reference >= cut_p)),
        _sum(and_(Organization.created_at < b.end_at, reference >= cut_b)),
        _sum(and_(Organization.created_at < p.end_at,
                  Organization.kind == OrganizationKind.ASSOCIATION)),
        _sum(and_(Organization.created_at < b.end_at,
                  Organization.kind == OrganizationKind.ASSOCIATION)),
    ).where(_published())).one()
    values = [int(v or 0) for v in row]
    return {"published": (values[0], values[1]), "new": (values[2], values[3]),
            "verified": (values[4], values[5]), "associations": (values[6], values[7])}


def _claims(p: Period, b: Period) -> tuple[int, int]:
    return _pair(select(_distinct(Claim.organization_id, _in(Claim.reviewed_at, p)),
                        _distinct(Claim.organization_id, _in(Claim.reviewed_at, b)))
                 .where(Claim.state == ReviewState.ACCEPTED, _span(Claim.reviewed_at, p, b)))


def _not_staff():
    return or_(User.role.is_(None), User.role.not_in(STAFF))


def _updated_by_members(p: Period, b: Period) -> tuple[int, int]:
    return _pair(
        select(_distinct(Revision.organization_id, _in(Revision.created_at, p)),
               _distinct(Revision.organization_id, _in(Revision.created_at, b)))
        .join(User, User.id == Revision.author_id)
        .where(_span(Revision.created_at, p, b), Revision.state == RevisionState.APPLIED,
               Revision.action.in_([RevisionAction.EDIT, RevisionAction.CONFIRM]), _not_staff()))


def _came_forward(p: Period, b: Period) -> tuple[int, int]:
    """Associations created by someone outside the staff, or claimed, in the period."""
    created = (select(Revision.organization_id.label("org"), Revision.created_at.label("at"))
               .join(User, User.id == Revision.author_id)
               .where(Revision.action == RevisionAction.CREATE, _not_staff(),
                      _span(Revision.created_at, p, b)))
    claimed = select(Claim.organization_id, Claim.reviewed_at).where(
        Claim.state == ReviewState.ACCEPTED, _span(Claim.reviewed_at, p, b))
    came = created.union_all(claimed).subquery()
    return _pair(
        select(_distinct(came.c.org, _in(came.c.at, p)), _distinct(came.c.org, _in(came.c.at, b)))
        .join(Organization, Organization.id == came.c.org)
        .where(Organization.kind == OrganizationKind.ASSOCIATION))


def _campaign_answers(p: Period, b: Period) -> tuple[int, int]:
    """Listings asked in a campaign that answered (confirmed or changed) in the period."""
    org = CampaignRecipient.organization_id
    return _pair(
        select(_distinct(org, _in(Revision.created_at, p)),
               _distinct(org, _in(Revision.created_at, b)))
        .join(Revision, Revision.organization_id == org)
        .outerjoin(User, User.id == Revision.author_id)
        .where(CampaignRecipient.sent_at.is_not(None),
               Revision.created_at >= CampaignRecipient.sent_at,
               _span(Revision.created_at, p, b),
               Revision.action.in_([RevisionAction.CONFIRM, RevisionAction.EDIT]),
               or_(User.id.is_(None), _not_staff())))


def _listings_by(p: Period, b: Period, link, model, label) -> list[list]:
    """Published listings per commune or public: the link table's primary key makes each of
    its rows one listing."""
    column = getattr(link.c, f"{model.__tablename__[:-1]}_id")
    stmt = (select(label, _sum(Organization.created_at < p.end_at),
                   _sum(Organization.created_at < b.end_at))
            .select_from(link)
            .join(Organization, Organization.id == link.c.organization_id)
            .join(model, model.id == column))
    return _grouped(stmt.where(_published()).group_by(label))


def _listings_by_theme(p: Period, b: Period) -> list[list]:
    """Published listings per parent theme: a listing under two child themes of one parent
    counts once."""
    parent, name = _parent_theme()
    pairs = (select(Organization.id.label("org"), Organization.created_at.label("at"),
                    name.label("theme"))
             .select_from(organization_themes)
             .join(Organization, Organization.id == organization_themes.c.organization_id)
             .join(Theme, Theme.id == organization_themes.c.theme_id)
             .outerjoin(parent, parent.id == Theme.parent_id)
             .where(_published()).distinct().subquery())
    return _grouped(select(pairs.c.theme, _sum(pairs.c.at < p.end_at),
                           _sum(pairs.c.at < b.end_at)).group_by(pairs.c.theme))


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
        _figures("annuaire-chiffres", "Annuaire : chiffres clés", pairs, p, b),
        Table("annuaire-communes", "Fiches publiées par commune d'action", ["Commune", *cols],
              _listings_by(p, b, organization_communes, Commune, Commune.name),
              note="Une structure qui agit dans plusieurs communes compte dans chacune."),
        Table("annuaire-thematiques", "Fiches publiées par thématique", ["Thématique", *cols],
              _listings_by_theme(p, b)),
        Table("annuaire-publics", "Fiches publiées par public", ["Public", *cols],
              _listings_by(p, b, organization_publics, Public, Public.name)),
    ])


# Agenda ---------------------------------------------------------------------------------------


def _agenda_counts(p: Period, b: Period) -> dict[str, tuple[int, int]]:
    states = {"announced": True,
              "published": Event.moderation_state == ModerationState.PUBLISHED,
              "refused": Event.moderation_state == ModerationState.REFUSED,
              "cancelled": Event.public_status == EventStatus.CANCELLED}
    columns = []
    for condition in states.values():
        for period in (p, b):
            inside = _in(Event.created_at, period)
            columns.append(_sum(inside if condition is True else and_(inside, condition)))
    row = db.session.execute(select(*columns).where(
        Event.archived_at.is_(None), _span(Event.created_at, p, b))).one()
    values = [int(v or 0) for v in row]
    return {name: (values[2 * i], values[2 * i + 1]) for i, name in enumerate(states)}


def _proposals(p: Period, b: Period) -> tuple[int, int]:
    return _pair(select(_sum(_in(EventProposal.confirmed_at, p)),
                        _sum(_in(EventProposal.confirmed_at, b)))
                 .where(_span(EventProposal.confirmed_at, p, b)))


def _associations_with_events(p: Period, b: Period) -> tuple[int, int]:
    """Published associations that announced at least one event in each period."""
    return _pair(
        select(_distinct(Event.organization_id, and_(_in(Event.created_at, p),
                                                     Organization.created_at < p.end_at)),
               _distinct(Event.organization_id, and_(_in(Event.created_at, b),
                                                     Organization.created_at < b.end_at)))
        .join(Organization, Organization.id == Event.organization_id)
        .where(Event.archived_at.is_(None), _span(Event.created_at, p, b), _published(),
               Organization.kind == OrganizationKind.ASSOCIATION))


def _taking_place():
    return and_(Event.archived_at.is_(None), Event.moderation_state == ModerationState.PUBLISHED)


def _same_day_same_commune(p: Period, b: Period) -> tuple[int, int]:
    """Published events of each period sharing their day and commune with another one."""
    rows = db.session.execute(select(Event.commune_id, Event.starts_at).where(
        _taking_place(), _span(Event.starts_at, p, b), Event.commune_id.is_not(None),
        Event.public_status != EventStatus.CANCELLED)).all()
    result = []
    for period in (p, b):
        per_day = Counter((commune, paris_day(start)) for commune, start in rows
                          if period.start_at <= start < period.end_at)
        result.append(sum(n for n in per_day.values() if n > 1))
    return result[0], result[1]


def _events_by(p: Period, b: Period, label, *joins) -> list[list]:
    stmt = select(label, _distinct(Event.id, _in(Event.starts_at, p)),
                  _distinct(Event.id, _in(Event.starts_at, b))).select_from(Event)
    for target, on, outer in joins:
        stmt = stmt.outerjoin(target, on) if outer else stmt.join(target, on)
    return _grouped(stmt.where(_taking_place(), _span(Event.starts_at, p, b)).group_by(label))


def agenda_section(p: Period, b: Period, listings: dict) -> Section:
    counts = _agenda_counts(p, b)
    active = _associations_with_events(p, b)
    total = listings["associations"]
    share = tuple(round(100 * a / t) if t else 0 for a, t in zip(active, total, strict=True))
    taking_place = _pair(select(_sum(_in(Event.starts_at, p)), _sum(_in(Event.starts_at, b)))
                         .where(_taking_place(), _span(Event.starts_at, p, b)))
    pairs = [
        ("Événements annoncés", *counts["announced"]),
        ("… dont publiés", *counts["published"]),
        ("… dont refusés", *counts["refused"]),
        ("… dont annulés", *counts["cancelled"]),
        ("Propositions du public (sans compte)", *_proposals(p, b)),
        ("Associations ayant annoncé au moins un événement", *active),
        ("Part des associations publiées ayant annoncé un événement (%)", *share),
        ("Événements le même jour dans la même commune qu'un autre",
         *_same_day_same_commune(p, b)),
        ("Événements publiés ayant lieu dans la période", *taking_place),
    ]
    cols = [p.label, b.label]
    note = "Événements publiés ayant lieu dans la période, chacun compté une fois."
    parent, theme_name = _parent_theme()
    return Section("agenda", "Agenda", [
        _figures("agenda-chiffres", "Agenda : chiffres clés", pairs, p, b),
        Table("agenda-communes", "Événements par commune", ["Commune", *cols],
              _events_by(p, b, Commune.name, (Commune, Commune.id == Event.commune_id, True)),
              note=note),
        Table("agenda-thematiques", "Événements par thématique", ["Thématique", *cols],
              _events_by(p, b, theme_name,
                         (event_themes, event_themes.c.event_id == Event.id, False),
                         (Theme, Theme.id == event_themes.c.theme_id, False),
                         (parent, parent.id == Theme.parent_id, True)), note=note),
        Table("agenda-publics", "Événements par public", ["Public", *cols],
              _events_by(p, b, Public.name,
                         (event_publics, event_publics.c.event_id == Event.id, False),
                         (Public, Public.id == event_publics.c.public_id, False)), note=note),
        Table("agenda-organisateurs", "Événements par organisateur", ["Organisateur", *cols],
              _events_by(p, b, Organization.nom,
                         (Organization, Organization.id == Event.organization_id, False))[:30],
              note=note + " Les 30 premiers."),
    ])


# Partners -------------------------------------------------------------------------------------


def _referrals_by(p: Period, b: Period, label, *joins) -> list[list]:
    stmt = select(label, _distinct(Referral.id, _in(Referral.created_at, p)),
                  _distinct(Referral.id, _in(Referral.created_at, b))).select_from(Referral)
    for target, on in joins:
        stmt = stmt.outerjoin(target, on)
    return _grouped(stmt.where(_span(Referral.created_at, p, b)).group_by(label))


def partners_section(p: Period, b: Period) -> Section:
    services = _pair(select(_sum(and_(Service.created_at < p.end_at,
                                      Organization.created_at < p.end_at)),
                            _sum(and_(Service.created_at < b.end_at,
                                      Organization.created_at < b.end_at)))
                     .join(Organization, Organization.id == Service.organization_id)
                     .where(Service.archived_at.is_(None), _published()))
    professionals = _pair(select(_sum(User.created_at < p.end_at), _sum(User.created_at < b.end_at))
                          .where(User.role == Role.PROFESSIONAL, User.archived_at.is_(None)))
    referrals = _pair(select(_sum(_in(Referral.created_at, p)), _sum(_in(Referral.created_at, b)))
                      .where(_span(Referral.created_at, p, b)))
    pairs = [
        ("Services et activités décrits", *services),
        ("Professionnels ayant un accès", *professionals),
        ("Orientations (mises en lien et fiches envoyées)", *referrals),
    ]
    cols = [p.label, b.label]
    parent, theme_name = _parent_theme()
    return Section("partenaires", "Annuaire partenarial", [
        _figures("partenaires-chiffres", "Partenaires : chiffres clés", pairs, p, b),
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


# Diffusion ------------------------------------------------------------------------------------


def _day_in(column, period: Period):
    return and_(column >= period.start, column < period.end)


def _all_counts(p: Period, b: Period) -> dict[str, dict[str, tuple[int, int]]]:
    """kind -> key -> (now, before), from one query over the day counts."""
    now = func.sum(case((_day_in(DailyCount.day, p), DailyCount.count), else_=0))
    before = func.sum(case((_day_in(DailyCount.day, b), DailyCount.count), else_=0))
    stmt = (select(DailyCount.kind, DailyCount.key, now, before)
            .where(DailyCount.day >= min(p.start, b.start), DailyCount.day < max(p.end, b.end))
            .group_by(DailyCount.kind, DailyCount.key))
    result: dict[str, dict[str, tuple[int, int]]] = {}
    for kind, key, n, m in db.session.execute(stmt):
        result.setdefault(kind, {})[key] = (int(n or 0), int(m or 0))
    return result


def _misses(p: Period, b: Period) -> dict[str, tuple[int, int]]:
    stmt = (select(SearchMiss.scope,
                   func.sum(case((_day_in(SearchMiss.day, p), SearchMiss.count), else_=0)),
                   func.sum(case((_day_in(SearchMiss.day, b), SearchMiss.count), else_=0)))
            .where(SearchMiss.day >= min(p.start, b.start), SearchMiss.day < max(p.end, b.end))
            .group_by(SearchMiss.scope))
    return {scope: (int(n or 0), int(m or 0)) for scope, n, m in db.session.execute(stmt)}


def _rows(counts: dict[str, tuple[int, int]], label=lambda k: k) -> list[list]:
    rows = [[label(k), n, m] for k, (n, m) in counts.items() if n or m]
    rows.sort(key=lambda r: (-r[1], -r[2], str(r[0])))
    return rows


def _total(counts: dict[str, tuple[int, int]]) -> tuple[int, int]:
    return sum(n for n, _ in counts.values()), sum(m for _, m in counts.values())


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


def _per_month(p: Period, days: list[tuple[date, int]]) -> list[list]:
    per_month = Counter()
    for day, n in days:
        per_month[(day.year, day.month)] += int(n or 0)
    return [[f"{m.month:02d}/{m.year}", per_month.get((m.year, m.month), 0)] for m in p.months()]


def _live_subscribers(p: Period, b: Period) -> dict[str, tuple[int, int]]:
    """Today's subscribers per feed, still hashes (counted into the day counts tomorrow)."""
    stmt = (select(DailyVisitor.key, _sum(_day_in(DailyVisitor.day, p)),
                   _sum(_day_in(DailyVisitor.day, b)))
            .where(DailyVisitor.day >= min(p.start, b.start), DailyVisitor.day < max(p.end, b.end))
            .group_by(DailyVisitor.key))
    return {key: (int(n or 0), int(m or 0)) for key, n, m in db.session.execute(stmt)}


def _subscribers(counts: dict, p: Period, b: Period) -> dict[str, tuple[int, int]]:
    """Distinct subscribers per feed, on average per day of each period."""
    stored = counts.get(CountKind.SUBSCRIBERS, {})
    live = _live_subscribers(p, b)
    days = ((p.end - p.start).days, (b.end - b.start).days)
    return {key: tuple(round((s + v) / d) for s, v, d in zip(
                stored.get(key, (0, 0)), live.get(key, (0, 0)), days, strict=True))
            for key in set(stored) | set(live)}


def diffusion_section(p: Period, b: Period) -> Section:
    counts = _all_counts(p, b)
    pages = counts.get(CountKind.PAGE, {})
    searches = counts.get(CountKind.SEARCH, {})
    feeds = counts.get(CountKind.FEED, {})
    downloads = counts.get(CountKind.DOWNLOAD, {})
    scans = counts.get(CountKind.QR, {})
    misses = _misses(p, b)
    per_feed = _subscribers(counts, p, b)
    subscribers = per_feed.pop(counting.ALL_FEEDS, (0, 0))
    pairs = [
        ("Pages vues", *_total(pages)),
        ("Recherches", *_total(searches)),
        ("Recherches sans résultat", *_total(misses)),
        ("Abonnés aux flux d'agenda, en moyenne par jour", *subscribers),
        ("Lectures des flux d'agenda", *_total(feeds)),
        ("Téléchargements des éditions imprimables", *_total(downloads)),
        ("Codes QR des éditions imprimées scannés", *_total(scans)),
    ]
    cols = [p.label, b.label]
    scopes = {"annuaire": "Annuaire", "partenaires": "Annuaire partenarial", "agenda": "Agenda"}
    search_rows = [[scopes.get(k, k), *searches.get(k, (0, 0)), *misses.get(k, (0, 0))]
                   for k in sorted(set(searches) | set(misses))]
    monthly = db.session.execute(
        select(DailyCount.day, func.sum(DailyCount.count))
        .where(DailyCount.kind == CountKind.PAGE, _day_in(DailyCount.day, p))
        .group_by(DailyCount.day)).all()
    return Section("diffusion", "Diffusion", [
        _figures("diffusion-chiffres", "Diffusion : chiffres clés", pairs, p, b),
        Table("pages-vues", "Pages vues par rubrique", ["Rubrique", *cols],
              _rows(pages, lambda k: counting.SECTION_LABELS.get(k, k))),
        Table("pages-vues-mois", "Pages vues par mois", ["Mois", p.label],
              _per_month(p, monthly), chart="line"),
        Table("recherches", "Recherches et recherches sans résultat",
              ["Recherche", f"Recherches {p.label}", f"Recherches {b.label}",
               f"Sans résultat {p.label}", f"Sans résultat {b.label}"], search_rows),
        Table("flux", "Lectures des flux d'agenda", ["Flux", *cols], _rows(feeds),
              note="Un calendrier abonné relit le flux plusieurs fois par jour."),
        Table("abonnes", "Abonnés distincts par flux, en moyenne par jour", ["Flux", *cols],
              _rows(per_feed),
              note="Estimés chaque jour par une empreinte salée du jour, effacée le lendemain : "
                   "aucune adresse n'est gardée."),
        Table("telechargements", "Téléchargements par édition", ["Édition", *cols],
              _rows(downloads, edition_label)),
        Table("codes-qr", "Codes QR scannés par édition et emplacement",
              ["Édition · emplacement", *cols], _rows(scans, _scan_label)),
    ])


# Needs ----------------------------------------------------------------------------------------


def _unmet_by(p: Period, b: Period, label, target, on) -> list[list]:
    stmt = (select(label, _sum(_in(UnmetNeed.created_at, p)), _sum(_in(UnmetNeed.created_at, b)))
            .select_from(UnmetNeed).outerjoin(target, on)
            .where(_span(UnmetNeed.created_at, p, b)).group_by(label))
    return _grouped(stmt)


def _kept_by(p: Period, b: Period, label, target, on) -> list[list]:
    now = func.sum(case((_day_in(ReferralNeed.month, p), ReferralNeed.count), else_=0))
    before = func.sum(case((_day_in(ReferralNeed.month, b), ReferralNeed.count), else_=0))
    stmt = (select(label, now, before).select_from(ReferralNeed).outerjoin(target, on)
            .where(ReferralNeed.month >= min(p.start, b.start),
                   ReferralNeed.month < max(p.end, b.end)).group_by(label))
    return _grouped(stmt)


def unmet_needs(p: Period, limit: int = 200) -> list[UnmetNeed]:
    return list(db.session.scalars(
        select(UnmetNeed).where(_in(UnmetNeed.created_at, p))
        .options(selectinload(UnmetNeed.theme), selectinload(UnmetNeed.commune),
                 selectinload(UnmetNeed.public))
        .order_by(UnmetNeed.created_at.desc()).limit(limit)))


def needs_section(p: Period, b: Period) -> Section:
    unmet = _pair(select(_sum(_in(UnmetNeed.created_at, p)), _sum(_in(UnmetNeed.created_at, b)))
                  .where(_span(UnmetNeed.created_at, p, b)))
    by_theme = _kept_by(p, b, Theme.name, Theme, Theme.id == ReferralNeed.theme_id)
    kept = (sum(r[1] for r in by_theme), sum(r[2] for r in by_theme))
    misses = _total(_misses(p, b))
    pairs = [
        ("Besoins non couverts signalés par les professionnels", *unmet),
        ("Besoins d'orientations gardés en chiffres (données personnelles effacées)", *kept),
        ("Recherches sans résultat", *misses),
    ]
    cols = [p.label, b.label]
    created = db.session.scalars(select(UnmetNeed.created_at).where(
        _in(UnmetNeed.created_at, p))).all()
    monthly = _per_month(p, [(paris_day(at), 1) for at in created])
    words = [[w, n] for w, n in misses_between(p.start, p.last_day)[:30]]
    return Section("besoins", "Besoins", [
        _figures("besoins-chiffres", "Besoins : chiffres clés", pairs, p, b),
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


def report(period: Period) -> Report:
    before = previous(period)
    listings = _directory_counts(period, before)
    return Report(period, before, [
        directory_section(period, before, listings),
        agenda_section(period, before, listings),
        partners_section(period, before),
        diffusion_section(period, before),
        needs_section(period, before),
    ])
