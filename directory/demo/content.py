"""Words, names and templates of the fictional demo directory (every organisation is invented)."""

from dataclasses import dataclass, field

#: Closing line of every demo description, so nobody mistakes the demo for real data.
FICTION_NOTICE = "*Fiche fictive créée pour la démonstration de l'annuaire.*"

#: ARCEP reserves these ranges for fiction: no real subscriber can be reached through them.
PHONE_PREFIXES = ("03 53 01", "06 39 98")
EMAIL_DOMAIN = "exemple.org"


@dataclass(frozen=True)
class Activity:
    nom: str
    publics: tuple[str, ...]
    age_min: int | None = None
    age_max: int | None = None
    frais: str = "payant"
    frais_precisions: str | None = None
    description: str | None = None
    #: data·inclusion service type; None for a leisure activity.
    type: str | None = None


@dataclass(frozen=True)
class Archetype:
    """A kind of association, instantiated `count` times in different communes."""

    count: int
    #: Name patterns: {de_commune} gives "de Cuy" / "d'Évry"; patterns without it are used once.
    names: tuple[str, ...]
    themes: tuple[str, ...]  # child theme slugs
    publics: tuple[str, ...]
    resumes: tuple[str, ...]
    intro: str
    activities: tuple[Activity, ...]
    sigle: str | None = None
    fees: tuple[str, ...] = ()
    #: True when the association acts across the whole territory.
    intercommunal: bool = False


def _a(*args, **kwargs) -> Activity:
    return Activity(*args, **kwargs)


