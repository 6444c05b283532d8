"""The eight pathways of the demo, written from the CTG action plans' vocabulary (fictional).

Each step's rules use data/taxonomy.toml's slugs, so the steps list the demo's structures,
services, permanences and events; a few steps pin a structure the staff would recommend.
"""

from directory.core.extensions import db
from directory.pathways import operations
from directory.pathways.queries import NEWCOMERS_SLUG, by_slug

SP, SPP, ASSO = "service-public", "structure-partenaire", "association"


def _step(when, what, who, themes=(), publics=(), kinds=(), events=False, pins=()):
    return {"when": when, "what": what, "who": who, "themes": list(themes),
            "publics": list(publics), "kinds": list(kinds), "events": events, "pins": list(pins)}


PATHWAYS = (
    {
        "slug": "j-attends-un-enfant",
        "title": "J'attends un enfant",
        "summary": "De la déclaration de grossesse aux premiers mois de bébé : les démarches, "
                   "le suivi de santé, la garde et les lieux pour les parents.",
        "easy_read": "Vous attendez un bébé.\nVous devez le dire à la CAF et à votre caisse "
                     "d'assurance maladie.\n\nLa PMI vous aide pendant la grossesse. Elle suit "
                     "aussi votre bébé. C'est gratuit.\n\nPensez tôt à la garde de votre bébé. "
                     "Le relais petite enfance vous aide.",
        "steps": [
            _step("Dès le début de la grossesse",
                  "Déclarer la grossesse à la CAF et à l'assurance maladie, avant la fin du "
                  "troisième mois. Faire le point sur vos droits (prime à la naissance).",
                  "La CAF, France Services pour être aidé dans les démarches",
                  themes=["demarches-administratives"], publics=["familles", "tout-public"],
                  kinds=[SP, SPP]),
            _step("Pendant la grossesse",
                  "Être suivie et préparer l'arrivée du bébé : consultations, entretien "
                  "prénatal, conseils pour l'allaitement et le sommeil.",
                  "La PMI (protection maternelle et infantile), la sage-femme, la maison de santé",
                  themes=["acces-aux-soins", "prevention-et-bien-etre"],
                  publics=["petite-enfance", "familles"]),
            _step("Dès le 4e mois de grossesse",
                  "Chercher un mode d'accueil : les places en crèche et chez les assistantes "
                  "maternelles se réservent tôt.",
                  "Le relais petite enfance (RPE), le multi-accueil",
                  themes=["petite-enfance"], publics=["petite-enfance"], kinds=[SP, SPP]),
            _step("Après la naissance",
                  "Rencontrer d'autres parents, partager des moments avec votre bébé, parler "
                  "des premiers mois.",
                  "Le lieu d'accueil enfants-parents (LAEP), le pôle parentalité",
                  themes=["parentalite"], publics=["petite-enfance", "familles"], events=True),
        ],
    },
    {
        "slug": "je-cherche-un-mode-de-garde",
        "title": "Je cherche un mode de garde",
        "summary": "Crèche, assistante maternelle, accueil de loisirs, périscolaire : trouver "
                   "qui peut garder votre enfant, selon son âge.",
        "easy_read": "Vous cherchez quelqu'un pour garder votre enfant.\n\nPour un enfant de "
                     "moins de 3 ans, il y a la crèche et l'assistante maternelle.\nLe relais "
                     "petite enfance vous explique tout. C'est gratuit.\n\nPour un enfant qui va "
                     "à l'école, il y a l'accueil de loisirs et le périscolaire.",
        "steps": [
            _step("Avant de choisir",
                  "Comparer les modes d'accueil et leur coût, connaître les aides de la CAF.",
                  "Le relais petite enfance (RPE)",
                  themes=["petite-enfance"], publics=["familles"], kinds=[SP],
                  pins=["relais-petite-enfance-les-petits-lutins"]),
            _step("Pour un enfant de moins de 3 ans",
                  "Inscrire votre enfant en crèche (multi-accueil) ou trouver une assistante "
                  "maternelle agréée.",
                  "Le multi-accueil, les assistantes maternelles",
                  themes=["petite-enfance"], publics=["petite-enfance"]),
            _step("Après l'école, le mercredi et pendant les vacances",
                  "Inscrire votre enfant à l'accueil périscolaire ou à l'accueil de loisirs "
                  "(ALSH).",
                  "L'accueil de loisirs intercommunal, l'accueil périscolaire",
                  themes=["accueil-de-loisirs"], publics=["enfants"]),
            _step("Pour payer la garde",
                  "Demander le complément de libre choix du mode de garde à la CAF.",
                  "La CAF, France Services",
                  themes=["demarches-administratives"], publics=["familles"], kinds=[SP, SPP]),
        ],
    },
    {
        "slug": "mon-enfant-entre-au-college",
        "title": "Mon enfant entre au collège",
        "summary": "Le passage de l'enfance à la jeunesse : aide aux devoirs, activités, "
                   "information jeunesse, et des lieux pour en parler en tant que parent.",
        "easy_read": "Votre enfant va au collège.\nC'est un grand changement.\n\nDes "
                     "associations aident aux devoirs.\nDes clubs proposent du sport et des "
                     "activités.\n\nVous pouvez parler de vos questions de parent. Des lieux "
                     "vous écoutent.",
        "steps": [
            _step("Avant la rentrée",
                  "Préparer la rentrée : demander l'allocation de rentrée scolaire, organiser "
                  "les trajets.",
                  "La CAF, France Services, le transport à la demande",
                  themes=["demarches-administratives", "mobilite"],
                  publics=["familles", "tout-public"], kinds=[SP, SPP]),
            _step("Pendant l'année",
                  "Trouver de l'aide pour les devoirs et une activité qui plaît à votre enfant.",
                  "Les associations d'aide aux devoirs, les clubs",
                  themes=["soutien-scolaire", "sport", "culture"], publics=["enfants", "jeunes"],
                  events=True),
            _step("Quand votre enfant grandit",
                  "S'informer sur les loisirs, les séjours, les premiers projets.",
                  "Le point information jeunesse (PIJ)",
                  themes=["information-jeunesse"], publics=["jeunes"]),
            _step("Si vous avez des questions de parent",
                  "Parler des écrans, de l'adolescence, des conflits.",
                  "Le pôle parentalité, l'espace de vie sociale",
                  themes=["parentalite"], publics=["familles"], events=True),
        ],
    },
    {
        "slug": "j-ai-entre-16-et-25-ans",
        "title": "J'ai entre 16 et 25 ans",
        "summary": "S'informer, trouver une formation ou un emploi, passer le permis, se "
                   "loger, prendre soin de sa santé.",
        "easy_read": "Vous avez entre 16 et 25 ans.\n\nLe point information jeunesse répond à "
                     "vos questions.\nLa Mission Locale vous aide à trouver une formation ou un "
                     "travail.\n\nC'est gratuit. Vous pouvez venir sans rendez-vous.",
        "steps": [
            _step("Pour s'informer",
                  "Poser vos questions : études, jobs d'été, séjours, engagement.",
                  "Le point information jeunesse itinérant",
                  themes=["information-jeunesse"], publics=["jeunes"]),
            _step("Pour une formation ou un emploi",
                  "Être accompagné vers une formation, un emploi, une aide financière.",
                  "La Mission Locale",
                  themes=["emploi-et-insertion"], publics=["jeunes"],
                  pins=["mission-locale-antenne-yonne-nord"]),
            _step("Pour se déplacer",
                  "Trouver une solution pour aller en formation ou au travail sans voiture.",
                  "Le transport à la demande, la Mission Locale",
                  themes=["mobilite"], publics=["jeunes", "tout-public"]),
            _step("Pour prendre soin de soi",
                  "Parler de ce qui ne va pas, consulter sans avance de frais.",
                  "Le centre médico-psychologique, la maison de santé",
                  themes=["sante"], publics=["jeunes", "tout-public"]),
            _step("Pour s'engager",
                  "Donner de son temps dans une association près de chez vous.",
                  "Les associations du territoire",
                  themes=["benevolat"], publics=["jeunes", "tout-public"], events=True),
        ],
    },
    {
        "slug": "je-m-occupe-d-un-proche",
        "title": "Je m'occupe d'un proche",
        "summary": "Aidant d'un parent âgé, d'un enfant ou d'un adulte handicapé : être "
                   "informé, aidé à domicile, et prendre du répit.",
        "easy_read": "Vous aidez un proche malade, âgé ou handicapé.\nVous êtes un aidant.\n\n"
                     "Vous pouvez être aidé vous aussi.\nLe point autonomie vous informe.\n\n"
                     "Des services viennent à la maison.\nVous pouvez aussi vous reposer.",
        "steps": [
            _step("Dès que l'aide devient régulière",
                  "Faire le point sur la situation et sur les aides possibles (APA, PCH).",
                  "Le point autonomie seniors (CLIC)",
                  themes=["soutien-aux-aidants", "handicap"], publics=["aidants"], kinds=[SP]),
            _step("Pour l'aide à la maison",
                  "Organiser une aide à domicile, des soins infirmiers, le portage de repas.",
                  "L'ADMR, le service de soins infirmiers à domicile",
                  themes=["maintien-a-domicile"], publics=["seniors", "handicap"]),
            _step("Pour souffler",
                  "Prendre du répit, rencontrer d'autres aidants, être écouté.",
                  "Les groupes d'aidants, l'espace de vie sociale",
                  themes=["soutien-aux-aidants", "lutte-contre-l-isolement"],
                  publics=["aidants"], events=True),
        ],
    },
    {
        "slug": "je-vieillis-chez-moi",
        "title": "Je vieillis chez moi",
        "summary": "Rester chez soi le plus longtemps possible : aide à domicile, santé, "
                   "sorties, transport et démarches.",
        "easy_read": "Vous voulez rester chez vous.\n\nDes services peuvent venir chez vous.\n"
                     "Ils aident pour les repas, le ménage, la toilette.\n\nDes clubs proposent "
                     "des sorties et des activités.\nLe transport à la demande vous emmène.",
        "steps": [
            _step("Pour commencer",
                  "Faire le point sur vos besoins et vos droits avec une personne qui connaît "
                  "les aides.",
                  "Le point autonomie seniors (CLIC), le CIAS",
                  themes=["bien-vieillir", "maintien-a-domicile"], publics=["seniors"],
                  kinds=[SP]),
            _step("Pour la vie de tous les jours",
                  "Se faire aider à la maison : ménage, repas, téléassistance, soins.",
                  "L'ADMR, le SSIAD",
                  themes=["maintien-a-domicile"], publics=["seniors"]),
            _step("Pour garder la forme et voir du monde",
                  "Marcher, jouer, sortir, rencontrer d'autres personnes.",
                  "Les clubs et associations de seniors",
                  themes=["bien-vieillir", "lutte-contre-l-isolement", "loisirs-et-vie-locale"],
                  publics=["seniors"], events=True),
            _step("Pour se déplacer",
                  "Aller chez le médecin ou faire ses courses sans voiture.",
                  "Le transport à la demande",
                  themes=["mobilite"], publics=["seniors", "tout-public"]),
        ],
    },
    {
        "slug": "j-ai-besoin-d-aide-pour-mes-papiers",
        "title": "J'ai besoin d'aide pour mes papiers",
        "summary": "CAF, impôts, retraite, carte grise, démarches en ligne : être accompagné, "
                   "près de chez vous, gratuitement.",
        "easy_read": "Vous avez des papiers à faire.\nC'est difficile ou c'est sur internet.\n\n"
                     "France Services vous aide.\nC'est gratuit.\n\nVenez avec vos papiers et "
                     "vos codes internet.",
        "steps": [
            _step("Pour toutes vos démarches",
                  "Être aidé pour la CAF, les impôts, la retraite, la santé, la carte grise.",
                  "France Services (à Pont-sur-Yonne et en permanence dans les communes)",
                  themes=["demarches-administratives"], publics=["tout-public"], kinds=[SP],
                  pins=["france-services-yonne-nord"]),
            _step("Pour apprendre à utiliser internet",
                  "Créer une adresse électronique, utiliser les sites des administrations.",
                  "La conseillère numérique, la médiathèque",
                  themes=["numerique"], events=True),
            _step("Pour vos prestations familiales ou agricoles",
                  "Rencontrer un conseiller sur rendez-vous.",
                  "La CAF, la MSA",
                  themes=["demarches-administratives"], publics=["familles", "adultes"],
                  kinds=[SPP]),
            _step("Si l'argent manque",
                  "Faire le point sur votre budget, demander une aide.",
                  "Le point conseil budget, le CIAS",
                  themes=["budget-et-finances", "aide-alimentaire-et-vestimentaire"]),
        ],
    },
    {
        "slug": NEWCOMERS_SLUG,
        "title": "Je viens d'arriver sur le territoire",
        "summary": "Bienvenue ! Les services utiles, la garde des enfants, les associations et "
                   "les rendez-vous de votre commune, et son livret d'accueil à imprimer.",
        "easy_read": "Bienvenue sur le territoire.\n\nAllez d'abord à la mairie.\nFrance "
                     "Services vous aide pour vos papiers.\n\nLes associations vous accueillent."
                     "\nC'est un bon moyen de rencontrer vos voisins.",
        "steps": [
            _step("En arrivant",
                  "Vous présenter en mairie, changer votre adresse (CAF, impôts, carte grise).",
                  "La mairie, France Services",
                  themes=["demarches-administratives"], publics=["tout-public"], kinds=[SP],
                  pins=["france-services-yonne-nord"]),
            _step("Si vous avez des enfants",
                  "Trouver une garde, inscrire vos enfants à l'accueil de loisirs.",
                  "Le relais petite enfance, l'accueil de loisirs",
                  themes=["petite-enfance", "accueil-de-loisirs"],
                  publics=["petite-enfance", "enfants"]),
            _step("Pour vous soigner",
                  "Trouver un médecin traitant près de chez vous.",
                  "La maison de santé",
                  themes=["acces-aux-soins"], publics=["tout-public"]),
            _step("Pour rencontrer vos voisins",
                  "Rejoindre une association, venir aux fêtes et aux animations.",
                  "Les associations, le comité des fêtes",
                  themes=["loisirs-et-vie-locale", "sport", "culture"], kinds=[ASSO],
                  events=True),
        ],
    },
)


