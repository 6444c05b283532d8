"""factory_boy factories with French values; they flush, the test commits."""

from datetime import timedelta

import factory
from sqlalchemy import select

from directory.accounts.models import User
from directory.agenda.models import Event
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.core.text import slugify
from directory.listings.models.contact import Contact
from directory.listings.models.membership import Membership
from directory.listings.models.organization import Organization
from directory.listings.models.place import Place
from directory.listings.models.service import Service
from directory.taxonomy.models import Commune, Public, Theme
from directory.taxonomy.vocabularies import ModerationState, OrganizationKind, Status


class Base(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


def commune(slug: str) -> Commune:
    return db.session.scalars(select(Commune).where(Commune.slug == slug)).one()


def theme(slug: str) -> Theme:
    return db.session.scalars(select(Theme).where(Theme.slug == slug)).one()


def public(slug: str) -> Public:
    return db.session.scalars(select(Public).where(Public.slug == slug)).one()


class PlaceFactory(Base):
    class Meta:
        model = Place

    name = "Salle des fêtes"
    adresse = factory.Sequence(lambda n: f"{n + 1} rue de la République")
    commune = factory.LazyFunction(lambda: commune("pont-sur-yonne"))


class OrganizationFactory(Base):
    class Meta:
        model = Organization

    kind = OrganizationKind.ASSOCIATION
    nom = factory.Sequence(lambda n: f"Association culturelle n° {n + 1}")
    slug = factory.LazyAttribute(lambda o: slugify(o.nom))
    presentation_resume = "Activités pour tous les habitants du territoire."
    description = "Une association **fictive** créée pour les tests."
    status = Status.PUBLISHED


class ServiceFactory(Base):
    class Meta:
        model = Service

    organization = factory.SubFactory(OrganizationFactory)
    nom = factory.Sequence(lambda n: f"Atelier n° {n + 1}")
    horaires = "Mardi 18 h 30 – 20 h"
    frais = "payant"
    frais_precisions = "60 € l'année"


class ContactFactory(Base):
    class Meta:
        model = Contact

    organization = factory.SubFactory(OrganizationFactory)
    label = "Accueil"
    telephone = "03 86 00 00 00"
    courriel = factory.Sequence(lambda n: f"contact{n}@exemple.org")


class UserFactory(Base):
    """A verified account without password (signs in by link) unless `password=` is given."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"benevole{n}@exemple.fr")
    name = factory.Sequence(lambda n: f"Camille Martin {n + 1}")
    email_verified_at = factory.LazyFunction(utcnow)

    @classmethod
    def _create(cls, model_class, *args, password=None, **kwargs):
        user = model_class(*args, **kwargs)
        if password:
            user.set_password(password)
        db.session.add(user)
        db.session.flush()
        return user


class MembershipFactory(Base):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "gestionnaire"


# --- Agenda (agenda_browse) ------------------------------------------------------------------


def paris_time(day, hour: int = 14, minute: int = 30):
    """An aware Europe/Paris datetime on `day` (a date) at hour:minute."""
    from datetime import datetime, time

    from directory.core.dates import PARIS

    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def _in_a_week():
    from directory.core.dates import today_paris

    return paris_time(today_paris() + timedelta(days=7))


class EventFactory(Base):
    """A published, timed event next week in Pont-sur-Yonne, 14 h 30 – 16 h 30 (Paris).

    Give `starts_at`/`ends_at` (aware) for other times, or `start_date` (and `end_date`,
    exclusive, default the day after) for an all-day event. `series_ends_at` is computed, as
    operations.events.touch() does.
    """

    class Meta:
        model = Event

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Concert de la chorale n° {n + 1}")
    slug = factory.LazyAttribute(lambda e: slugify(e.title))
    description = "Un concert **fictif**, entrée libre."
    starts_at = factory.LazyFunction(_in_a_week)
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + timedelta(hours=2))
    commune = factory.LazyFunction(lambda: commune("pont-sur-yonne"))
    moderation_state = ModerationState.PUBLISHED

    @classmethod
    def _create(cls, model_class, *args, start_date=None, end_date=None, **kwargs):
        from directory.agenda import recurrence

        overrides = kwargs.pop("overrides", [])
        event = model_class(*args, **kwargs)
        if start_date is not None:
            event.set_days(start_date, end_date or start_date + timedelta(days=1))
        for override in overrides:
            event.overrides.append(override)
        event.series_ends_at = recurrence.series_end(event)
        db.session.add(event)
        db.session.flush()
        return event


def member_of(org, **kwargs):
    """A new account, member of `org`."""
    return MembershipFactory(organization=org, **kwargs).user


def organization(nom, themes=(), publics=(), communes=(), **fields):
    """An organisation classified by theme, public and commune slugs."""
    org = OrganizationFactory(nom=nom, **fields)
    org.themes.extend(theme(slug) for slug in themes)
    org.publics.extend(public(slug) for slug in publics)
    org.communes.extend(commune(slug) for slug in communes)
    return org