ARCHETYPES: tuple[Archetype, ...] = (
    Archetype(
        3,
        ("Judo Club {de_commune}", "Dojo {de_commune}", "Judo Ju-Jitsu {de_commune}"),
        ("arts-martiaux-et-sports-de-combat",),
        ("enfants", "jeunes", "adultes"),
        (
            "Judo, ju-jitsu et taïso pour les enfants dès 4 ans et les adultes.",
            "Le judo pour tous : éveil, compétition et self-défense.",
        ),
        "Le club accueille les judokas de tous niveaux sur le tatami de la salle des sports. "
        "Les cours sont encadrés par un professeur diplômé d'État.",
        (
            _a("Éveil judo", ("enfants",), 4, 6, "payant", "95 € l'année, licence comprise"),
            _a("Judo enfants", ("enfants",), 7, 12, "payant", "120 € l'année, licence comprise"),
            _a("Judo ados et adultes", ("jeunes", "adultes"), 13, None, "payant", "150 € l'année"),
            _a(
                "Taïso (préparation physique)",
                ("adultes", "seniors"),
                16,
                None,
                "payant",
                "90 € l'année",
            ),
        ),
        sigle="JC",
        fees=("120 € l'année, licence comprise", "Adhésion 25 € + licence fédérale"),
    ),
    Archetype(
        1,
        ("Karaté Shotokan du Val d'Oreuse",),
        ("arts-martiaux-et-sports-de-combat",),
        ("enfants", "jeunes", "adultes"),
        ("Karaté traditionnel, self-défense et body karaté.",),
        "Un club convivial où l'on apprend le karaté traditionnel, le respect et la maîtrise "
        "de soi.",
        (
            _a("Karaté enfants", ("enfants",), 6, 11, "payant", "110 € l'année"),
            _a("Karaté adultes", ("adultes",), 14, None, "payant", "140 € l'année"),
            _a("Body karaté", ("adultes",), 16, None, "payant", "100 € l'année"),
        ),
    ),
    Archetype(
        4,
        (
            "Football Club {de_commune}",
            "Union sportive {de_commune} football",
            "Entente football {de_commune}",
            "Association sportive {de_commune}",
        ),
        ("sports-collectifs",),
        ("enfants", "jeunes", "adultes"),
        (
            "Football à 5, à 8 et à 11 : école de foot, équipes adultes et vétérans.",
            "Le club de football du village, de l'école de foot aux vétérans.",
        ),
        "Fondé par des passionnés, le club de football accueille filles et garçons sur le stade "
        "municipal. L'école de foot est labellisée par le district.",
        (
            _a("École de football U7 – U11", ("enfants",), 5, 11, "payant", "80 € la saison"),
            _a("Football U13 – U17", ("jeunes",), 12, 17, "payant", "100 € la saison"),
            _a("Équipe adultes (18 ans et plus)", ("adultes",), 18, None, "payant",
               "130 € la saison"),
            _a("Football féminin", ("jeunes", "adultes"), 12, None, "payant", "90 € la saison"),
            _a("Foot loisir vétérans", ("adultes",), 35, None, "payant", "60 € la saison"),
        ),
        sigle="FC",
    ),
    Archetype(
        2,
        ("Basket Club de l'Yonne Nord", "Handball Club {de_commune}"),
        ("sports-collectifs",),
        ("enfants", "jeunes", "adultes"),
        ("Basket et handball en compétition ou en loisir.",),
        "Le club propose la pratique du sport collectif en salle, en compétition départementale "
        "ou simplement pour le plaisir.",
        (
            _a("Mini-basket", ("enfants",), 6, 10, "payant", "90 € la saison"),
            _a("Entraînement jeunes", ("jeunes",), 11, 17, "payant", "110 € la saison"),
            _a("Loisir adultes", ("adultes",), 18, None, "payant", "80 € la saison"),
        ),
    ),
    Archetype(
        4,
        (
            "Gymnastique volontaire {de_commune}",
            "Gym'Forme {de_commune}",
            "Club de gymnastique {de_commune}",
            "Gym et bien-être {de_commune}",
        ),
        ("gymnastique-et-fitness",),
        ("adultes", "seniors"),
        (
            "Gymnastique d'entretien, stretching, Pilates et renforcement musculaire.",
            "Des séances de gymnastique douce ou tonique pour garder la forme à tout âge.",
        ),
        "Les animatrices de l'association proposent chaque semaine des séances de gymnastique "
        "adaptées à chacun, dans une ambiance détendue.",
        (
            _a(
                "Gymnastique d'entretien",
                ("adultes", "seniors"),
                18,
                None,
                "payant",
                "85 € l'année",
            ),
            _a("Gym douce seniors", ("seniors",), 60, None, "payant", "70 € l'année"),
            _a("Pilates", ("adultes",), 18, None, "payant", "110 € l'année"),
            _a("Zumba", ("jeunes", "adultes"), 14, None, "payant", "5 € la séance"),
        ),
        sigle="GV",
    ),
    Archetype(
        3,
        ("Les Randonneurs de l'Oreuse", "Marcheurs du Val d'Yonne", "Rando Santé {de_commune}"),
        ("randonnee-et-marche",),
        ("adultes", "seniors", "tout-public"),
        (
            "Randonnées pédestres à la journée ou à la demi-journée, marche nordique.",
            "Des randonnées chaque semaine sur les chemins du territoire.",
        ),
        "Chaque semaine, les randonneurs parcourent les chemins de la vallée de l'Yonne et de "
        "l'Oreuse. Les circuits de 8 à 20 km sont adaptés à tous les niveaux.",
        (
            _a("Randonnée du dimanche", ("adultes", "seniors"), 12, None, "payant", "25 € l'année"),
            _a("Marche nordique", ("adultes",), 16, None, "payant", "40 € l'année, prêt de bâtons"),
            _a("Rando santé (petits parcours)", ("seniors",), 55, None, "gratuit", None),
            _a("Balade familles", ("familles",), None, None, "gratuit", None),
        ),
        fees=("25 € par personne et par an", "30 € l'année, assurance comprise"),
        intercommunal=True,
    ),
    Archetype(
        2,
        ("Tennis Club {de_commune}", "Badminton Club {de_commune}"),
        ("sports-de-raquette",),
        ("enfants", "jeunes", "adultes"),
        ("Tennis, badminton et tennis de table en loisir ou en compétition.",),
        "Courts extérieurs et salle couverte : le club accueille les joueurs débutants comme "
        "confirmés.",
        (
            _a("École de tennis", ("enfants", "jeunes"), 5, 17, "payant", "120 € l'année"),
            _a("Badminton loisir", ("adultes",), 16, None, "payant", "45 € l'année"),
            _a("Tennis de table", ("jeunes", "adultes"), 10, None, "payant", "50 € l'année"),
        ),
    ),
    Archetype(
        2,
        ("Cyclotourisme du Nord de l'Yonne", "Vélo Club {de_commune}"),
        ("cyclisme",),
        ("adultes", "seniors"),
        ("Sorties vélo de route et VTT chaque week-end.",),
        "Les cyclistes se retrouvent le samedi matin pour des sorties de 40 à 90 km, et une fois "
        "par mois pour une sortie VTT dans les bois.",
        (
            _a("Sortie vélo de route", ("adultes", "seniors"), 16, None, "payant", "35 € l'année"),
            _a("VTT découverte", ("jeunes", "adultes"), 12, None, "payant", "35 € l'année"),
        ),
    ),
    Archetype(
        2,
        ("La Gaule de l'Oreuse", "Les Pêcheurs du confluent"),
        ("sports-nautiques-et-peche", "chasse-et-peche"),
        ("enfants", "adultes", "seniors"),
        ("Pêche en étang et en rivière, atelier pêche nature pour les jeunes.",),
        "L'association gère un parcours de pêche et entretient les berges avec ses bénévoles.",
        (
            _a("Atelier pêche nature", ("enfants", "jeunes"), 8, 15, "payant", "20 € la saison"),
            _a("Carte de pêche à l'étang", ("adultes",), 18, None, "payant", "30 € l'année"),
        ),
    ),
    Archetype(
        1,
        ("Aviron et canoë du Val d'Yonne",),
        ("sports-nautiques-et-peche",),
        ("jeunes", "adultes"),
        ("Canoë-kayak et aviron sur l'Yonne, d'avril à octobre.",),
        "Descentes de l'Yonne en canoë, initiation à l'aviron et sorties à la journée.",
        (
            _a(
                "Initiation canoë-kayak",
                ("jeunes", "adultes"),
                10,
                None,
                "payant",
                "15 € la séance",
            ),
        ),
    ),
    Archetype(
        1,
        ("Sport pour tous Yonne Nord",),
        ("sport-adapte-et-handisport",),
        ("handicap", "adultes", "jeunes"),
        ("Sport adapté et handisport : boccia, tir à l'arc, marche.",),
        "L'association rend le sport accessible aux personnes en situation de handicap, en lien "
        "avec les établissements médico-sociaux du secteur.",
        (
            _a("Boccia", ("handicap",), 10, None, "payant", "20 € l'année"),
            _a("Tir à l'arc adapté", ("handicap",), 12, None, "payant", "30 € l'année"),
        ),
        intercommunal=True,
    ),
    Archetype(
        3,
        (
            "Les Tréteaux de l'Oreuse",
            "Compagnie théâtrale {de_commune}",
            "Théâtre amateur du Val d'Yonne",
        ),
        ("theatre",),
        ("enfants", "jeunes", "adultes"),
        (
            "Théâtre amateur : ateliers enfants et adultes, un spectacle chaque printemps.",
            "Une troupe de théâtre amateur qui joue dans les salles des fêtes du territoire.",
        ),
        "La troupe répète toute l'année et présente chaque printemps une nouvelle pièce dans "
        "plusieurs communes. Les ateliers théâtre sont ouverts aux débutants.",
        (
            _a("Atelier théâtre enfants", ("enfants",), 7, 11, "payant", "90 € l'année"),
            _a("Atelier théâtre ados", ("jeunes",), 12, 17, "payant", "100 € l'année"),
            _a("Troupe adultes", ("adultes",), 18, None, "payant", "60 € l'année"),
        ),
    ),
    Archetype(
        3,
        ("Chorale Les Voix de l'Yonne", "Chorale {de_commune}", "Harmonie municipale {de_commune}"),
        ("musique-et-chant",),
        ("adultes", "seniors", "tout-public"),
        (
            "Chorale à quatre voix, répertoire varié, concerts dans les églises du territoire.",
            "Chant choral et musique d'ensemble, sans nécessité de lire la musique.",
        ),
        "Le chœur réunit une trentaine de choristes amateurs. Le répertoire va de la chanson "
        "française à la musique sacrée.",
        (
            _a(
                "Répétition de la chorale",
                ("adultes", "seniors"),
                16,
                None,
                "payant",
                "40 € l'année",
            ),
            _a("Atelier chant enfants", ("enfants",), 7, 12, "payant", "30 € l'année"),
            _a("Orchestre d'harmonie", ("jeunes", "adultes"), 12, None, "payant", "50 € l'année"),
        ),
    ),
    Archetype(
        3,
        (
            "Danse et Rythmes {de_commune}",
            "Studio de danse {de_commune}",
            "Country Dance de l'Yonne",
        ),
        ("danse",),
        ("enfants", "jeunes", "adultes"),
        (
            "Danse classique, modern'jazz, hip-hop et danse country.",
            "Cours de danse pour enfants, ados et adultes, gala en juin.",
        ),
        "L'association propose des cours de danse encadrés par des professeurs diplômés et "
        "organise un gala de fin d'année.",
        (
            _a("Éveil à la danse", ("enfants",), 4, 6, "payant", "110 € l'année"),
            _a("Modern'jazz", ("enfants", "jeunes"), 7, 17, "payant", "150 € l'année"),
            _a("Hip-hop", ("jeunes",), 10, 18, "payant", "150 € l'année"),
            _a("Danse country", ("adultes", "seniors"), 16, None, "payant", "80 € l'année"),
            _a("Danses de salon", ("adultes", "seniors"), 18, None, "payant", "90 € l'année"),
        ),
    ),
    Archetype(
        3,
        ("Atelier des arts {de_commune}", "Photo Club du Nord de l'Yonne", "Palette et pinceaux"),
        ("arts-plastiques-et-photographie",),
        ("enfants", "adultes", "seniors"),
        ("Peinture, dessin, aquarelle et photographie, expositions annuelles.",),
        "Peintres et photographes amateurs partagent leur passion et exposent chaque automne.",
        (
            _a(
                "Atelier peinture et aquarelle",
                ("adultes", "seniors"),
                16,
                None,
                "payant",
                "120 € l'année, matériel non fourni",
            ),
            _a("Arts plastiques enfants", ("enfants",), 6, 12, "payant", "80 € l'année"),
            _a("Sortie photo mensuelle", ("adultes",), 16, None, "gratuit", None),
        ),
    ),
    Archetype(
        3,
        (
            "Les Amis du patrimoine {de_commune}",
            "Mémoire et histoire du Val d'Oreuse",
            "Sauvegarde de l'église {de_commune}",
        ),
        ("patrimoine-et-histoire-locale",),
        ("adultes", "seniors", "tout-public"),
        ("Histoire locale, visites commentées et restauration du petit patrimoine.",),
        "L'association recueille la mémoire du village, publie un bulletin et organise des "
        "visites lors des Journées européennes du patrimoine.",
        (
            _a("Visites commentées", ("tout-public",), None, None, "gratuit", None),
            _a("Atelier généalogie", ("adultes", "seniors"), 16, None, "payant", "15 € l'année"),
        ),
    ),
    Archetype(
        2,
        ("Bibliothèque associative {de_commune}", "Les Amis des livres {de_commune}"),
        ("lecture-et-bibliotheques",),
        ("enfants", "familles", "tout-public"),
        ("Prêt de livres, heure du conte et club de lecture.",),
        "Des bénévoles tiennent la bibliothèque du village et animent des lectures pour les "
        "enfants.",
        (
            _a("Heure du conte", ("enfants", "familles"), 3, 8, "gratuit", None),
            _a("Club de lecture", ("adultes",), 16, None, "gratuit", None),
            _a("Prêt de livres", ("tout-public",), None, None, "gratuit", None),
        ),
    ),
    Archetype(
        1,
        ("Ciné-club du Val d'Yonne",),
        ("cinema",),
        ("tout-public", "jeunes"),
        ("Projections mensuelles et débats, cinéma en plein air l'été.",),
        "Une séance par mois dans une salle des fêtes différente, suivie d'un échange.",
        (_a("Séance mensuelle", ("tout-public",), None, None, "payant", "4 € la séance"),),
        intercommunal=True,
    ),
    Archetype(
        8,
        ("Comité des fêtes {de_commune}",),
        ("comites-des-fetes-et-animations",),
        ("tout-public", "familles"),
        (
            "Brocante, fête du village, repas dansant et marché de Noël.",
            "Les animations du village tout au long de l'année.",
        ),
        "Le comité des fêtes anime la commune : brocante de printemps, fête patronale, "
        "feu d'artifice, loto et marché de Noël.",
        (
            _a("Brocante annuelle", ("tout-public",), None, None, "gratuit", None),
            _a("Loto", ("tout-public",), None, None, "payant", "Carton à 3 €"),
        ),
        fees=("10 € par foyer",),
    ),
    Archetype(
        3,
        (
            "Club de l'amitié {de_commune}",
            "Club des anciens {de_commune}",
            "Les Aînés {de_commune}",
        ),
        ("jeux-et-loisirs-creatifs", "bien-vieillir"),
        ("seniors",),
        ("Jeux de cartes, goûters, sorties et voyages pour les retraités.",),
        "Le club réunit les aînés chaque semaine pour jouer, échanger et préparer des sorties.",
        (
            _a("Après-midi jeux de société", ("seniors",), 60, None, "payant", "20 € l'année"),
            _a("Sorties et voyages", ("seniors",), 60, None, "payant", "Selon la sortie"),
        ),
    ),
    Archetype(
        2,
        ("Loisirs créatifs {de_commune}", "Les Doigts de fée"),
        ("jeux-et-loisirs-creatifs",),
        ("adultes", "seniors"),
        ("Couture, tricot, scrapbooking et art floral.",),
        "Un atelier convivial où chacun apporte son ouvrage et ses idées.",
        (
            _a(
                "Atelier couture et tricot",
                ("adultes", "seniors"),
                16,
                None,
                "payant",
                "15 € l'année",
            ),
            _a("Art floral", ("adultes",), 16, None, "payant", "8 € la séance"),
        ),
    ),
    Archetype(
        2,
        ("Jardins familiaux {de_commune}", "Les Incroyables Potagers"),
        ("jardinage-et-nature",),
        ("familles", "adultes", "seniors"),
        ("Parcelles de jardin, troc de graines et conseils de jardinage au naturel.",),
        "L'association loue des parcelles et organise des ateliers de jardinage sans pesticides.",
        (
            _a("Parcelle de jardin", ("adultes", "familles"), None, None, "payant", "40 € l'année"),
            _a("Troc de plantes", ("tout-public",), None, None, "gratuit", None),
        ),
    ),
    Archetype(
        1,
        ("Comité de jumelage Yonne Nord – Rheinfeld",),
        ("jumelage-et-echanges",),
        ("tout-public", "jeunes"),
        ("Échanges avec la commune jumelle allemande (fictive), cours d'allemand.",),
        "Le comité organise chaque année un séjour d'échange entre familles des deux territoires.",
        (_a("Cours d'allemand", ("adultes",), 16, None, "payant", "60 € l'année"),),
        intercommunal=True,
    ),
    Archetype(
        2,
        ("Anciens combattants {de_commune}", "Souvenir et mémoire {de_commune}"),
        ("anciens-combattants-et-memoire",),
        ("seniors", "tout-public"),
        ("Devoir de mémoire, cérémonies patriotiques et porte-drapeaux.",),
        "L'association participe aux cérémonies du 8 mai et du 11 novembre et intervient dans les "
        "écoles.",
        (_a("Interventions dans les écoles", ("enfants",), 8, 11, "gratuit", None),),
    ),
    Archetype(
        3,
        (
            "Association des parents d'élèves {de_commune}",
            "Les P'tits Loups {de_commune}",
            "Familles en fête {de_commune}",
        ),
        ("parentalite", "accueil-de-loisirs"),
        ("familles", "enfants"),
        ("Parents d'élèves : kermesse, bourse aux jouets, café des parents.",),
        "Les parents se mobilisent pour financer les sorties scolaires et proposent des temps "
        "d'échange entre familles.",
        (
            _a("Café des parents", ("familles",), None, None, "gratuit", None),
            _a("Bourse aux jouets", ("familles",), None, None, "gratuit", None),
        ),
    ),
    Archetype(
        2,
        ("Coup de pouce scolaire", "Aide aux devoirs {de_commune}"),
        ("soutien-scolaire",),
        ("enfants", "jeunes"),
        ("Aide aux devoirs et accompagnement à la scolarité par des bénévoles.",),
        "Des bénévoles, souvent enseignants retraités, accompagnent les élèves après la classe.",
        (
            _a("Aide aux devoirs primaire", ("enfants",), 6, 11, "gratuit", None),
            _a("Accompagnement collégiens", ("jeunes",), 11, 15, "gratuit", None),
        ),
    ),
    Archetype(
        2,
        ("Épicerie solidaire Le Panier de l'Yonne", "Vestiaire solidaire {de_commune}"),
        ("aide-alimentaire-et-vestimentaire",),
        ("familles", "adultes", "seniors"),
        ("Aide alimentaire, vêtements à petit prix, sur orientation d'un travailleur social.",),
        "L'épicerie solidaire permet aux familles en difficulté d'acheter des produits à 10 % de "
        "leur prix. Le vestiaire est ouvert à tous.",
        (
            _a(
                "Épicerie solidaire",
                ("familles", "adultes"),
                None,
                None,
                "payant",
                "10 % du prix, sur orientation",
                type="aide-materielle",
            ),
            _a(
                "Vestiaire",
                ("tout-public",),
                None,
                None,
                "payant",
                "Vêtements de 0,50 € à 3 €",
                type="aide-materielle",
            ),
        ),
        intercommunal=True,
    ),
    Archetype(
        2,
        ("Visiteurs à domicile de l'Yonne Nord", "Café rencontre {de_commune}"),
        ("lutte-contre-l-isolement", "benevolat"),
        ("seniors", "adultes"),
        ("Visites de convivialité et café rencontre pour rompre l'isolement.",),
        "Des bénévoles rendent visite chaque semaine aux personnes isolées et animent un café "
        "rencontre mensuel.",
        (
            _a(
                "Visites de convivialité",
                ("seniors",),
                60,
                None,
                "gratuit",
                None,
                type="accompagnement",
            ),
            _a("Café rencontre", ("tout-public",), None, None, "gratuit", None),
        ),
        intercommunal=True,
    ),
    Archetype(
        2,
        ("Donneurs de sang bénévoles {de_commune}", "Secouristes du Nord de l'Yonne"),
        ("secourisme-et-prevention", "benevolat"),
        ("adultes", "jeunes"),
        ("Collectes de sang, formations aux premiers secours (PSC1).",),
        "L'association organise les collectes de sang avec l'Établissement français du sang et "
        "des formations aux gestes qui sauvent.",
        (
            _a(
                "Formation PSC1",
                ("jeunes", "adultes"),
                10,
                None,
                "payant",
                "60 € la journée",
                type="formation",
            ),
            _a("Collecte de sang", ("adultes",), 18, 70, "gratuit", None),
        ),
    ),
    Archetype(
        1,
        ("Yoga et Sophrologie en Yonne Nord",),
        ("prevention-et-bien-etre",),
        ("adultes", "seniors"),
        ("Yoga, sophrologie et relaxation pour prendre soin de soi.",),
        "Des séances en petit groupe pour apprendre à respirer et se détendre.",
        (
            _a("Yoga", ("adultes",), 16, None, "payant", "160 € l'année"),
            _a("Sophrologie", ("adultes", "seniors"), 16, None, "payant", "8 € la séance"),
        ),
    ),
    Archetype(
        1,
        ("Entraide Aidants Yonne Nord",),
        ("soutien-aux-aidants", "sante-mentale"),
        ("aidants", "seniors"),
        ("Groupe de parole et temps de répit pour les proches aidants.",),
        "Un lieu d'écoute pour celles et ceux qui accompagnent un proche malade, âgé ou en "
        "situation de handicap.",
        (
            _a(
                "Groupe de parole des aidants",
                ("aidants",),
                18,
                None,
                "gratuit",
                None,
                type="accompagnement",
            ),
            _a("Après-midi répit", ("aidants", "seniors"), None, None, "gratuit", None),
        ),
        intercommunal=True,
    ),
    Archetype(
        1,
        ("Entraide sobriété Yonne Nord",),
        ("addictions",),
        ("adultes", "familles"),
        ("Groupe d'entraide pour les personnes en difficulté avec l'alcool et leur entourage.",),
        "Des réunions d'entraide animées par d'anciens buveurs devenus bénévoles.",
        (
            _a(
                "Réunion d'entraide",
                ("adultes", "familles"),
                18,
                None,
                "gratuit",
                None,
                type="accompagnement",
            ),
        ),
        intercommunal=True,
    ),
    Archetype(
        2,
        ("Club informatique {de_commune}", "Les Clics de l'Oreuse"),
        ("numerique",),
        ("seniors", "adultes"),
        ("Initiation à l'ordinateur, à la tablette et aux démarches en ligne.",),
        "Des bénévoles aident à apprivoiser l'ordinateur, le smartphone et Internet.",
        (
            _a(
                "Atelier tablette et smartphone",
                ("seniors",),
                55,
                None,
                "payant",
                "20 € l'année",
                type="atelier",
            ),
            _a(
                "Permanence numérique",
                ("tout-public",),
                None,
                None,
                "gratuit",
                None,
                type="accompagnement",
            ),
        ),
    ),
    Archetype(
        1,
        ("Transport solidaire Yonne Nord",),
        ("mobilite",),
        ("seniors", "handicap"),
        ("Des conducteurs bénévoles pour les rendez-vous médicaux et les courses.",),
        "Pour les personnes sans voiture : un bénévole vous conduit moyennant une petite "
        "participation aux frais.",
        (
            _a(
                "Transport accompagné",
                ("seniors", "handicap"),
                None,
                None,
                "payant",
                "0,40 € par km",
                type="accompagnement",
            ),
        ),
        intercommunal=True,
    ),
    Archetype(
        2,
        ("Nature et Oiseaux du Val d'Yonne", "Société de chasse {de_commune}"),
        ("protection-de-la-nature", "chasse-et-peche"),
        ("tout-public", "adultes"),
        ("Sorties nature, inventaires d'oiseaux et entretien des mares.",),
        "Observation de la faune, chantiers nature et sensibilisation des scolaires.",
        (
            _a("Sortie ornithologique", ("tout-public",), None, None, "gratuit", None),
            _a("Chantier nature", ("adultes", "jeunes"), 12, None, "gratuit", None),
        ),
    ),
)


