"""Volunteer missions of the demo: what associations of a rural territory really look for."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from directory.core.extensions import db
from directory.listings.models.organization import Organization
from directory.taxonomy.models import Commune, Public, Theme
from directory.volunteering.models import Mission, Regularity


@dataclass(frozen=True)
class MissionIdea:
    organization: str  # the demo listing's name
    title: str
    description: str
    regularity: str
    frequency: str | None
    schedule: str | None
    commune: str
    place: str | None
    skills: str | None
    themes: tuple[str, ...]
    publics: tuple[str, ...]
    #: Days from the demo's reference day to the start, and length in days (None: open-ended).
    starts_in: int = 0
    lasts: int | None = None


IDEAS = [
    MissionIdea(
        "Épicerie solidaire Le Panier de l'Yonne", "Accueil et caisse à l'épicerie solidaire",
        "Accueillir les familles orientées par le CIAS, tenir la caisse et ranger les rayons, "
        "en binôme avec une bénévole expérimentée.",
        Regularity.REGULAR, "Une demi-journée par semaine", "Mardi ou vendredi, 14 h – 17 h",
        "champigny", "Local de l'épicerie, rue de la Gare", "Sens de l'accueil, discrétion.",
        ("solidarite-et-lien-social",), ("adultes", "familles")),
    MissionIdea(
        "Épicerie solidaire Le Panier de l'Yonne", "Collecte nationale de la Banque alimentaire",
        "Présenter la collecte aux clients à l'entrée du supermarché et trier les dons.",
        Regularity.ONE_OFF, None, "Vendredi et samedi, créneaux de 2 heures",
        "pont-sur-yonne", "Supermarché de Pont-sur-Yonne", None,
        ("solidarite-et-lien-social",), ("tout-public",), starts_in=10, lasts=2),
    MissionIdea(
        "Transport solidaire Yonne Nord", "Chauffeur solidaire",
        "Conduire des personnes sans voiture à leurs rendez-vous médicaux ou à leurs courses, "
        "avec votre véhicule (frais kilométriques remboursés par l'association).",
        Regularity.REGULAR, "Selon vos disponibilités, 2 à 4 trajets par mois", None,
        "sergines", None, "Permis B depuis plus de 3 ans.",
        ("solidarite-et-lien-social", "autonomie-seniors-et-handicap"), ("seniors", "handicap")),
    MissionIdea(
        "Coup de pouce scolaire", "Aide aux devoirs des écoliers",
        "Accompagner les devoirs d'un petit groupe d'enfants du CP au CM2, après l'école.",
        Regularity.REGULAR, "Une fin d'après-midi par semaine", "Lundi ou jeudi, 16 h 30 – 18 h",
        "champigny", "Salle des associations", "Patience ; aucun diplôme demandé.",
        ("enfance-jeunesse-et-famille",), ("enfants",)),
    MissionIdea(
        "Bibliothèque associative de Sergines", "Lectures pour les tout-petits",
        "Lire des albums aux enfants de 0 à 3 ans et à leurs parents lors de l'heure du conte.",
        Regularity.REGULAR, "Un samedi matin par mois", "Samedi, 10 h – 11 h",
        "sergines", "Bibliothèque, place de l'Église", "Aimer lire à voix haute.",
        ("culture",), ("petite-enfance", "familles")),
    MissionIdea(
        "Donneurs de sang bénévoles de Perceneige", "Accueil et collation d'une collecte de sang",
        "Accueillir les donneurs et servir la collation après le don, avec l'Établissement "
        "français du sang.",
        Regularity.ONE_OFF, None, "Mercredi, 15 h – 19 h", "perceneige", "Salle des fêtes",
        None, ("sante",), ("tout-public",), starts_in=20, lasts=1),
    MissionIdea(
        "Les Incroyables Potagers", "Jardinier des bacs partagés",
        "Arroser, semer et récolter les bacs de légumes en libre-service du centre-bourg.",
        Regularity.REGULAR, "Une heure par semaine, d'avril à octobre", None,
        "pont-sur-yonne", "Place de la mairie", None, ("environnement",), ("tout-public",)),
    MissionIdea(
        "Comité des fêtes de Serbonnes", "Bénévoles pour la brocante de printemps",
        "Placer les exposants au petit matin, tenir la buvette, ranger le soir.",
        Regularity.ONE_OFF, None, "Dimanche, à partir de 6 h", "serbonnes", "Centre-bourg",
        None, ("loisirs-et-vie-locale",), ("tout-public",), starts_in=120, lasts=1),
    MissionIdea(
        "Club des anciens de Saint-Sérotin", "Visites de convivialité à domicile",
        "Rendre visite chaque semaine à une personne âgée isolée : discuter, jouer, se promener.",
        Regularity.REGULAR, "Une heure par semaine", None, "saint-serotin", None,
        "Écoute ; une courte formation est proposée.",
        ("autonomie-seniors-et-handicap", "solidarite-et-lien-social"), ("seniors",)),
    MissionIdea(
        "Secouristes du Nord de l'Yonne", "Formateur ou formatrice aux premiers secours",
        "Animer des sessions d'initiation aux gestes qui sauvent pour les habitants.",
        Regularity.REGULAR, "Une session par mois", "Samedi matin", "pont-sur-yonne", None,
        "Diplôme de formateur PSC souhaité, ou envie de le passer.",
        ("sante",), ("adultes", "jeunes")),
]


def add_demo_missions(today: date) -> int:
    """The missions whose listing exists in the demo (its content may change over time)."""
    orgs = {o.nom: o for o in db.session.scalars(select(Organization))}
    communes = {c.slug: c for c in db.session.scalars(select(Commune))}
    themes = {t.slug: t for t in db.session.scalars(select(Theme))}
    publics = {p.slug: p for p in db.session.scalars(select(Public))}
    made = 0
    for idea in IDEAS:
        org = orgs.get(idea.organization)
        if org is None:
            continue
        starts = today + timedelta(days=idea.starts_in)
        db.session.add(Mission(
            organization=org, title=idea.title, description=idea.description,
            regularity=idea.regularity, frequency=idea.frequency, schedule=idea.schedule,
            commune=communes.get(idea.commune), place=idea.place, skills=idea.skills,
            starts_on=starts if idea.starts_in else today - timedelta(days=30),
            ends_on=starts + timedelta(days=idea.lasts - 1) if idea.lasts else None,
            themes=[themes[s] for s in idea.themes if s in themes],
            publics=[publics[s] for s in idea.publics if s in publics],
        ))
        org.volunteers_wanted = True
        made += 1
    db.session.flush()
    return made
