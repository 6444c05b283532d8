"""Read-only queries of newsletters: what a digest holds, who is due, the counts.

A digest of a subscription tells the coming events of its period (the next 7 or 31 days) and
the listings and volunteer missions new or changed during the period before, that match what
it follows: a theme (a parent includes its children), a public, a commune; an empty list is
no filter. Subscriptions that follow the same things get the same digest, built once.
"""

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from directory.agenda.models import Event
from directory.agenda.queries import AgendaFilters, AgendaOccurrence, occurrences, visible_condition
from directory.core.dates import date_fr, paris_day
from directory.core.extensions import db
from directory.core.jobs import Job, recent
from directory.core.sanitize import render_markdown
from directory.core.text import french_order, markdown_to_text
from directory.listings.models.organization import (
    Organization,
)
from directory.listings.queries import _commune_links, published_condition
from directory.newsletters.models import (
    Delivery,
    DeliveryState,
    Frequency,
    Newsletter,
    SavedSearch,
    Subscription,
)
from directory.partners.queries import PartnerQuery, matching_services
from directory.taxonomy.models import Commune, Public, Theme
from directory.taxonomy.vocabularies import RECEPTION_DETAIL_LABELS
from directory.volunteering.models import Mission
from directory.volunteering.queries import new_missions

#: Kinds of the Job rows of sending runs.
DIGEST_JOB, LETTER_JOB = "newsletter_digest", "newsletter_letter"

#: How far a digest looks ahead (events) and back (listings and missions).
PERIODS = {Frequency.WEEKLY: timedelta(days=7), Frequency.MONTHLY: timedelta(days=31)}


def theme_choices() -> list[SelectChoice]:
    """The parent themes (each includes its children)."""
    parents = db.session.scalars(
        select(Theme).where(Theme.parent_id.is_(None)).order_by(Theme.position, Theme.name)
    )
    return [SelectChoice(t.slug, t.name) for t in parents]


@dataclass(frozen=True)
class Criteria:
    """What a subscription follows: the key of the digests built once for many."""

    themes: tuple[str, ...] = ()
    publics: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()
    missions: bool = True
    #: The territory's digest at all (off: the saved searches' alerts only).
    territory: bool = True
    #: Saved searches of `/partenaires` (SavedSearch.key), each a section of the digest.
    searches: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def of(cls, subscription: Subscription, searches: list[SavedSearch] | None = None
           ) -> "Criteria":
        if searches is None:
            searches = subscription.searches
        return cls(tuple(sorted(subscription.themes or [])),
                   tuple(sorted(subscription.publics or [])),
                   tuple(sorted(subscription.communes or [])), bool(subscription.missions),
                   subscription.territory is not False,
                   tuple(sorted({s.key for s in searches})))


@dataclass
class SearchAlert:
    """The new or changed services of one saved search."""

    key: tuple[str, ...]
    label: str
    #: (service, True when it is new)
    services: list[tuple[object, bool]]

    @property
    def args(self) -> dict[str, str]:
        """The search's URL arguments, to see it again on `/partenaires`."""
        return {k: v for k, v in zip(SavedSearch.FIELDS, self.key, strict=True) if v}


def describe_search(key: tuple[str, ...]) -> str:
    """« aide alimentaire », Sens, thématique Alimentation: what a saved search asks, in words."""
    values = dict(zip(SavedSearch.FIELDS, key, strict=True))
    parts = [f"« {values['q']} »"] if values["q"] else []

    def name(model, slug):
        return db.session.scalar(select(model.name).where(model.slug == slug)) or slug

    if values["commune"]:
        parts.append(f"à {name(Commune, values['commune'])}")
    if values["theme"]:
        parts.append(f"thématique {name(Theme, values['theme'])}")
    if values["public"]:
        parts.append(f"public {name(Public, values['public'])}")
    if values["mode"]:
        parts.append(str(RECEPTION_DETAIL_LABELS.get(values["mode"], values["mode"])).lower())
    return ", ".join(parts) or "tous les services"


@dataclass
class Digest:
    period_start: date
    period_end: date
    events: list[AgendaOccurrence] = field(default_factory=list)
    #: (organisation, True when it is new in the directory)
    listings: list[tuple[Organization, bool]] = field(default_factory=list)
    missions: list[Mission] = field(default_factory=list)
    #: The saved searches that found something new, in the order of their keys.
    searches: list[SearchAlert] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.events or self.listings or self.missions or self.searches)


def period_key(frequency: str, now: datetime) -> str:
    """The digest a run sends, one per subscription: "digest:2026-W49" or "digest:2026-12"."""
    day = paris_day(now)
    if frequency == Frequency.MONTHLY:
        return f"digest:{day.year}-{day.month:02}"
    year, week, _ = day.isocalendar()
    return f"digest:{year}-W{week:02}"


