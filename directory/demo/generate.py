"""Builds the fictional demo directory and large synthetic territories, deterministically per seed.

Every random draw comes from one `random.Random(seed)` in a fixed order, and no draw depends on
the reference date: the same seed gives the same names, slugs and services whatever the day,
while dates (last edit, notices) are placed relative to the `today` given.
"""

import random
import re
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock

from sqlalchemy import func, insert, select

from directory.core.dates import PARIS
from directory.core.extensions import db
from directory.core.text import de, fold, slugify
from directory.demo import content
from directory.demo import partners as partner_demo
from directory.listings.identifiers import LA_POSTE_SIREN
from directory.listings.models.contact import Contact
from directory.listings.models.organization import (
    Organization,
    organization_communes,
    organization_publics,
    organization_themes,
)
from directory.listings.models.place import Place
from directory.listings.models.service import Service, service_publics
from directory.taxonomy.models import Commune, Public, Theme
from directory.taxonomy.territory import sync_taxonomy, sync_territory
from directory.taxonomy.vocabularies import (
    ContactVisibility,
    OrganizationKind,
    ReceptionMode,
    Status,
)

DEFAULT_SEED = 89


class Referential:
    """Communes, themes and publics by slug, loaded (and synced) once."""

    def __init__(self) -> None:
        sync_territory()
        sync_taxonomy()
        self.communes = {
            c.slug: c for c in db.session.scalars(select(Commune).where(Commune.in_territory))
        }
        self.themes = {t.slug: t for t in db.session.scalars(select(Theme))}
        self.publics = {p.slug: p for p in db.session.scalars(select(Public))}
        # Sorted so that iteration order never depends on the database.
        self.commune_slugs = sorted(self.communes)


# --- Identifiers and small values -------------------------------------------------------------


