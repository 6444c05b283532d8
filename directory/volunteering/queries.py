"""Read-only queries of missions: the open ones, the search of /benevolat, the counts."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from directory.core.dates import today_paris
from directory.core.extensions import db
from directory.listings.models.organization import Organization
from directory.taxonomy.models import Commune, Theme
from directory.taxonomy.vocabularies import Status
from directory.volunteering.models import (
    Mission,
    Regularity,
    VolunteerMessage,
    mission_themes,
)

#: Periods of the search form: the missions offered at some point in it.
PERIODS = {
    "maintenant": "En ce moment",
    "mois": "Dans le mois qui vient",
    "trimestre": "Dans les trois mois qui viennent",
}

MISSION_OPTIONS = (
    selectinload(Mission.organization),
    selectinload(Mission.commune),
    selectinload(Mission.themes).selectinload(Theme.parent),
    selectinload(Mission.publics),
)


def open_condition(today: date):
    """Not archived, not ended, of a published organisation."""
    return (
        Mission.archived_at.is_(None)
        & or_(Mission.ends_on.is_(None), Mission.ends_on >= today)
        & Mission.organization_id.in_(
            select(Organization.id).where(Organization.status == Status.PUBLISHED,
                                          Organization.archived_at.is_(None))
        )
    )


@dataclass
class MissionFilters:
    """What a visitor asked on /benevolat; unknown values are ignored, never an error."""

    themes: list[str] = field(default_factory=list)
    communes: list[str] = field(default_factory=list)
    period: str | None = None
    regularity: str | None = None

    @classmethod
    def from_args(cls, args: Mapping) -> "MissionFilters":
        def values(name):
            getter = getattr(args, "getlist", None)
            raw = getter(name) if getter else [args.get(name)]
            return [v.strip() for v in raw if v and v.strip()][:20]

        period = (args.get("periode") or "").strip()
        regularity = (args.get("rythme") or "").strip()
        return cls(
            themes=values("thematique"),
            communes=values("commune"),
            period=period if period in PERIODS else None,
            regularity=regularity if regularity in set(Regularity) else None,
        )

    def to_args(self) -> dict:
        args: dict = {}
        if self.themes:
            args["thematique"] = list(self.themes)
        if self.communes:
            args["commune"] = list(self.communes)
        if self.period:
            args["periode"] = self.period
        if self.regularity:
            args["rythme"] = self.regularity
        return args


def _period_end(period: str | None, today: date) -> date | None:
    if period == "maintenant":
        return today
    if period == "mois":
        return today + timedelta(days=30)
    if period == "trimestre":
        return today + timedelta(days=91)
    return None


def theme_ids(slugs: list[str]):
    """The chosen themes and their children (a parent theme includes its children)."""
    chosen = select(Theme.id).where(Theme.slug.in_(slugs))
    return select(Theme.id).where(or_(Theme.id.in_(chosen), Theme.parent_id.in_(chosen)))


def search(filters: MissionFilters, today: date | None = None) -> list[Mission]:
    today = today or today_paris()
    query = select(Mission).where(open_condition(today))
    if filters.themes:
        query = query.where(Mission.id.in_(
            select(mission_themes.c.mission_id)
            .where(mission_themes.c.theme_id.in_(theme_ids(filters.themes)))
        ))
    if filters.communes:
        query = query.where(
            Mission.commune_id.in_(select(Commune.id).where(Commune.slug.in_(filters.communes)))
        )
    end = _period_end(filters.period, today)
    if end is not None:
        query = query.where(Mission.starts_on <= end)
    if filters.regularity:
        query = query.where(Mission.regularity == filters.regularity)
    query = query.options(*MISSION_OPTIONS).order_by(Mission.starts_on, Mission.id)
    return list(db.session.scalars(query))


def open_missions_of(organization: Organization) -> list[Mission]:
    """For the organisation's directory page."""
    return list(db.session.scalars(
        select(Mission).where(Mission.organization_id == organization.id,
                              open_condition(today_paris()))
        .options(*MISSION_OPTIONS).order_by(Mission.starts_on, Mission.id)
    ))


def missions_of(organization: Organization) -> list[Mission]:
    """Every mission not archived, ended ones included (the members' list)."""
    return list(db.session.scalars(
        select(Mission).where(Mission.organization_id == organization.id,
                              Mission.archived_at.is_(None))
        .options(*MISSION_OPTIONS).order_by(Mission.starts_on.desc(), Mission.id.desc())
    ))


def seeking_volunteers(session, ids: list[int]) -> set[int]:
    """Which of these organisations have an open mission (the directory's volunteers facet)."""
    if not ids:
        return set()
    return set(session.scalars(
        select(Mission.organization_id).where(Mission.organization_id.in_(ids),
                                              open_condition(today_paris())).distinct()))


def ended_missions_of(organization: Organization) -> list[Mission]:
    """Missions no longer proposed, latest first: their history stays readable."""
    return list(db.session.scalars(
        select(Mission).where(Mission.organization_id == organization.id,
                              Mission.archived_at.is_not(None))
        .order_by(Mission.archived_at.desc(), Mission.id.desc())
    ))


def public_mission(mission_id: int) -> Mission | None:
    """A mission the public may see (open, of a published organisation)."""
    return db.session.scalars(
        select(Mission).where(Mission.id == mission_id, open_condition(today_paris()))
        .options(*MISSION_OPTIONS)
    ).one_or_none()


def new_missions(since: datetime, themes: list[str], communes: list[str],
                 today: date | None = None) -> list[Mission]:
    """Open missions published since `since` matching themes and communes (empty: any)."""
    query = select(Mission).where(open_condition(today or today_paris()),
                                  Mission.created_at > since)
    if themes:
        query = query.where(Mission.id.in_(
            select(mission_themes.c.mission_id)
            .where(mission_themes.c.theme_id.in_(theme_ids(themes)))
        ))
    if communes:
        query = query.where(or_(
            Mission.commune_id.is_(None),
            Mission.commune_id.in_(select(Commune.id).where(Commune.slug.in_(communes))),
        ))
    return list(db.session.scalars(query.options(*MISSION_OPTIONS)
                                   .order_by(Mission.starts_on, Mission.id)))


def message_count(since: datetime | None = None) -> int:
    """Volunteers' messages (« nouveaux bénévoles »), for the indicators."""
    query = select(func.count(VolunteerMessage.id))
    if since is not None:
        query = query.where(VolunteerMessage.created_at >= since)
    return db.session.scalar(query) or 0


def parent_themes() -> list[Theme]:
    return list(db.session.scalars(
        select(Theme).where(Theme.parent_id.is_(None)).order_by(Theme.position, Theme.name)))


def message_counts(organization: Organization) -> dict[int, int]:
    """Volunteers' messages per mission of the organisation."""
    return dict(db.session.execute(
        select(VolunteerMessage.mission_id, func.count()).join(Mission)
        .where(Mission.organization_id == organization.id)
        .group_by(VolunteerMessage.mission_id)).all())