def _theme_slugs(themes) -> frozenset[str]:
    """A theme and its parent: following « Culture » is following « Théâtre » too."""
    return frozenset(slug for t in themes for slug in (t.slug, t.parent.slug if t.parent else None)
                     if slug)


def _matches(chosen: tuple[str, ...], present: frozenset[str]) -> bool:
    return not chosen or not present.isdisjoint(chosen)


@dataclass
class _Item:
    item: object
    themes: frozenset[str]
    publics: frozenset[str]
    communes: frozenset[str]

    def matches(self, criteria: Criteria) -> bool:
        return (_matches(criteria.themes, self.themes) and _matches(criteria.publics, self.publics)
                and _matches(criteria.communes, self.communes))


class DigestSource:
    """Everything a period's digests may hold, loaded once (a few queries); `digest(criteria)`
    then picks each subscription's items in memory, so that a batch of mails costs the same
    whether its subscribers follow the same things or not."""

    def __init__(self, frequency: str, now: datetime):
        span = PERIODS[Frequency(frequency)]
        self.start = paris_day(now)
        self.end = self.start + span - timedelta(days=1)
        since = self.since = now - span
        #: Each saved search's alert, found once for all who saved it.
        self._alerts: dict[tuple[str, ...], SearchAlert | None] = {}
        self.events = [
            _Item(o, _theme_slugs(o.event.themes), frozenset(p.slug for p in o.event.publics),
                  frozenset([o.event.commune.slug]) if o.event.commune else frozenset())
            for o in occurrences(AgendaFilters(start=self.start, end=self.end))
            if not o.is_cancelled
        ]
        orgs = sorted(db.session.scalars(
            select(Organization).where(published_condition(), Organization.last_edited_at > since)
            .options(selectinload(Organization.themes).selectinload(Theme.parent),
                     selectinload(Organization.publics))),
            key=lambda o: (french_order(o.nom), o.id))
        links = _commune_links()
        communes: dict[int, set[str]] = {}
        for org_id, slug in db.session.execute(
                select(links.c.organization_id, Commune.slug)
                .join(Commune, Commune.id == links.c.commune_id)
                .where(links.c.organization_id.in_([o.id for o in orgs]))):
            communes.setdefault(org_id, set()).add(slug)
        self.listings = [
            _Item((org, org.created_at > since), _theme_slugs(org.themes),
                  frozenset(p.slug for p in org.publics), frozenset(communes.get(org.id, ())))
            for org in orgs
        ]
        # A mission without a commune (« à domicile », anywhere) concerns every commune.
        self.missions = [
            (_Item(m, _theme_slugs(m.themes), frozenset(),
                   frozenset([m.commune.slug]) if m.commune else frozenset()), m.commune is None)
            for m in new_missions(since, [], [], self.start)
        ]

    def alert(self, key: tuple[str, ...]) -> SearchAlert | None:
        """The services of a saved search created or changed during the period, or None."""
        if key not in self._alerts:
            values = dict(zip(SavedSearch.FIELDS, key, strict=True))
            services = matching_services(PartnerQuery(
                **{k: v or None for k, v in values.items() if k != "q"}, q=values["q"],
                changed_since=self.since))
            self._alerts[key] = SearchAlert(
                key, describe_search(key),
                [(s, s.created_at > self.since) for s in services]) if services else None
        return self._alerts[key]

    def digest(self, criteria: Criteria) -> Digest:
        alerts = [a for a in map(self.alert, criteria.searches) if a is not None]
        if not criteria.territory:
            return Digest(self.start, self.end, searches=alerts)
        # A mission's publics are whom it serves, not who may volunteer: not a filter.
        for_missions = replace(criteria, publics=())
        anywhere = replace(for_missions, communes=())
        return Digest(
            self.start, self.end,
            [i.item for i in self.events if i.matches(criteria)],
            [i.item for i in self.listings if i.matches(criteria)],
            [i.item for i, everywhere in self.missions
             if i.matches(anywhere if everywhere else for_missions)]
            if criteria.missions else [],
            alerts,
        )


def build_digest(criteria: Criteria, frequency: str, now: datetime) -> Digest:
    return DigestSource(frequency, now).digest(criteria)


def due_subscriptions(frequency: str, key: str) -> list[int]:
    """Active subscriptions of that frequency without a mail for this period yet."""
    done = select(Delivery.subscription_id).where(Delivery.key == key)
    return list(db.session.scalars(
        select(Subscription.id).where(
            Subscription.frequency == frequency,
            Subscription.confirmed_at.is_not(None),
            Subscription.unsubscribed_at.is_(None),
            Subscription.id.not_in(done),
        ).order_by(Subscription.id)
    ))