@dataclass(frozen=True)
class Structure:
    """A partner structure or public service, written out in full."""

    nom: str
    kind: str  # "service-public" or "structure-partenaire"
    commune: str  # seat commune slug
    themes: tuple[str, ...]
    publics: tuple[str, ...]
    resume: str
    intro: str
    activities: tuple[Activity, ...]
    sigle: str | None = None
    horaires: str | None = None
    #: Communes where it acts; empty means the whole territory.
    communes: tuple[str, ...] = ()
    place_name: str | None = None
    extra_sites: tuple[str, ...] = field(default_factory=tuple)


SP, SPP = "service-public", "structure-partenaire"
WEEKDAYS_9_12 = "Lundi au vendredi 9 h – 12 h et 14 h – 17 h"

STRUCTURES: tuple[Structure, ...] = (
    Structure(
        "France Services Yonne Nord",
        SP,
        "pont-sur-yonne",
        ("demarches-administratives", "numerique"),
        ("tout-public",),
        "Un seul guichet pour vos démarches : CAF, impôts, retraite, santé, carte grise, emploi.",
        "Les conseillères France Services vous accompagnent dans vos démarches administratives "
        "et en ligne, avec ou sans rendez-vous.",
        (
            _a(
                "Accompagnement aux démarches administratives",
                ("tout-public",),
                frais="gratuit",
                type="accompagnement",
            ),
            _a(
                "Accès libre à un ordinateur", ("tout-public",), frais="gratuit", type="information"
            ),
            _a("Permanence itinérante", ("tout-public",), frais="gratuit", type="accompagnement"),
        ),
        horaires=WEEKDAYS_9_12 + ", samedi 9 h – 12 h",
        place_name="Maison des services",
        extra_sites=("sergines", "villeneuve-la-guyard"),
    ),
    Structure(
        "Relais Petite Enfance Les Petits Lutins",
        SP,
        "villeneuve-la-guyard",
        ("petite-enfance", "parentalite"),
        ("petite-enfance", "familles"),
        "Information des parents sur les modes d'accueil et accompagnement des assistantes "
        "maternelles.",
        "Le RPE informe les familles sur les modes d'accueil du jeune enfant, accompagne les "
        "assistantes maternelles et propose des ateliers d'éveil.",
        (
            _a("Ateliers d'éveil", ("petite-enfance",), 0, 3, "gratuit", type="atelier"),
            _a(
                "Information des familles sur les modes d'accueil",
                ("familles",),
                frais="gratuit",
                type="information",
            ),
        ),
        sigle="RPE",
        horaires="Mardi et jeudi 13 h 30 – 17 h 30, sur rendez-vous",
        extra_sites=("pont-sur-yonne",),
    ),
    Structure(
        "Lieu d'accueil enfants-parents La Cabane",
        SPP,
        "pont-sur-yonne",
        ("petite-enfance", "parentalite"),
        ("petite-enfance", "familles"),
        "Un espace de jeu et de parole, anonyme et gratuit, pour les enfants de moins de 6 ans "
        "et leurs parents.",
        "Le LAEP accueille sans inscription les tout-petits accompagnés d'un parent ou d'un "
        "grand-parent, pour jouer, rencontrer d'autres familles et échanger avec des "
        "accueillantes formées.",
        (
            _a(
                "Accueil enfants-parents",
                ("petite-enfance", "familles"),
                0,
                6,
                "gratuit",
                type="accompagnement",
            ),
        ),
        sigle="LAEP",
        horaires="Mercredi 9 h – 12 h et samedi 9 h 30 – 11 h 30",
    ),
    Structure(
        "Espace de vie sociale Le Trait d'Union",
        SPP,
        "villeneuve-la-guyard",
        ("lutte-contre-l-isolement", "parentalite", "benevolat"),
        ("tout-public", "familles"),
        "Ateliers, sorties familles, café des habitants et projets portés par les bénévoles.",
        "L'EVS est un lieu ouvert à tous les habitants : on y vient boire un café, proposer une "
        "idée, participer à un atelier ou à une sortie en famille.",
        (
            _a("Café des habitants", ("tout-public",), frais="gratuit"),
            _a(
                "Sorties familles",
                ("familles",),
                frais="payant",
                frais_precisions="Selon le quotient familial",
            ),
            _a("Atelier cuisine", ("adultes",), frais="gratuit", type="atelier"),
        ),
        sigle="EVS",
        horaires="Mardi au vendredi 14 h – 18 h",
    ),
    Structure(
        "Centre intercommunal d'action sociale Yonne Nord",
        SP,
        "pont-sur-yonne",
        ("demarches-administratives", "aide-alimentaire-et-vestimentaire", "logement"),
        ("adultes", "familles", "seniors"),
        "Aides facultatives, domiciliation, instruction des demandes d'aide sociale.",
        "Le CIAS accueille les habitants en difficulté, instruit les demandes d'aide sociale et "
        "oriente vers les partenaires.",
        (
            _a(
                "Aide sociale facultative",
                ("adultes", "familles"),
                frais="gratuit",
                type="aide-financiere",
            ),
            _a("Domiciliation", ("adultes",), frais="gratuit", type="accompagnement"),
        ),
        sigle="CIAS",
        horaires=WEEKDAYS_9_12,
    ),
    Structure(
        "Accueil de loisirs intercommunal Les Explorateurs",
        SP,
        "pont-sur-yonne",
        ("accueil-de-loisirs",),
        ("enfants",),
        "Accueil de loisirs sans hébergement pour les 3–12 ans, les mercredis et pendant les "
        "vacances.",
        "L'ALSH accueille les enfants de 3 à 12 ans avec un programme d'activités : grands jeux, "
        "sorties, activités manuelles et sportives.",
        (
            _a(
                "Mercredis récréatifs",
                ("enfants",),
                3,
                12,
                "payant",
                "Tarif selon le quotient familial",
            ),
            _a(
                "Vacances scolaires",
                ("enfants",),
                3,
                12,
                "payant",
                "Tarif selon le quotient familial",
            ),
        ),
        sigle="ALSH",
        horaires="Mercredi et vacances scolaires 7 h 30 – 18 h 30",
        extra_sites=("villeneuve-la-guyard", "sergines"),
    ),
    Structure(
        "Point information jeunesse itinérant",
        SP,
        "sergines",
        ("information-jeunesse", "emploi-et-insertion"),
        ("jeunes",),
        "Information des 12–25 ans : orientation, job d'été, BAFA, logement, santé.",
        "Le PIJ se déplace dans les communes et les collèges pour informer les jeunes sur leurs "
        "projets et leurs droits.",
        (
            _a(
                "Permanence information jeunesse",
                ("jeunes",),
                12,
                25,
                "gratuit",
                type="information",
            ),
            _a(
                "Aide au premier emploi et au BAFA",
                ("jeunes",),
                16,
                25,
                "gratuit",
                type="accompagnement",
            ),
        ),
        sigle="PIJ",
        horaires="Mercredi 13 h 30 – 18 h, en itinérance",
    ),
    Structure(
        "Mission Locale – antenne Yonne Nord",
        SPP,
        "pont-sur-yonne",
        ("emploi-et-insertion", "mobilite"),
        ("jeunes",),
        "Accompagnement des 16–25 ans vers l'emploi et la formation.",
        "Un conseiller reçoit les jeunes sur rendez-vous pour construire leur projet "
        "professionnel, chercher une formation ou un emploi.",
        (
            _a(
                "Accompagnement vers l'emploi",
                ("jeunes",),
                16,
                25,
                "gratuit",
                type="accompagnement",
            ),
        ),
        horaires="Jeudi 9 h – 12 h 30, sur rendez-vous",
    ),
    Structure(
        "Permanence de la Caisse d'allocations familiales",
        SPP,
        "pont-sur-yonne",
        ("demarches-administratives", "parentalite"),
        ("familles",),
        "Rendez-vous avec un conseiller CAF pour vos prestations.",
        "Une permanence mensuelle sur rendez-vous à France Services.",
        (
            _a(
                "Rendez-vous prestations familiales",
                ("familles",),
                frais="gratuit",
                type="accompagnement",
            ),
        ),
        sigle="CAF",
        horaires="2e mardi du mois 9 h – 12 h, sur rendez-vous",
    ),
    Structure(
        "Mutualité sociale agricole – permanence",
        SPP,
        "sergines",
        ("demarches-administratives", "acces-aux-soins"),
        ("adultes", "seniors", "familles"),
        "Permanence de la MSA pour les exploitants et salariés agricoles.",
        "Les assurés du régime agricole y trouvent une aide pour leurs démarches de santé, "
        "famille et retraite.",
        (_a("Permanence MSA", ("adultes", "seniors"), frais="gratuit", type="accompagnement"),),
        sigle="MSA",
        horaires="1er jeudi du mois 14 h – 17 h",
    ),
    Structure(
        "Aide à domicile en milieu rural – Val d'Yonne",
        SPP,
        "villeneuve-la-guyard",
        ("maintien-a-domicile", "soutien-aux-aidants"),
        ("seniors", "handicap", "aidants"),
        "Aide à domicile, portage de repas et téléassistance.",
        "L'association d'aide à domicile intervient chez les personnes âgées ou en situation de "
        "handicap pour les gestes du quotidien.",
        (
            _a(
                "Aide et accompagnement à domicile",
                ("seniors", "handicap"),
                frais="payant",
                frais_precisions="Prise en charge possible (APA, caisse de retraite)",
                type="accompagnement",
            ),
            _a(
                "Portage de repas", ("seniors",), frais="payant", frais_precisions="9,50 € le repas"
            ),
        ),
        sigle="ADMR",
        horaires=WEEKDAYS_9_12,
    ),
    Structure(
        "Centre médico-psychologique du Nord de l'Yonne",
        SPP,
        "pont-sur-yonne",
        ("sante-mentale", "acces-aux-soins"),
        ("adultes", "jeunes"),
        "Consultations de psychiatrie et de psychologie, gratuites, sur rendez-vous.",
        "Le CMP reçoit les adultes en souffrance psychique ; l'équipe oriente vers le CMP "
        "enfants si besoin.",
        (_a("Consultation psychologue", ("adultes",), 18, None, "gratuit", type="accompagnement"),),
        sigle="CMP",
        horaires="Lundi au vendredi 9 h – 17 h, sur rendez-vous",
    ),
    Structure(
        "Protection maternelle et infantile – consultations",
        SP,
        "villeneuve-la-guyard",
        ("petite-enfance", "acces-aux-soins", "parentalite"),
        ("petite-enfance", "familles"),
        "Consultations de nourrissons, suivi de grossesse, conseils aux parents.",
        "La puéricultrice et le médecin de PMI reçoivent les parents et les enfants de moins de "
        "6 ans.",
        (
            _a(
                "Consultation de nourrissons",
                ("petite-enfance",),
                0,
                6,
                "gratuit",
                type="accompagnement",
            ),
            _a("Permanence puéricultrice", ("familles",), frais="gratuit", type="information"),
        ),
        sigle="PMI",
        horaires="Vendredi 9 h – 12 h, sur rendez-vous",
    ),
    Structure(
        "Point autonomie seniors – CLIC",
        SP,
        "sergines",
        ("bien-vieillir", "maintien-a-domicile", "soutien-aux-aidants", "handicap"),
        ("seniors", "aidants", "handicap"),
        "Information et coordination pour les personnes âgées et leurs aidants.",
        "Le CLIC informe sur les aides au maintien à domicile, les établissements et les "
        "dossiers APA.",
        (
            _a(
                "Information seniors et aidants",
                ("seniors", "aidants"),
                frais="gratuit",
                type="information",
            ),
            _a("Ateliers bien vieillir", ("seniors",), 60, None, "gratuit", type="atelier"),
        ),
        sigle="CLIC",
        horaires="Lundi au jeudi 9 h – 12 h",
    ),
    Structure(
        "Médiathèque intercommunale",
        SP,
        "pont-sur-yonne",
        ("lecture-et-bibliotheques", "numerique", "cinema"),
        ("tout-public", "enfants"),
        "Livres, BD, films, jeux vidéo, ateliers numériques et heure du conte.",
        "La médiathèque et son réseau de points lecture dans les villages prêtent livres, "
        "revues, DVD et jeux. L'inscription est gratuite.",
        (
            _a("Prêt de documents", ("tout-public",), frais="gratuit"),
            _a("Heure du conte", ("enfants",), 3, 8, "gratuit"),
            _a("Atelier numérique", ("adultes", "seniors"), frais="gratuit", type="atelier"),
        ),
        horaires="Mardi 14 h – 18 h, mercredi 10 h – 18 h, samedi 10 h – 17 h",
        extra_sites=("villeneuve-la-guyard", "sergines"),
    ),
    Structure(
        "École de musique intercommunale",
        SP,
        "villeneuve-la-guyard",
        ("musique-et-chant",),
        ("enfants", "jeunes", "adultes"),
        "Éveil musical, formation musicale, piano, guitare, batterie, violon et orchestre.",
        "L'école de musique accueille les élèves dès 5 ans ; les cours ont lieu dans trois "
        "communes du territoire.",
        (
            _a("Éveil musical", ("enfants",), 5, 7, "payant", "Tarif selon le quotient familial"),
            _a(
                "Cours d'instrument",
                ("enfants", "jeunes", "adultes"),
                7,
                None,
                "payant",
                "De 150 € à 390 € l'année",
            ),
            _a("Orchestre des jeunes", ("jeunes",), 10, 18, "payant", "Inclus dans la scolarité"),
        ),
        horaires="Lundi au vendredi 16 h – 20 h, mercredi 9 h – 19 h",
        extra_sites=("pont-sur-yonne",),
    ),
    Structure(
        "Pôle Parentalité Yonne Nord",
        SP,
        "pont-sur-yonne",
        ("parentalite", "violences-et-conflits-familiaux"),
        ("familles",),
        "Écoute, ateliers et groupes de parole pour les parents.",
        "Le Pôle Parentalité accompagne les parents dans les moments clés : naissance, entrée à "
        "l'école, adolescence, séparation.",
        (
            _a("Café des parents itinérant", ("familles",), frais="gratuit"),
            _a("Entretien individuel", ("familles",), frais="gratuit", type="accompagnement"),
        ),
        horaires="Mardi au vendredi 9 h – 17 h",
    ),
    Structure(
        "Conseillère numérique France Services",
        SP,
        "michery",
        ("numerique",),
        ("seniors", "adultes", "jeunes"),
        "Ateliers collectifs et rendez-vous individuels pour gagner en autonomie numérique.",
        "La conseillère numérique se déplace dans les mairies pour des ateliers en petit groupe.",
        (
            _a(
                "Atelier : créer son adresse courriel",
                ("tout-public",),
                frais="gratuit",
                type="atelier",
            ),
            _a(
                "Rendez-vous numérique individuel",
                ("tout-public",),
                frais="gratuit",
                type="accompagnement",
            ),
        ),
        horaires="Selon le planning des permanences en mairie",
    ),
    Structure(
        "Point conseil budget",
        SPP,
        "pont-sur-yonne",
        ("budget-et-finances",),
        ("adultes", "familles"),
        "Conseils gratuits et confidentiels pour gérer son budget ou sortir du surendettement.",
        "Une conseillère aide à faire le point sur son budget, à négocier avec les créanciers ou "
        "à monter un dossier de surendettement.",
        (
            _a(
                "Rendez-vous budget",
                ("adultes", "familles"),
                frais="gratuit",
                type="accompagnement",
            ),
        ),
        sigle="PCB",
        horaires="Lundi 14 h – 17 h, sur rendez-vous",
    ),
    Structure(
        "Point d'accès au droit et aide aux victimes",
        SPP,
        "villeneuve-la-guyard",
        ("violences-et-conflits-familiaux", "demarches-administratives"),
        ("adultes", "familles"),
        "Informations juridiques gratuites, écoute des victimes de violences.",
        "Juristes et intervenants sociaux reçoivent en toute confidentialité.",
        (
            _a("Permanence juridique", ("adultes",), frais="gratuit", type="information"),
            _a(
                "Écoute des victimes de violences",
                ("adultes", "familles"),
                frais="gratuit",
                type="accompagnement",
            ),
        ),
        horaires="3e mercredi du mois 9 h – 12 h",
    ),
    Structure(
        "Maison de santé pluriprofessionnelle",
        SPP,
        "sergines",
        ("acces-aux-soins", "prevention-et-bien-etre"),
        ("tout-public",),
        "Médecins, infirmiers, kinésithérapeutes et ateliers de prévention.",
        "La maison de santé réunit des professionnels de santé et organise des ateliers "
        "d'éducation thérapeutique.",
        (
            _a(
                "Atelier prévention diabète",
                ("adultes", "seniors"),
                frais="gratuit",
                type="atelier",
            ),
        ),
        sigle="MSP",
        horaires="Lundi au vendredi 8 h – 19 h 30, samedi 8 h – 12 h",
    ),
    Structure(
        "Service de soins infirmiers à domicile",
        SPP,
        "pont-sur-yonne",
        ("maintien-a-domicile", "acces-aux-soins"),
        ("seniors", "handicap"),
        "Soins infirmiers et d'hygiène à domicile sur prescription médicale.",
        "Le SSIAD intervient 7 jours sur 7 auprès des personnes âgées ou handicapées.",
        (
            _a(
                "Soins à domicile",
                ("seniors", "handicap"),
                60,
                None,
                "gratuit",
                frais_precisions="Pris en charge par l'Assurance maladie",
                type="accompagnement",
            ),
        ),
        sigle="SSIAD",
        horaires=WEEKDAYS_9_12,
    ),
    Structure(
        "Transport à la demande Yonne Nord",
        SP,
        "pont-sur-yonne",
        ("mobilite",),
        ("tout-public", "seniors"),
        "Un minibus sur réservation vers les marchés, la gare et les services.",
        "Réservez la veille avant 17 h ; le minibus passe vous prendre devant chez vous.",
        (
            _a(
                "Transport sur réservation",
                ("tout-public",),
                frais="payant",
                frais_precisions="2 € le trajet",
            ),
        ),
        sigle="TAD",
        horaires="Réservations du lundi au vendredi 9 h – 12 h",
    ),
    Structure(
        "Multi-accueil Les Petits Pas",
        SP,
        "sergines",
        ("petite-enfance",),
        ("petite-enfance", "familles"),
        "Crèche de 20 places pour les enfants de 10 semaines à 4 ans.",
        "Accueil régulier ou occasionnel des tout-petits par une équipe de professionnelles de "
        "la petite enfance.",
        (
            _a(
                "Accueil régulier et occasionnel",
                ("petite-enfance",),
                0,
                4,
                "payant",
                "Barème national de la CAF",
            ),
        ),
        horaires="Lundi au vendredi 7 h 30 – 18 h 30",
    ),
    Structure(
        "Accueil périscolaire de Vinneuf",
        SP,
        "vinneuf",
        ("accueil-de-loisirs",),
        ("enfants",),
        "Garderie du matin et du soir pour les élèves de l'école.",
        "Les animateurs accueillent les enfants avant et après la classe, avec goûter.",
        (
            _a(
                "Garderie périscolaire",
                ("enfants",),
                3,
                11,
                "payant",
                "Tarif selon le quotient familial",
            ),
        ),
        horaires="Lundi, mardi, jeudi, vendredi 7 h 15 – 8 h 45 et 16 h 30 – 18 h 30",
        communes=("vinneuf", "courlon-sur-yonne"),
    ),
)

