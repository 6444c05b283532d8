"""The demo agenda: about 150 events over the next six months, from the demo organisations.

Deterministic per (seed, today): a random generator of its own, so that adding events never
changes the organisations drawn before them. About a tenth repeat (weekly, every other week,
monthly, first Saturday, one with an excluded date and one with a changed occurrence); a few are
cancelled, postponed or full, a few wait for moderation.
"""

import random
import uuid
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from directory.agenda import recurrence
from directory.agenda.models import Event, EventAction, EventOverride, EventRevision
from directory.core.dates import PARIS
from directory.core.extensions import db
from directory.core.text import de, slugify
from directory.demo import event_content as content
from directory.listings.models.organization import Organization
from directory.listings.models.place import Place
from directory.taxonomy.models import Commune, Public, Theme
from directory.taxonomy.vocabularies import (
    Accessibility,
    EventStatus,
    Fees,
    ModerationState,
    Status,
)

EVENT_COUNT = 150
REPEATING = 15
HORIZON_DAYS = 182
#: Mixed into the seed so that the agenda's draws never share a sequence with the directory's.
SALT = 0xA9E4DA




class EventBuilder:
    def __init__(self, organizations: list[Organization], seed: int, today: date) -> None:
        self.rng = random.Random(seed * 1_000_003 + SALT)
        self.today = today
        self.organizations = sorted(
            (o for o in organizations if o.status == Status.PUBLISHED and o.archived_at is None),
            key=lambda o: o.slug,
        )
        self.communes = {
            c.slug: c for c in db.session.scalars(select(Commune).where(Commune.in_territory))
        }
        self.themes = {t.slug: t for t in db.session.scalars(select(Theme))}
        self.publics = {p.slug: p for p in db.session.scalars(select(Public))}
        self.uids: set[str] = set(db.session.scalars(select(Event.uid)))
        self.taken: set[tuple[int, str, date]] = set()
        self.venues = self.make_venues()
        #: Events away from the seat go round every commune before any comes back.
        self.away: list[str] = []

    # --- Places ---------------------------------------------------------------------------------

    def make_venues(self) -> dict[str, Place]:
        existing = {
            (p.commune.slug, p.name): p
            for p in db.session.scalars(select(Place).where(Place.is_venue))
        }
        venues = {}
        for slug, name, street in content.VENUES:
            place = existing.get((slug, name))
            if place is None:
                commune = self.communes[slug]
                place = Place(name=name, adresse=f"{self.rng.randint(1, 30)} {street}",
                              code_postal=commune.postal_code, commune=commune, is_venue=True)
                db.session.add(place)
            venues[slug] = place
        return venues

    def next_away_commune(self) -> Commune:
        if not self.away:
            self.away = sorted(self.communes)
            self.rng.shuffle(self.away)
        return self.communes[self.away.pop()]

    def locate(self, event: Event, org: Organization, idea: content.EventIdea) -> None:
        """At the organisation's seat, or (travelling ideas, territory-wide organisations) in
        another commune: a shared venue when it has one, else an address."""
        seat = org.places[0] if org.places else None
        wide = len(org.communes) > 1
        if seat is not None and not (idea.travels or (wide and self.rng.random() < 0.4)):
            event.place, event.commune = seat, seat.commune
            return
        commune = self.next_away_commune()
        if commune.slug in self.venues:
            event.place, event.commune = self.venues[commune.slug], commune
        else:
            event.address = f"{self.rng.choice(content.AWAY_PLACES)}, {commune.name}"
            event.commune = commune

    # --- Dates ----------------------------------------------------------------------------------

    def pick_day(self, idea: content.EventIdea, earliest: int = 1,
                 latest: int = HORIZON_DAYS - 7) -> date:
        """A day in the next six months, in one of the idea's months when it has any."""
        days = [self.today + timedelta(days=n) for n in range(earliest, latest)]
        if idea.on:
            yearly = [d for d in days if (d.month, d.day) == idea.on]
            if yearly:
                return yearly[0]
        if idea.repeat == content.FIRST_SATURDAY:
            days = [d for d in days if d.weekday() == 5 and d.day <= 7]
        if idea.months:
            fitting = [d for d in days if d.month in idea.months]
            days = fitting or days
        day = self.rng.choice(days)
        while day.weekday() not in idea.weekdays:
            day += timedelta(days=1)
        return day

    def set_dates(self, event: Event, idea: content.EventIdea, day: date) -> None:
        if idea.days:
            event.set_days(day, day + timedelta(days=idea.days))
            return
        hour, minute = self.rng.choice(idea.starts)
        start = datetime.combine(day, time(hour, minute), tzinfo=PARIS)
        event.set_times(start.astimezone(UTC),
                        (start + timedelta(minutes=idea.minutes)).astimezone(UTC))

    def repeat(self, event: Event, idea: content.EventIdea, day: date, index: int) -> None:
        kind = idea.repeat
        last = self.today + timedelta(days=HORIZON_DAYS)
        start_time = None if event.all_day else event.starts_at.astimezone(PARIS).timetz()
        if kind == content.WEEKLY:
            until = min(day + timedelta(weeks=self.rng.choice((10, 14, 20))), last)
            event.rrule = recurrence.build_rrule(
                recurrence.WEEKLY, day, all_day=event.all_day, start_time=start_time,
                until=until,
            )
        elif kind == content.BIWEEKLY:
            event.rrule = recurrence.build_rrule(
                recurrence.BIWEEKLY, day, all_day=event.all_day,
                count=self.rng.choice((6, 8, 10)),
            )
        else:  # first Saturday, or the same weekday rank every month
            nth = 1 if kind == content.FIRST_SATURDAY else None
            event.rrule = recurrence.build_rrule(
                recurrence.MONTHLY_WEEKDAY, day, all_day=event.all_day, nth=nth,
                start_time=start_time, until=last,
            )
        starts = list(recurrence.rule_set(event))
        if index % 3 == 0 and len(starts) > 3:
            # A holiday or a room taken: one date of the series is excluded.
            holidays = [s for s in starts[1:] if (s.month, s.day) >= (12, 20)
                        or (s.month, s.day) <= (1, 3)]
            excluded = holidays[0] if holidays else starts[2]
            event.exdates = [excluded.date().isoformat() if event.all_day
                             else excluded.isoformat()]
        elif index % 3 == 1 and len(starts) > 4 and not event.all_day:
            # One date of the series is cancelled (and stays shown as such).
            moment = starts[3]
            event.overrides = [EventOverride(
                recurrence_id=moment.astimezone(UTC), public_status=EventStatus.CANCELLED,
                note="Exceptionnellement annulé cette semaine.",
            )]

    # --- Events ---------------------------------------------------------------------------------

    def ideas_of(self, org: Organization) -> list[content.EventIdea]:
        ideas = []
        for theme in sorted(t.slug for t in org.themes):
            ideas += content.IDEAS.get(theme, ())
        return ideas

    def candidates(self, repeating: bool) -> list[tuple[Organization, content.EventIdea]]:
        return [
            (org, idea)
            for org in self.organizations
            for idea in self.ideas_of(org)
            if (idea.repeat is not None) == repeating
        ]

    def new_uid(self) -> str:
        while True:
            uid = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
            if uid not in self.uids:
                self.uids.add(uid)
                return uid

    def event(self, org: Organization, idea: content.EventIdea, index: int) -> Event:
        rng = self.rng
        event = Event(organization=org, uid=self.new_uid(),
                      moderation_state=ModerationState.PUBLISHED,
                      public_status=EventStatus.SCHEDULED, sequence=0)
        self.locate(event, org, idea)
        title = rng.choice(idea.titles)
        name = event.commune.name
        event.title = title.format(commune=name, de_commune=de(name, proper=True))
        event.slug = slugify(event.title)
        event.description = idea.description
        latest = 45 if idea.repeat else HORIZON_DAYS - 7
        day = self.pick_day(idea, latest=latest)
        # The same organisation never announces the same title twice on one day.
        for _ in range(10):
            if (org.id, event.title, day) not in self.taken:
                break
            day = self.pick_day(idea, latest=latest)
        self.taken.add((org.id, event.title, day))
        self.set_dates(event, idea, day)
        if idea.repeat:
            self.repeat(event, idea, day, index)
        themes = [t for t in sorted(org.themes, key=lambda t: t.slug)
                  if idea in content.IDEAS.get(t.slug, ())]
        event.themes = themes or list(org.themes)[:1]
        event.publics = [self.publics[s] for s in idea.publics]
        if idea.price:
            event.frais, event.price_details = Fees.PAID, idea.price
        else:
            event.frais = Fees.FREE
        if idea.registration:
            event.registration_url = f"https://inscriptions.exemple.org/{org.slug[:60]}"
        event.age_min, event.age_max = idea.age_min, idea.age_max
        if event.place is not None and event.place.is_venue:
            event.accessibility = [Accessibility.MOTOR, Accessibility.HEARING]
        elif org.accessibility and rng.random() < 0.8:
            event.accessibility = list(org.accessibility)
        elif rng.random() < 0.25:
            event.accessibility = [Accessibility.MOTOR]
        # Entered a few days to a few weeks ago, never by the clock: feeds stay stable.
        entered = self.today - timedelta(days=rng.randint(2, 40))
        event.last_modified_at = datetime.combine(entered, time(9 + rng.randint(0, 9)),
                                                  tzinfo=PARIS).astimezone(UTC)
        event.series_ends_at = recurrence.series_end(event)
        return event

    def build(self) -> list[Event]:
        rng = self.rng
        repeating = self.candidates(repeating=True)
        single = self.candidates(repeating=False)
        if not single:
            return []
        # Every kind of repetition first (one organisation each), then any.
        by_idea: dict[content.EventIdea, list] = {}
        for org, idea in repeating:
            by_idea.setdefault(idea, []).append((org, idea))
        plan = [rng.choice(pairs) for pairs in by_idea.values()]
        rng.shuffle(plan)
        plan = plan[:REPEATING]
        rest = [pair for pair in repeating if pair not in plan]
        plan += rng.sample(rest, min(REPEATING - len(plan), len(rest)))
        # Every idea once (the agenda shows the whole range of a territory's life), then one
        # event per organisation not in it yet, then more, an idea coming back twice at most.
        ideas: dict[content.EventIdea, list] = {}
        for org, idea in single:
            ideas.setdefault(idea, []).append((org, idea))
        each = [rng.choice(pairs) for pairs in ideas.values()]
        rng.shuffle(each)
        plan += each[: EVENT_COUNT - len(plan)]
        planned = {id(org) for org, _ in plan}
        by_org: dict[int, list] = {}
        for org, idea in single:
            if id(org) not in planned:
                by_org.setdefault(id(org), []).append((org, idea))
        firsts = [rng.choice(pairs) for pairs in by_org.values()]
        rng.shuffle(firsts)
        plan += firsts[: EVENT_COUNT - len(plan)]
        uses = {idea: sum(1 for _, i in plan if i == idea) for _, idea in single}
        pool = list(single)
        rng.shuffle(pool)
        for org, idea in pool * 3:
            if len(plan) >= EVENT_COUNT:
                break
            if idea.on and (org, idea) in plan:
                continue  # a fixed-date idea would be the same event twice
            if uses[idea] < 2 or len(pool) < EVENT_COUNT:
                plan.append((org, idea))
                uses[idea] += 1
        while len(plan) < EVENT_COUNT:
            plan.append(rng.choice(single))
        events = [self.event(org, idea, i) for i, (org, idea) in enumerate(plan)]
        self.set_states(events)
        return events

    def set_states(self, events: list[Event]) -> None:
        """A few cancelled, postponed, full; a few waiting for the staff."""
        rng = self.rng
        single = [e for e in events if not e.is_recurring]
        picked = rng.sample(single, 14)
        for event in picked[:4]:
            event.public_status = EventStatus.CANCELLED
            event.sequence = 1
        for event in picked[4:6]:
            event.public_status = EventStatus.POSTPONED
            event.sequence = 1
        with_registration = [e for e in single if e.registration_url and e not in picked]
        for event in rng.sample(with_registration, min(3, len(with_registration))):
            event.public_status = EventStatus.FULL
            event.sequence = 1
        for event in picked[6:12]:
            event.moderation_state = ModerationState.SUBMITTED
        for event in picked[12:]:
            event.moderation_state = ModerationState.DRAFT


