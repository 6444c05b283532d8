"""factory_boy factories with French values; they flush, the test commits."""

import factory
from sqlalchemy import select

from directory.extensions import db
from directory.models import (
    Commune,
    Contact,
    Membership,
    Organization,
    Place,
    Public,
    Service,
    Theme,
    User,
)
from directory.models.base import utcnow
from directory.text import slugify
from directory.vocabularies import OrganizationKind, Status


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