def retryable_deliveries(key: str, max_attempts: int, stale_before: datetime) -> list[int]:
    """Mails of this period or letter to try again: refused ones (a few times), and those a
    run claimed but never sent (it died before `stale_before`)."""
    return list(db.session.scalars(
        select(Delivery.id).where(Delivery.key == key, or_(
            (Delivery.state == DeliveryState.FAILED) & (Delivery.attempts < max_attempts),
            (Delivery.state == DeliveryState.PENDING) & (Delivery.created_at < stale_before),
        )).order_by(Delivery.id)
    ))


def delivery_counts(key: str) -> dict[str, int]:
    rows = db.session.execute(
        select(Delivery.state, func.count()).where(Delivery.key == key).group_by(Delivery.state)
    ).all()
    return {state: count for state, count in rows}


def indicators(since: datetime | None = None) -> dict[str, int]:
    """For the staff's indicators: subscribers, mails sent, unsubscriptions (opens are not
    tracked)."""
    sent = select(func.count(Delivery.id)).where(Delivery.state == DeliveryState.SENT)
    unsubscribed = select(func.count(Subscription.id)).where(
        Subscription.unsubscribed_at.is_not(None))
    if since is not None:
        sent = sent.where(Delivery.created_at >= since)
        unsubscribed = unsubscribed.where(Subscription.unsubscribed_at >= since)
    active = select(func.count(Subscription.id)).where(
        Subscription.confirmed_at.is_not(None), Subscription.unsubscribed_at.is_(None))
    return {
        "subscribers": db.session.scalar(active) or 0,
        "sent": db.session.scalar(sent) or 0,
        "unsubscribed": db.session.scalar(unsubscribed) or 0,
    }


def _follows(chosen: list[str], targeted: list[str]) -> bool:
    """A subscriber who chose nothing follows everything; a letter that targets nothing is
    for everyone."""
    return not chosen or not targeted or bool(set(chosen) & set(targeted))


def letter_recipients(letter, key: str) -> list[int]:
    """Active subscriptions the letter's themes and communes concern, not yet sent it."""
    done = select(Delivery.subscription_id).where(Delivery.key == key)
    rows = db.session.execute(
        select(Subscription.id, Subscription.themes, Subscription.communes).where(
            Subscription.confirmed_at.is_not(None), Subscription.unsubscribed_at.is_(None),
            Subscription.id.not_in(done)).order_by(Subscription.id)
    ).all()
    return [row.id for row in rows if _follows(row.themes or [], letter.themes or [])
            and _follows(row.communes or [], letter.communes or [])]


def letter_content(letter) -> dict:
    """What a letter shows: its editorial, and the picks still published, in the order chosen."""
    events = {e.id: e for e in db.session.scalars(
        select(Event).where(Event.id.in_(letter.event_ids or []), visible_condition())
        .options(selectinload(Event.commune), selectinload(Event.organization)))}
    orgs = {o.id: o for o in db.session.scalars(
        select(Organization).where(Organization.id.in_(letter.organization_ids or []),
                                   published_condition()))}
    return {
        "editorial_html": render_markdown(letter.editorial),
        "editorial_text": markdown_to_text(letter.editorial),
        "events": [events[i] for i in letter.event_ids or [] if i in events],
        "organizations": [orgs[i] for i in letter.organization_ids or [] if i in orgs],
    }


def pick_choices() -> tuple[list[SelectChoice], list[SelectChoice]]:
    """What a letter may pick: published events of the next three months, published listings."""
    events = db.session.scalars(
        select(Event).where(visible_condition(), Event.ends_at >= datetime.now(UTC),
                            Event.starts_at < datetime.now(UTC) + timedelta(days=92))
        .order_by(Event.starts_at, Event.id).limit(500))
    orgs = db.session.execute(
        select(Organization.id, Organization.nom).where(published_condition())
        .order_by(Organization.nom))
    return ([SelectChoice(e.id, f"{date_fr(e.starts_at, 'd MMM')} – {e.title}") for e in events],
            [SelectChoice(row.id, row.nom) for row in orgs])


def all_letters() -> list[Newsletter]:
    return list(db.session.scalars(select(Newsletter).order_by(Newsletter.id.desc())))


def letter_counts(letter: Newsletter) -> dict[str, int]:
    return delivery_counts(f"letter:{letter.id}")


def recent_jobs() -> list[Job]:
    return recent((DIGEST_JOB, LETTER_JOB), limit=10)
