"""Agenda indicators: events announced, published, refused, cancelled; by commune, theme…"""

from collections import Counter

from sqlalchemy import and_, case, func, select

from directory.agenda.models import Event, EventProposal, event_publics, event_themes
from directory.core.dates import paris_day
from directory.core.extensions import db
from directory.listings.models.organization import Organization
from directory.observatory import counting
from directory.observatory.models import CountKind, DailyCount
from directory.observatory.periods import Period
from directory.observatory.queries.common import (
    Section,
    Table,
    cond_distinct,
    cond_sum,
    counts_in,
    day_in,
    figures,
    grouped,
    inside,
    pair,
    parent_theme,
    published,
    span,
)
from directory.taxonomy.models import Commune, Public, Theme
from directory.taxonomy.vocabularies import (
    EventStatus,
    ModerationState,
    OrganizationKind,
)


def _agenda_counts(p: Period, b: Period) -> dict[str, tuple[int, int]]:
    states = {"announced": True,
              "published": Event.moderation_state == ModerationState.PUBLISHED,
              "refused": Event.moderation_state == ModerationState.REFUSED,
              "cancelled": Event.public_status == EventStatus.CANCELLED}
    columns = []
    for condition in states.values():
        for period in (p, b):
            within = inside(Event.created_at, period)
            columns.append(cond_sum(within if condition is True else and_(within, condition)))
    row = db.session.execute(select(*columns).where(
        Event.archived_at.is_(None), span(Event.created_at, p, b))).one()
    values = [int(v or 0) for v in row]
    return {name: (values[2 * i], values[2 * i + 1]) for i, name in enumerate(states)}


def _proposals(p: Period, b: Period) -> tuple[int, int]:
    return pair(select(cond_sum(inside(EventProposal.confirmed_at, p)),
                        cond_sum(inside(EventProposal.confirmed_at, b)))
                 .where(span(EventProposal.confirmed_at, p, b)))


def _associations_with_events(p: Period, b: Period) -> tuple[int, int]:
    """Published associations that announced at least one event in each period."""
    return pair(
        select(cond_distinct(Event.organization_id, and_(inside(Event.created_at, p),
                                                     Organization.created_at < p.end_at)),
               cond_distinct(Event.organization_id, and_(inside(Event.created_at, b),
                                                     Organization.created_at < b.end_at)))
        .join(Organization, Organization.id == Event.organization_id)
        .where(Event.archived_at.is_(None), span(Event.created_at, p, b), published(),
               Organization.kind == OrganizationKind.ASSOCIATION))


def _taking_place():
    return and_(Event.archived_at.is_(None), Event.moderation_state == ModerationState.PUBLISHED)


def _same_day_same_commune(p: Period, b: Period) -> tuple[int, int]:
    """Published events of each period sharing their day and commune with another one."""
    rows = db.session.execute(select(Event.commune_id, Event.starts_at).where(
        _taking_place(), span(Event.starts_at, p, b), Event.commune_id.is_not(None),
        Event.public_status != EventStatus.CANCELLED)).all()
    result = []
    for period in (p, b):
        per_day = Counter((commune, paris_day(start)) for commune, start in rows
                          if period.start_at <= start < period.end_at)
        result.append(sum(n for n in per_day.values() if n > 1))
    return result[0], result[1]


def _events_by(p: Period, b: Period, label, *joins) -> list[list]:
    stmt = select(label, cond_distinct(Event.id, inside(Event.starts_at, p)),
                  cond_distinct(Event.id, inside(Event.starts_at, b))).select_from(Event)
    for target, on, outer in joins:
        stmt = stmt.outerjoin(target, on) if outer else stmt.join(target, on)
    return grouped(stmt.where(_taking_place(), span(Event.starts_at, p, b)).group_by(label))


def _clash_warnings(p: Period, b: Period) -> dict[str, tuple[int, int]]:
    """The clashes shown to organisers, per kind of moment (counting.CLASH_*)."""
    stmt = (select(DailyCount.key,
                   func.sum(case((day_in(DailyCount.day, p), DailyCount.count), else_=0)),
                   func.sum(case((day_in(DailyCount.day, b), DailyCount.count), else_=0)))
            .where(DailyCount.kind == CountKind.CLASH,
                   DailyCount.day >= min(p.start, b.start), DailyCount.day < max(p.end, b.end))
            .group_by(DailyCount.key))
    found = {key: (int(n or 0), int(m or 0)) for key, n, m in db.session.execute(stmt)}
    return {key: found.get(key, (0, 0)) for key in (counting.CLASH_CHECKED, counting.CLASH_SAVED)}


def agenda_section(p: Period, b: Period, listings: dict) -> Section:
    counts = _agenda_counts(p, b)
    warned = _clash_warnings(p, b)
    active = _associations_with_events(p, b)
    total = listings["associations"]
    share = tuple(round(100 * a / t) if t else 0 for a, t in zip(active, total, strict=True))
    taking_place = pair(select(*counts_in(Event.starts_at, p, b))
                         .where(_taking_place(), span(Event.starts_at, p, b)))
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
        ("Chevauchements signalés aux organisateurs en vérifiant leurs dates",
         *warned[counting.CLASH_CHECKED]),
        ("Événements enregistrés malgré un chevauchement signalé", *warned[counting.CLASH_SAVED]),
        ("Événements publiés ayant lieu dans la période", *taking_place),
    ]
    cols = [p.label, b.label]
    note = "Événements publiés ayant lieu dans la période, chacun compté une fois."
    parent, theme_name = parent_theme()
    return Section("agenda", "Agenda", [
        figures("agenda-chiffres", "Agenda : chiffres clés", pairs, p, b),
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