#: Approximate centres of a few communes (demo maps only; a jitter is added per place).
COMMUNE_COORDINATES = {
    "pont-sur-yonne": (48.285, 3.202),
    "villeneuve-la-guyard": (48.340, 3.062),
    "sergines": (48.342, 3.262),
    "courlon-sur-yonne": (48.338, 3.168),
    "michery": (48.310, 3.238),
    "vinneuf": (48.347, 3.140),
    "villeblevin": (48.326, 3.080),
    "champigny": (48.316, 3.130),
}

#: Rough relative sizes, so that bigger communes hold more associations.
COMMUNE_WEIGHTS = {
    "pont-sur-yonne": 6,
    "villeneuve-la-guyard": 6,
    "sergines": 3,
    "courlon-sur-yonne": 3,
    "michery": 2,
    "vinneuf": 2,
    "villeblevin": 3,
    "champigny": 3,
    "chaumont": 1,
}

STREETS = (
    "rue de la Mairie",
    "rue des Écoles",
    "place de l'Église",
    "Grande Rue",
    "rue du Moulin",
    "rue de la Gare",
    "chemin des Vignes",
    "rue des Tilleuls",
    "avenue de la République",
    "rue du Stade",
    "rue Pasteur",
    "place du Marché",
    "rue des Lavoirs",
    "route de Sens",
)
VENUES = (
    "Salle des fêtes",
    "Salle polyvalente",
    "Gymnase intercommunal",
    "Maison des associations",
    "Foyer communal",
    "Salle Jean-Moulin",
    "Stade municipal",
    "Dojo communautaire",
    None,
    None,
)

