"""Factories of volunteer missions (French values)."""

from datetime import timedelta

import factory

from directory.core.dates import today_paris
from directory.volunteering.models import Mission, Regularity
from tests.factories import Base, OrganizationFactory, commune, public, theme


class MissionFactory(Base):
    """An open, regular mission in Cuy, started last week, without an end."""

    class Meta:
        model = Mission

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Accompagner les sorties n° {n + 1}")
    description = "Aider l'équipe à encadrer les sorties du samedi."
    regularity = Regularity.REGULAR
    schedule = "le samedi matin"
    frequency = "deux fois par mois"
    commune = factory.LazyFunction(lambda: commune("cuy"))
    starts_on = factory.LazyFunction(lambda: today_paris() - timedelta(days=7))


def mission(title, themes=(), publics=(), **fields) -> Mission:
    item = MissionFactory(title=title, **fields)
    item.themes.extend(theme(slug) for slug in themes)
    item.publics.extend(public(slug) for slug in publics)
    return item