def add_demo_events(organizations: list[Organization], seed: int, today: date) -> list[Event]:
    """Build the demo events of these organisations and add them to the session (no commit),
    each with the first entries of its history (created, then cancelled, postponed…)."""
    from directory.agenda.operations import snapshot_of

    events = EventBuilder(organizations, seed, today).build()
    db.session.add_all(events)
    db.session.flush()
    later = {
        EventStatus.CANCELLED: EventAction.CANCEL,
        EventStatus.POSTPONED: EventAction.POSTPONE,
        EventStatus.FULL: EventAction.FULL,
    }
    for event in events:
        final = snapshot_of(event)
        steps = [(EventAction.CREATE, ModerationState.DRAFT, EventStatus.SCHEDULED)]
        if event.moderation_state != ModerationState.DRAFT:
            steps.append((EventAction.SUBMIT, ModerationState.SUBMITTED, EventStatus.SCHEDULED))
        if event.moderation_state == ModerationState.PUBLISHED:
            steps.append((EventAction.PUBLISH, ModerationState.PUBLISHED, EventStatus.SCHEDULED))
        if event.public_status in later:
            steps.append((later[event.public_status], event.moderation_state,
                          event.public_status))
        for number, (action, state, status) in enumerate(steps, start=1):
            snapshot = {**final, "moderation_state": state, "public_status": status}
            db.session.add(EventRevision(
                event_id=event.id, number=number, action=action, snapshot=snapshot,
                created_at=event.last_modified_at - timedelta(hours=len(steps) - number),
            ))
    return events


def count_events() -> int:
    return db.session.scalar(select(func.count(Event.id))) or 0