DAYS = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi")
SLOTS = (
    "9 h – 10 h 30",
    "10 h – 12 h",
    "14 h – 16 h",
    "14 h 30 – 17 h",
    "17 h – 18 h",
    "17 h 30 – 19 h",
    "18 h 30 – 20 h",
    "20 h – 22 h",
)
SCHEDULE_SUFFIXES = (
    "",
    "",
    ", hors vacances scolaires",
    ", de septembre à juin",
    ", un week-end sur deux",
    ", sur inscription",
)

CONTACT_LABELS = (
    "Présidence",
    "Secrétariat",
    "Accueil",
    "Responsable des inscriptions",
)
PRO_CONTACT_LABELS = (
    "Coordination (réservé aux professionnels)",
    "Ligne directe partenaires",
    "Référente orientation",
)

VOLUNTEER_TEXTS = (
    "Nous cherchons des bénévoles pour l'accueil et l'organisation des manifestations.",
    "Un coup de main est bienvenu pour l'encadrement des plus jeunes le samedi.",
    "Le bureau se renouvelle : rejoignez-nous comme trésorier ou secrétaire.",
)
ACCESSIBILITY_DETAILS = (
    "Salle de plain-pied, place de stationnement réservée devant l'entrée.",
    "Accès par une rampe ; toilettes adaptées.",
    "Boucle magnétique à l'accueil ; documents en facile à lire et à comprendre (FALC).",
    "Étage sans ascenseur : rendez-vous possible au rez-de-chaussée sur demande.",
)
NOTICES = (
    ("Fermé du 1er au 31 août.", (8, 1), (8, 31)),
    ("Pas d'activité pendant les vacances de Noël.", (12, 20), (1, 4)),
    ("Reprise des activités le 15 septembre.", (7, 1), (9, 15)),
)
#: A notice in force on the reference date, so the demo shows one.
CURRENT_NOTICE = "Activités suspendues pendant les travaux de la salle ; reprise annoncée ici."