def luhn_check_digit(digits: str) -> str:
    """The digit that makes `digits + digit` pass the Luhn check."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        n = int(char)
        if position % 2 == 0:  # doubled: these become odd positions once the digit is appended
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return str((10 - total % 10) % 10)


def fake_siret(rng: random.Random) -> str:
    """14 digits with valid SIREN and SIRET keys (never La Poste's SIREN)."""
    while True:
        siren = "".join(rng.choices("0123456789", k=8))
        siren += luhn_check_digit(siren)
        if siren != LA_POSTE_SIREN and siren[0] != "0":
            break
    nic = f"000{rng.randint(1, 9)}"  # 0001 … 0009, as for most small establishments
    return siren + nic + luhn_check_digit(siren + nic)


def fake_phone(rng: random.Random) -> str:
    prefix = content.PHONE_PREFIXES[0] if rng.random() < 0.8 else content.PHONE_PREFIXES[1]
    return f"{prefix} {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"




def initials(text: str) -> str:
    words = re.findall(r"[A-ZÉÈÀ][\w']*", text)
    return "".join(w[0] for w in words).replace("É", "E")


def paris_datetime(day: date, minutes: int) -> datetime:
    local = datetime.combine(day, clock(8), tzinfo=PARIS) + timedelta(minutes=minutes)
    return local.astimezone(UTC)


def notice_dates(today: date, start: tuple[int, int], end: tuple[int, int]) -> tuple[date, date]:
    """The next (or current) occurrence of a yearly closure."""
    starts = date(today.year, *start)
    ends = date(today.year + (end < start), *end)
    if ends < today:
        starts, ends = starts.replace(year=starts.year + 1), ends.replace(year=ends.year + 1)
    return starts, ends


# --- Demo data set ----------------------------------------------------------------------------


class DemoBuilder:
    """Turns the content module into ORM objects; one instance per load."""

    def __init__(self, ref: Referential, seed: int, today: date) -> None:
        self.ref = ref
        self.rng = random.Random(seed)
        self.today = today
        # Loading twice adds a second set beside the first rather than failing on unique keys.
        self.slugs: set[str] = set(db.session.scalars(select(Organization.slug)))
        self.names: set[str] = set(db.session.scalars(select(Organization.nom)))
        self.rnas: set[str] = set(
            db.session.scalars(select(Organization.rna).where(Organization.rna.is_not(None)))
        )
        #: Contacts hang off organisations through a view-only relationship: added explicitly.
        self.contacts: list[Contact] = []

    def build(self) -> list[Organization]:
        organizations = [self.association(*args) for args in self.association_plan()]
        organizations += [self.structure(s) for s in content.STRUCTURES]
        self.set_statuses(organizations)
        return organizations

    def association_plan(self) -> list[tuple[content.Archetype, int, str]]:
        """(archetype, instance number, seat commune): every commune seats at least one."""
        rng = self.rng
        instances = [(a, i) for a in content.ARCHETYPES for i in range(a.count)]
        communes = list(self.ref.commune_slugs)
        rng.shuffle(communes)
        weights = [content.COMMUNE_WEIGHTS.get(s, 1) for s in self.ref.commune_slugs]
        extra = rng.choices(self.ref.commune_slugs, weights, k=len(instances) - len(communes))
        seats = communes + extra
        rng.shuffle(instances)
        return [(a, i, seat) for (a, i), seat in zip(instances, seats, strict=True)]

    def unique_slug(self, name: str) -> str:
        base = slug = slugify(name)
        n = 2
        while slug in self.slugs:
            slug, n = f"{base}-{n}", n + 1
        self.slugs.add(slug)
        return slug

    def association_name(self, archetype: content.Archetype, number: int,
                         seat: Commune) -> str | None:
        """A name of this kind not given yet in this commune, or None."""
        patterns = list(archetype.names)
        if number < len(patterns):
            patterns = [patterns[number]] + patterns
        for pattern in patterns:
            name = pattern.format(de_commune=de(seat.name, proper=True))
            if name not in self.names:
                return name
        return None

    def free_seat(self, archetype: content.Archetype, number: int,
                  seat: Commune) -> tuple[Commune, str]:
        """The seat and a free name; when every name of the kind is taken there (three
        comités des fêtes in one village), the next commune that has none: never « (7) »."""
        slugs = self.ref.commune_slugs
        start = slugs.index(seat.slug) if seat.slug in slugs else 0
        for slug in slugs[start:] + slugs[:start]:
            candidate = self.ref.communes[slug]
            name = self.association_name(archetype, number, candidate)
            if name is not None:
                return candidate, name
        base = archetype.names[0].format(de_commune=de(seat.name, proper=True))
        return seat, f"{base} – {number + 1}"  # more of this kind than communes

    def association(
        self, archetype: content.Archetype, number: int, seat_slug: str
    ) -> Organization:
        rng, ref = self.rng, self.ref
        seat, nom = self.free_seat(archetype, number, ref.communes[seat_slug])
        self.names.add(nom)
        org = Organization(kind=OrganizationKind.ASSOCIATION, nom=nom, slug=self.unique_slug(nom))
        if archetype.sigle and rng.random() < 0.6:
            # "JC" + "PSY" only for "Judo Club de Pont-sur-Yonne", not for "Dojo de …".
            usual = nom.startswith(archetype.names[0].split("{")[0])
            org.sigle = (archetype.sigle if usual else initials(nom)[:1]) + initials(seat.name)
        elif rng.random() < 0.1:
            org.sigle = initials(nom)[:8] or None
        if rng.random() < 0.9:
            org.rna = self.fake_rna()
        org.presentation_resume = rng.choice(archetype.resumes)
        activities = self.pick_activities(archetype.activities)
        year = rng.randint(1950, 2022)
        paragraphs = [
            archetype.intro
            + " "
            + rng.choice(content.FOUNDING_SENTENCES).format(year=year, commune=seat.name),
            "**Nos activités :**\n\n" + "\n".join(f"- {a.nom}" for a in activities),
            rng.choice(content.CLOSING_SENTENCES),
            content.FICTION_NOTICE,
        ]
        org.description = "\n\n".join(paragraphs)
        org.themes = [ref.themes[s] for s in archetype.themes]
        org.publics = self.publics_of(archetype.publics, activities)
        if archetype.intercommunal:
            org.communes = [ref.communes[s] for s in ref.commune_slugs]
        else:
            neighbours = rng.sample(ref.commune_slugs, k=rng.choice((0, 0, 0, 1, 2)))
            org.communes = [seat] + [ref.communes[s] for s in neighbours if s != seat.slug]
        place = self.place(seat, rng.choice(content.VENUES))
        org.places = [place]
        org.services = [
            self.service(a, place, archetype.themes, i) for i, a in enumerate(activities)
        ]
        self.reach(org, contact_count=rng.choice((1, 1, 2)), professional=False)
        if rng.random() < 0.2:
            org.horaires_accueil = f"Permanence le {rng.choice(content.DAYS).lower()} 10 h – 12 h"
        fees = archetype.fees or ("15 € l'année", "20 € par famille", "10 € par adhérent")
        org.membership_fee = rng.choice(fees) if rng.random() < 0.7 else None
        if rng.random() < 0.3:
            org.volunteers_wanted = True
            org.volunteers_details = rng.choice(content.VOLUNTEER_TEXTS)
        self.common(org)
        return org

    def structure(self, spec: content.Structure) -> Organization:
        rng, ref = self.rng, self.ref
        org = Organization(kind=spec.kind, nom=spec.nom, slug=self.unique_slug(spec.nom))
        self.names.add(spec.nom)
        org.sigle = spec.sigle
        if rng.random() < 0.7:
            org.siret = fake_siret(rng)
        org.presentation_resume = spec.resume
        seat = ref.communes[spec.commune]
        org.places = [self.place(seat, spec.place_name or rng.choice(content.VENUES[:5]))]
        org.places += [
            self.place(ref.communes[s], "Permanence en mairie") for s in spec.extra_sites
        ]
        sites = ", ".join(p.commune.name for p in org.places)
        org.description = "\n\n".join(
            [
                spec.intro,
                "**Ce que nous proposons :**\n\n"
                + "\n".join(f"- {a.nom}" for a in spec.activities),
                f"**Où nous trouver :** {sites}. "
                + (f"Accueil : {spec.horaires}." if spec.horaires else ""),
                content.FICTION_NOTICE,
            ]
        )
        org.horaires_accueil = spec.horaires
        org.themes = [ref.themes[s] for s in spec.themes]
        org.publics = self.publics_of(spec.publics, spec.activities)
        org.communes = [ref.communes[s] for s in (spec.communes or ref.commune_slugs)]
        org.services = [
            self.service(a, org.places[0], spec.themes, i, all_communes=not spec.communes)
            for i, a in enumerate(spec.activities)
        ]
        self.reach(org, contact_count=1, professional=rng.random() < 0.6)
        self.contacts += partner_demo.describe(org, fake_phone)
        self.common(org)
        return org

    def fake_rna(self) -> str:
        while True:
            rna = f"W891{self.rng.randint(0, 999999):06d}"
            if rna not in self.rnas:
                self.rnas.add(rna)
                return rna

    def pick_activities(self, activities: tuple) -> list[content.Activity]:
        count = self.rng.randint(1, min(4, len(activities)))
        chosen = set(self.rng.sample(range(len(activities)), count))
        return [a for i, a in enumerate(activities) if i in chosen]

    def publics_of(self, publics: tuple[str, ...], activities) -> list[Public]:
        slugs = list(dict.fromkeys([*publics, *(p for a in activities for p in a.publics)]))
        return [self.ref.publics[s] for s in slugs]

    def place(self, commune: Commune, name: str | None) -> Place:
        rng = self.rng
        place = Place(
            name=name,
            adresse=f"{rng.randint(1, 40)} {rng.choice(content.STREETS)}",
            code_postal=commune.postal_code,
            commune=commune,
        )
        centre = content.COMMUNE_COORDINATES.get(commune.slug)
        jitter = (rng.uniform(-0.004, 0.004), rng.uniform(-0.004, 0.004))
        if centre and rng.random() < 0.7:
            place.latitude = round(centre[0] + jitter[0], 5)
            place.longitude = round(centre[1] + jitter[1], 5)
        return place

    def schedule(self, activity) -> str:
        """Days and hours that fit who comes: children after school or on Wednesdays,
        seniors in the daytime on weekdays, what a name announces (« Mercredis… »)."""
        rng = self.rng
        suffix = rng.choice(content.SCHEDULE_SUFFIXES)
        name = activity.nom.lower()
        if "vacances" in name:
            return "Du lundi au vendredi, 8 h 30 – 17 h 30, pendant les vacances scolaires"
        days, slots = list(content.DAYS), list(content.SLOTS)
        seniors = set(activity.publics) == {"seniors"} or (activity.age_min or 0) >= 55
        children = activity.age_max is not None and activity.age_max < 18
        if seniors:
            days, slots = days[:5], slots[:4]  # weekdays, in the daytime
        day = next((d for d in content.DAYS if d.lower() in name), None) or rng.choice(days)
        if children:
            # At school until late afternoon, free on Wednesdays and Saturdays; never late.
            slots = slots[:6] if day in ("Mercredi", "Samedi") else slots[4:6]
        slot = rng.choice(slots)
        if "week-end" in suffix and day != "Samedi":
            suffix = ""
        return f"{day} {slot}{suffix}"

    def service(self, activity, place, themes, position, all_communes=False) -> Service:
        schedule = self.schedule(activity)
        service = Service(
            nom=activity.nom,
            type=activity.type,
            description=activity.description,
            age_min=activity.age_min,
            age_max=activity.age_max,
            horaires=schedule,
            place=place,
            frais=activity.frais,
            frais_precisions=activity.frais_precisions,
            modes_accueil=[ReceptionMode.ON_SITE],
            position=position,
        )
        service.themes = [self.ref.themes[themes[0]]]
        service.publics = [self.ref.publics[s] for s in activity.publics]
        if all_communes:
            service.communes = [self.ref.communes[s] for s in self.ref.commune_slugs]
        return service

    def reach(self, org: Organization, contact_count: int, professional: bool) -> None:
        """Phone, email, website, social links and contacts (all fictional)."""
        rng = self.rng
        local = org.slug if len(org.slug) <= 40 else org.slug[:40].rsplit("-", 1)[0]
        org.telephone = fake_phone(rng)
        org.courriel = f"{local}@{content.EMAIL_DOMAIN}"
        if rng.random() < 0.45:
            org.site_web = f"https://{local}.{content.EMAIL_DOMAIN}"
        if rng.random() < 0.35:
            org.social_links = [
                {"label": "Facebook", "url": f"https://facebook.{content.EMAIL_DOMAIN}/{local}"}
            ]
        labels = rng.sample(content.CONTACT_LABELS, contact_count)
        contacts = [
            Contact(
                label=label,
                telephone=fake_phone(rng),
                courriel=f"{slugify(label)}.{local}@{content.EMAIL_DOMAIN}",
                position=i,
            )
            for i, label in enumerate(labels)
        ]
        if professional:
            label = rng.choice(content.PRO_CONTACT_LABELS)
            contacts.append(
                Contact(
                    label=label,
                    telephone=fake_phone(rng),
                    courriel=f"pro.{local}@{content.EMAIL_DOMAIN}",
                    visibility=ContactVisibility.PROFESSIONALS,
                    position=len(contacts),
                )
            )
        for contact in contacts:
            contact.organization = org
        self.contacts += contacts

    def common(self, org: Organization) -> None:
        """Accessibility, notices and dates, shared by associations and structures."""
        rng = self.rng
        if rng.random() < 0.5:
            flags = ["moteur"] + [f for f in ("auditif", "visuel", "mental") if rng.random() < 0.25]
            org.accessibility = flags
            org.accessibility_details = rng.choice(content.ACCESSIBILITY_DETAILS)
        if rng.random() < 0.08:
            text, start, end = rng.choice(content.NOTICES)
            org.notice = text
            org.notice_starts_on, org.notice_ends_on = notice_dates(self.today, start, end)
        edited_days, minutes = rng.randint(0, 730), rng.randint(0, 600)
        verified_after = rng.randint(0, 400)
        org.last_edited_at = paris_datetime(self.today - timedelta(days=edited_days), minutes)
        if rng.random() < 0.85:
            verified = self.today - timedelta(days=max(0, edited_days - verified_after))
            org.last_verified_at = paris_datetime(verified, minutes + 30)
        org.status = Status.PUBLISHED

    def set_statuses(self, organizations: list[Organization]) -> None:
        """A few drafts and archived associations, the rest published; two current notices."""
        associations = [o for o in organizations if o.kind == OrganizationKind.ASSOCIATION]
        picked = self.rng.sample(associations, 6)
        for org in picked[:4]:
            org.status = Status.DRAFT
        for org in picked[4:]:
            org.status = Status.ARCHIVED
            org.archived_at = org.last_edited_at
        published = [o for o in organizations if o.status == Status.PUBLISHED]
        for org in self.rng.sample(published, 2):
            org.notice = content.CURRENT_NOTICE
            org.notice_starts_on = self.today - timedelta(days=10)
            org.notice_ends_on = self.today + timedelta(days=45)


def has_organizations() -> bool:
    return db.session.scalar(select(Organization.id).limit(1)) is not None


def load_demo(seed: int = DEFAULT_SEED, today: date | None = None) -> int:
    """Add the demo directory, commit once, bring the search index in step; returns the count."""
    from directory.core.dates import today_paris

    today = today or today_paris()
    builder = DemoBuilder(Referential(), seed, today)
    organizations = builder.build()
    db.session.add_all(organizations)
    db.session.add_all(builder.contacts)
    from directory.demo.events import add_demo_events

    add_demo_events(organizations, seed, today)
    from directory.demo.missions import add_demo_missions

    add_demo_missions(today)
    from directory.pathways.demo import add_demo_pathways

    db.session.flush()
    add_demo_pathways()
    db.session.commit()
    refresh_search_index()
    return len(organizations)


def refresh_search_index() -> None:
    from directory import search

    reindex = getattr(search, "reindex", None)
    if reindex is not None:
        reindex()


# --- Synthetic territories (benchmarks) -------------------------------------------------------


def zipf_cum_weights(n: int) -> list[float]:
    """Word frequencies falling as 1/rank, like real text."""
    total, cum = 0.0, []
    for rank in range(1, n + 1):
        total += 1 / rank
        cum.append(total)
    return cum


def synthetic_vocabulary() -> list[str]:
    """Everyday words of the demo texts, most frequent first in a stable order.

    Activity words (judo, théâtre…) are left out: each organisation gets its own activity
    word instead, so that "judo" finds the judo clubs and not a fifth of the territory.
    """
    texts = [a.intro for a in content.ARCHETYPES] + [s.intro for s in content.STRUCTURES]
    texts += [r for a in content.ARCHETYPES for r in a.resumes]
    words = list(content.SYNTH_WORDS)
    for text in texts:
        words += [w.lower() for w in re.findall(r"[^\W\d_]{3,}", text)]
    stems = tuple(fold(a)[:4] for a in content.SYNTH_ACTIVITIES)
    return [w for w in dict.fromkeys(words) if not fold(w).startswith(stems)]


class SyntheticBuilder:
    """Plain row dicts for Core bulk inserts (no ORM objects, no search outbox)."""

    def __init__(self, ref: Referential, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.vocabulary = synthetic_vocabulary()
        self.cum_weights = zipf_cum_weights(len(self.vocabulary))
        self.commune_ids = [ref.communes[s].id for s in ref.commune_slugs]
        self.commune_names = [ref.communes[s].name for s in ref.commune_slugs]
        self.theme_ids = {s: t.id for s, t in ref.themes.items()}
        self.child_themes = sorted(s for s, t in ref.themes.items() if t.parent_id is not None)
        self.public_ids = [ref.publics[s].id for s in sorted(ref.publics)]
        self.now = datetime.combine(today, clock(12), tzinfo=UTC)

    def words(self, count: int) -> str:
        return " ".join(self.rng.choices(self.vocabulary, cum_weights=self.cum_weights, k=count))

    def organization(self, number: int) -> tuple[dict, list[int], list[int], list[int], list[dict]]:
        rng = self.rng
        activity = rng.choice(content.SYNTH_ACTIVITIES)
        commune = rng.randrange(len(self.commune_ids))
        prefix, qualifier = rng.choice(content.SYNTH_PREFIXES), rng.choice(content.SYNTH_QUALIFIERS)
        nom = f"{prefix} {de(activity, proper=True)} {qualifier}"
        if rng.random() < 0.5:
            nom += f" {de(self.commune_names[commune], proper=True)}"
        kind = (
            OrganizationKind.ASSOCIATION
            if rng.random() < 0.85
            else rng.choice((OrganizationKind.PARTNER, OrganizationKind.PUBLIC_SERVICE))
        )
        edited = self.now - timedelta(days=rng.randint(0, 730))
        sentences = [self.words(rng.randint(8, 20)) for _ in range(rng.randint(3, 6))]
        for _ in range(rng.randint(1, 2)):  # the activity, singular or plural, once or twice
            mention = activity if rng.random() < 0.7 else activity + "s"
            i = rng.randrange(len(sentences))
            sentences[i] = f"{sentences[i]} {mention}"
        if rng.random() < 0.2:
            sentences[-1] += f" et {rng.choice(content.SYNTH_ACTIVITIES)}"
        description = ". ".join(s.capitalize() for s in sentences)
        row = {
            "kind": str(kind),
            "nom": nom[:150],
            "slug": f"{slugify(nom, 150)}-{number}",
            "presentation_resume": f"{activity.capitalize()} : {self.words(rng.randint(6, 14))}.",
            "description": description + ".",
            "status": str(Status.PUBLISHED if rng.random() < 0.95 else Status.DRAFT),
            "social_links": [],
            "accessibility": [],
            "volunteers_wanted": rng.random() < 0.2,
            "last_edited_at": edited,
            "created_at": edited,
            "updated_at": edited,
        }
        theme = self.theme_ids[content.SYNTH_ACTIVITY_THEMES[activity]]
        themes = {theme} | {
            self.theme_ids[s] for s in rng.sample(self.child_themes, rng.randint(0, 1))
        }
        publics = rng.sample(self.public_ids, rng.randint(1, 3))
        communes = {self.commune_ids[commune]} | set(
            rng.sample(self.commune_ids, rng.choice((0, 0, 1, 2)))
        )
        services = [
            {
                "nom": f"{rng.choice(('Atelier', 'Cours', 'Séance', 'Permanence'))} {activity} "
                f"{self.words(2)}",
                "horaires": f"{rng.choice(content.DAYS)} {rng.choice(content.SLOTS)}",
                "description": self.words(rng.randint(10, 30)),
                "frais": rng.choice(("gratuit", "payant")),
                "modes_accueil": [],
                "modes_mobilisation": [],
                "position": i,
                "created_at": edited,
                "updated_at": edited,
                "_publics": rng.sample(self.public_ids, rng.randint(1, 2)),
            }
            for i in range(rng.randint(0, 3))
        ]
        return row, sorted(themes), publics, sorted(communes), services


def chunks(total: int, size: int) -> Iterator[range]:
    for start in range(0, total, size):
        yield range(start, min(total, start + size))


def load_synthetic(
    size: int, seed: int = DEFAULT_SEED, today: date = date(2026, 1, 15), reindex: bool = True
) -> dict[str, float]:
    """Insert `size` synthetic organisations with Core bulk inserts, commit, reindex once.

    Returns timings in seconds ({"insert": …, "index": …}).
    """
    started = time.perf_counter()
    ref = Referential()
    db.session.commit()
    builder = SyntheticBuilder(ref, seed, today)
    offset = db.session.scalar(select(func.count(Organization.id))) or 0
    org_table, service_table = Organization.__table__, Service.__table__
    for numbers in chunks(size, 5000):
        built = [builder.organization(offset + n) for n in numbers]
        org_ids = (
            db.session.execute(
                insert(org_table).returning(org_table.c.id, sort_by_parameter_order=True),
                [b[0] for b in built],
            )
            .scalars()
            .all()
        )
        links = {organization_themes: [], organization_publics: [], organization_communes: []}
        service_rows, service_publics_ids = [], []
        for org_id, (_, themes, publics, communes, services) in zip(org_ids, built, strict=True):
            links[organization_themes] += [
                {"organization_id": org_id, "theme_id": t} for t in themes
            ]
            links[organization_publics] += [
                {"organization_id": org_id, "public_id": p} for p in publics
            ]
            links[organization_communes] += [
                {"organization_id": org_id, "commune_id": c} for c in communes
            ]
            for service in services:
                service_publics_ids.append(service.pop("_publics"))
                service_rows.append({**service, "organization_id": org_id})
        for table, rows in links.items():
            db.session.execute(insert(table), rows)
        if service_rows:
            service_ids = (
                db.session.execute(
                    insert(service_table).returning(
                        service_table.c.id, sort_by_parameter_order=True
                    ),
                    service_rows,
                )
                .scalars()
                .all()
            )
            rows = [
                {"service_id": sid, "public_id": p}
                for sid, publics in zip(service_ids, service_publics_ids, strict=True)
                for p in publics
            ]
            db.session.execute(insert(service_publics), rows)
    db.session.commit()
    inserted = time.perf_counter()
    if reindex:
        refresh_search_index()
    return {"insert": inserted - started, "index": time.perf_counter() - inserted}