#: « Facile à lire » texts of a few demo listings (by slug).
EASY_READ = {
    "france-services-yonne-nord":
        "France Services vous aide pour vos papiers.\nPar exemple pour la CAF, les impôts ou "
        "la retraite.\n\nC'est gratuit.\nVenez avec vos papiers et vos codes internet.",
    "relais-petite-enfance-les-petits-lutins":
        "Le relais petite enfance aide les parents.\nIl explique comment faire garder un "
        "bébé.\n\nIl aide aussi les assistantes maternelles.\nC'est gratuit.",
    "protection-maternelle-et-infantile-consultations":
        "La PMI suit les femmes enceintes et les enfants de moins de 6 ans.\nUn médecin et "
        "une puéricultrice vous reçoivent.\n\nC'est gratuit.",
}


def add_demo_pathways() -> int:
    """Create the demo's pathways (published) that do not exist yet, and give a few demo
    listings their « Facile à lire » text; flushes."""
    from sqlalchemy import select

    from directory.listings.models.organization import Organization

    for org in db.session.scalars(select(Organization).where(
            Organization.slug.in_(list(EASY_READ)))):
        org.easy_read = org.easy_read or EASY_READ[org.slug]
    made = 0
    for position, data in enumerate(PATHWAYS, start=1):
        if by_slug(data["slug"]) is not None:
            continue
        operations.create({**data, "position": position, "published": True}, None)
        made += 1
    db.session.flush()
    return made