FOUNDING_SENTENCES = (
    "Créée en {year}, l'association compte aujourd'hui une soixantaine d'adhérents.",
    "Née en {year} de l'envie de quelques habitants, elle réunit aujourd'hui toutes les "
    "générations.",
    "Depuis {year}, elle fait vivre {commune} et les villages voisins.",
)
CLOSING_SENTENCES = (
    "Les inscriptions se font lors du forum des associations en septembre ou directement "
    "auprès des bénévoles.",
    "Une séance d'essai gratuite est proposée avant toute inscription.",
    "N'hésitez pas à venir nous rencontrer : l'accueil est chaleureux !",
)

# --- Synthetic territories (benchmarks): combinable words, not meant to read well. ---

SYNTH_PREFIXES = (
    "Association",
    "Club",
    "Amicale",
    "Cercle",
    "Union",
    "Ensemble",
    "Atelier",
    "Foyer",
    "Comité",
    "Collectif",
    "Espace",
    "Rencontres",
)
SYNTH_ACTIVITIES = (
    "théâtre",
    "randonnée",
    "gymnastique",
    "danse",
    "judo",
    "football",
    "chorale",
    "musique",
    "peinture",
    "photographie",
    "lecture",
    "cinéma",
    "pétanque",
    "tennis",
    "badminton",
    "cyclotourisme",
    "pêche",
    "jardinage",
    "couture",
    "informatique",
    "généalogie",
    "patrimoine",
    "yoga",
    "karaté",
    "natation",
    "basket",
    "handball",
    "escalade",
    "échecs",
    "solidarité",
    "entraide",
    "parentalité",
    "jeunesse",
    "seniors",
    "aidants",
    "numérique",
)
SYNTH_QUALIFIERS = (
    "sportive",
    "culturelle",
    "laïque",
    "intercommunale",
    "des familles",
    "du Val d'Yonne",
    "de l'Oreuse",
    "populaire",
    "rurale",
    "des jeunes",
    "des aînés",
    "pour tous",
    "solidaire",
    "du confluent",
)

#: Extra everyday French words for synthetic descriptions (demo texts are added to these).
SYNTH_WORDS = (
    "habitants",
    "village",
    "semaine",
    "samedi",
    "dimanche",
    "mercredi",
    "salle",
    "enfants",
    "adultes",
    "bénévoles",
    "adhérents",
    "activités",
    "ateliers",
    "sorties",
    "rencontres",
    "convivialité",
    "découverte",
    "initiation",
    "perfectionnement",
    "saison",
    "inscription",
    "cotisation",
    "licence",
    "encadrement",
    "animateur",
    "animatrice",
    "professeur",
    "groupe",
    "niveau",
    "débutants",
    "confirmés",
    "compétition",
    "loisir",
    "spectacle",
    "concert",
    "exposition",
    "fête",
    "repas",
    "voyage",
    "marché",
    "brocante",
    "forum",
    "commune",
    "territoire",
    "vallée",
    "rivière",
    "chemins",
    "forêt",
    "nature",
    "patrimoine",
    "histoire",
    "mémoire",
    "jeunes",
    "familles",
    "parents",
    "retraités",
    "accueil",
    "écoute",
    "soutien",
    "accompagnement",
    "démarches",
    "information",
    "prévention",
    "santé",
    "bien-être",
    "randonnées",
    "chorales",
    "danses",
    "théâtres",
    "médiathèque",
    "bibliothèque",
    "gymnases",
)

#: Child theme of each synthetic activity word, so that "judo" lands in martial arts.
SYNTH_ACTIVITY_THEMES = {
    "théâtre": "theatre",
    "randonnée": "randonnee-et-marche",
    "gymnastique": "gymnastique-et-fitness",
    "danse": "danse",
    "judo": "arts-martiaux-et-sports-de-combat",
    "football": "sports-collectifs",
    "chorale": "musique-et-chant",
    "musique": "musique-et-chant",
    "peinture": "arts-plastiques-et-photographie",
    "photographie": "arts-plastiques-et-photographie",
    "lecture": "lecture-et-bibliotheques",
    "cinéma": "cinema",
    "pétanque": "jeux-et-loisirs-creatifs",
    "tennis": "sports-de-raquette",
    "badminton": "sports-de-raquette",
    "cyclotourisme": "cyclisme",
    "pêche": "sports-nautiques-et-peche",
    "jardinage": "jardinage-et-nature",
    "couture": "jeux-et-loisirs-creatifs",
    "informatique": "numerique",
    "généalogie": "patrimoine-et-histoire-locale",
    "patrimoine": "patrimoine-et-histoire-locale",
    "yoga": "prevention-et-bien-etre",
    "karaté": "arts-martiaux-et-sports-de-combat",
    "natation": "sports-nautiques-et-peche",
    "basket": "sports-collectifs",
    "handball": "sports-collectifs",
    "escalade": "gymnastique-et-fitness",
    "échecs": "jeux-et-loisirs-creatifs",
    "solidarité": "aide-alimentaire-et-vestimentaire",
    "entraide": "lutte-contre-l-isolement",
    "parentalité": "parentalite",
    "jeunesse": "information-jeunesse",
    "seniors": "bien-vieillir",
    "aidants": "soutien-aux-aidants",
    "numérique": "numerique",
}
