"""Event ideas of the demo agenda, by theme, as a CTG territory's structures would announce.

Event ideas of the demo agenda, by theme: what associations and services of a CTG territory
actually put on (bourses, lotos, ateliers parentalité, cafés des aidants, permanences…).

All fictional. `{commune}` is the event's commune name, `{de_commune}` gives "de Cuy" /
"d'Évry".
"""

from dataclasses import dataclass

#: Form-level repetition choices (see directory.recurrence.build_rrule).
WEEKLY, BIWEEKLY, FIRST_SATURDAY, MONTHLY = "weekly", "biweekly", "first-saturday", "monthly"


@dataclass(frozen=True)
class EventIdea:
    titles: tuple[str, ...]
    description: str
    publics: tuple[str, ...]
    #: Allowed weekdays (0 = Monday); the first free one on or after the drawn day is taken.
    weekdays: tuple[int, ...] = (5,)
    #: Start times (hour, minute), one drawn; ignored for all-day events.
    starts: tuple[tuple[int, int], ...] = ((14, 0),)
    minutes: int = 120
    #: > 0: an all-day event over this many days.
    days: int = 0
    #: None: free; else the price details shown.
    price: str | None = None
    registration: bool = False
    age_min: int | None = None
    age_max: int | None = None
    #: Months (1–12) when it makes sense; empty: any time.
    months: tuple[int, ...] = ()
    #: When set, the idea is a repeating event of this kind.
    repeat: str | None = None
    #: (month, day) of a yearly date (commemorations): taken when it is in the window.
    on: tuple[int, int] | None = None
    #: Held at a shared venue of another commune rather than at the organisation's seat.
    travels: bool = False


def _i(*args, **kwargs) -> EventIdea:
    return EventIdea(*args, **kwargs)


SAT, SUN, WED, FRI = (5,), (6,), (2,), (4,)
WEEKDAYS = (0, 1, 2, 3, 4)
EVENING = ((20, 0), (20, 30))

IDEAS: dict[str, tuple[EventIdea, ...]] = {
    "arts-martiaux-et-sports-de-combat": (
        _i(("Tournoi interclubs de judo", "Tournoi de judo des poussins et benjamins"),
           "Une journée de compétition amicale entre les clubs du territoire. Buvette et "
           "petite restauration sur place.", ("enfants", "jeunes", "tout-public"),
           SUN, ((9, 0),), 480),
        _i(("Stage de self-défense pour les femmes",),
           "Deux heures pour apprendre les gestes simples qui protègent, encadrées par une "
           "ceinture noire diplômée d'État. Tenue de sport conseillée.", ("adultes",),
           SAT, ((10, 0),), 120, registration=True, price="5 €", age_min=16),
        _i(("Portes ouvertes du dojo",),
           "Venez essayer le judo et le taïso avec nos professeurs : tatamis en accès libre "
           "pour toute la famille.", ("enfants", "familles"), WED, ((14, 0),), 180,
           age_min=4),
    ),
    "sports-collectifs": (
        _i(("Tournoi de futsal en salle", "Tournoi en salle des U11"),
           "Tournoi en salle ouvert aux équipes du territoire ; inscription des équipes auprès "
           "du club.", ("enfants", "jeunes"), SAT, ((9, 30),), 420, age_min=8, age_max=13,
           months=(12, 1, 2)),
        _i(("Loto du club de football",),
           "Nombreux lots : bons d'achat, paniers garnis, téléviseur. Ouverture des portes à "
           "19 h, buvette et pâtisseries.", ("tout-public",), SAT, ((20, 0),), 240,
           price="3 € le carton, 10 € les 4"),
        _i(("Match de gala des vétérans",),
           "Les anciens du club affrontent les élus du territoire au profit du Téléthon.",
           ("tout-public",), SUN, ((15, 0),), 120, price="Participation libre",
           months=(12,)),
    ),
    "gymnastique-et-fitness": (
        _i(("Marche nordique du mercredi",),
           "Une heure et demie de marche nordique sur les chemins autour de la commune, "
           "bâtons prêtés aux débutants.", ("adultes", "seniors"), WED, ((9, 30),), 90,
           repeat=WEEKLY),
        _i(("Séance découverte de gym douce",),
           "Une séance gratuite pour découvrir la gym douce et l'équilibre, adaptée à tous "
           "les âges.", ("seniors",), (1, 3), ((10, 0),), 60),
        _i(("Zumba party",),
           "Deux heures de danse fitness au profit d'une association locale.",
           ("adultes", "jeunes"), FRI, ((19, 30),), 120, price="5 €"),
    ),
    "randonnee-et-marche": (
        _i(("Randonnée de 12 km autour {de_commune}", "Randonnée des lavoirs {de_commune}",
            "Randonnée des étangs {de_commune}"),
           "Départ groupé devant la mairie, allure modérée, chaussures de marche conseillées. "
           "Pot de l'amitié au retour.", ("adultes", "seniors", "tout-public"), SUN,
           ((9, 0),), 180, travels=True),
        _i(("Marche douce du jeudi",),
           "Une boucle de 5 km sans difficulté, ouverte à tous, pour garder la forme et "
           "faire connaissance.", ("seniors",), (3,), ((14, 0),), 120,
           repeat=BIWEEKLY, travels=True),
        _i(("Randonnée nocturne aux lampions",),
           "Balade de 6 km à la lueur des lampions, vin chaud et chocolat à l'arrivée.",
           ("familles", "tout-public"), SAT, ((18, 0),), 150, price="3 €, gratuit pour les "
           "moins de 12 ans", months=(12, 1, 2)),
    ),
    "sports-de-raquette": (
        _i(("Tournoi open de tennis en salle",),
           "Tournoi homologué, simples dames et messieurs. Inscriptions auprès du club.",
           ("adultes", "jeunes"), SAT, ((9, 0),), 540, price="15 € l'inscription",
           registration=True),
        _i(("Après-midi tennis en famille",),
           "Parents et enfants jouent ensemble sur le court couvert ; raquettes prêtées.",
           ("familles", "enfants"), WED, ((14, 0),), 150, age_min=6),
    ),
    "cyclisme": (
        _i(("Sortie vélo du dimanche matin",),
           "Circuit de 50 à 70 km selon les groupes, départ du parking de la mairie. Casque "
           "obligatoire.", ("adultes", "seniors"), SUN, ((8, 30),), 210, repeat=WEEKLY),
        _i(("Randonnée cyclo des Boucles de l'Yonne",),
           "Trois parcours fléchés (30, 60 et 90 km), ravitaillements et collation à "
           "l'arrivée.", ("adultes", "tout-public"), SUN, ((7, 30),), 360, price="5 €",
           months=(3, 4, 5)),
    ),
    "sports-nautiques-et-peche": (
        _i(("Initiation à la pêche pour les enfants", "Atelier pêche au coup pour les 8-14 ans"),
           "Matériel fourni, encadrement par les bénévoles de l'association et un guide de "
           "pêche diplômé.", ("enfants",), WED, ((14, 0),), 150, age_min=8, age_max=14,
           registration=True, months=(3, 4, 5)),
        _i(("Portes ouvertes de l'aviron",),
           "Découverte de l'aviron et du canoë sur l'Yonne ; savoir nager 25 m.",
           ("jeunes", "adultes"), SAT, ((14, 0),), 180, age_min=12, months=(4, 5)),
    ),
    "chasse-et-peche": (
        _i(("Ouverture de la truite : concours amical",),
           "Concours ouvert à tous les titulaires d'une carte de pêche, lâcher de truites la "
           "veille.", ("adultes", "tout-public"), SAT, ((7, 0),), 300, price="10 €",
           months=(3,)),
    ),
    "sport-adapte-et-handisport": (
        _i(("Journée sport adapté et handisport", "Tournoi de boccia inclusif"),
           "Basket fauteuil, boccia, tir à l'arc adapté : essayez avec les sportifs du club. "
           "Salle entièrement accessible.", ("handicap", "tout-public"), SAT, ((10, 0),), 360,
           travels=True),
    ),
    "theatre": (
        _i(("« Le Dindon » de Feydeau", "« Le Malade imaginaire » par la troupe",
            "Soirée théâtre : « Les Palmes de M. Schutz »"),
           "La troupe amateur présente sa nouvelle création. Buvette à l'entracte.",
           ("tout-public", "adultes"), SAT, EVENING, 150,
           price="8 €, gratuit pour les moins de 12 ans", travels=True),
        _i(("Spectacle jeune public : « Le Petit Bonhomme de neige »",
            "Spectacle jeune public : « La Soupe aux cailloux »"),
           "Un conte joué et chanté pour les tout-petits et leurs parents (45 minutes).",
           ("enfants", "familles"), WED, ((15, 0),), 45, price="4 €", age_min=3, age_max=8),
        _i(("Stage de théâtre des vacances",),
           "Trois après-midi d'improvisation et de jeu, restitution devant les parents le "
           "dernier jour.", ("enfants", "jeunes"), (0,), ((14, 0),), 180, days=3,
           registration=True, price="30 € les trois jours", age_min=9, age_max=14,
           months=(2, 4)),
    ),
    "musique-et-chant": (
        _i(("Concert de Noël à l'église {de_commune}",),
           "Chants traditionnels et gospel, avec la participation des enfants de l'école.",
           ("tout-public",), SUN, ((16, 0),), 90, price="Participation libre", travels=True,
           months=(12,)),
        _i(("Concert de printemps de la chorale",),
           "Chansons françaises et chants du monde, avec une chorale invitée.",
           ("tout-public",), SUN, ((16, 0),), 90, price="Participation libre", travels=True,
           months=(3, 4, 5)),
        _i(("Audition des élèves de piano et de guitare", "Concert des élèves de l'école de "
            "musique"),
           "Les élèves présentent leur travail de l'année. Entrée libre.",
           ("tout-public", "familles"), (2, 5), ((18, 0),), 90),
        _i(("Atelier d'éveil musical parents-enfants",),
           "Comptines, percussions et jeux de rythme pour les 0-3 ans accompagnés d'un "
           "parent.", ("petite-enfance", "familles"), SAT, ((10, 0),), 45,
           registration=True, age_max=3),
    ),
    "danse": (
        _i(("Gala de danse", "Soirée danses de salon"),
           "Les élèves des cours de modern jazz, hip-hop et classique montent sur scène.",
           ("tout-public", "familles"), SAT, ((20, 0),), 150, price="6 €"),
        _i(("Stage de hip-hop pendant les vacances",),
           "Trois jours pour créer une chorégraphie, ouverts aux débutants.",
           ("jeunes",), (1,), ((10, 0),), 180, days=3, registration=True,
           price="25 €", age_min=10, age_max=16, months=(2, 4)),
    ),
    "arts-plastiques-et-photographie": (
        _i(("Exposition des peintres amateurs", "Exposition photo « L'Yonne au fil de l'eau »"),
           "Plus de cent œuvres des adhérents et des invités, vernissage le samedi à 18 h.",
           ("tout-public",), SAT, ((10, 0),), 0, days=2, travels=True),
        _i(("Atelier modelage parent-enfant",),
           "Créez ensemble un petit objet en argile, cuit ensuite par l'association.",
           ("familles", "enfants"), WED, ((14, 30),), 90, registration=True,
           price="5 € par binôme", age_min=5),
    ),
    "patrimoine-et-histoire-locale": (
        _i(("Conférence : l'histoire des lavoirs {de_commune}",
            "Conférence : la batellerie sur l'Yonne",
            "Conférence : {commune} pendant la Grande Guerre"),
           "Par un membre de l'association, avec projection de cartes postales anciennes.",
           ("adultes", "seniors", "tout-public"), FRI, ((18, 30),), 90),
        _i(("Visite guidée de l'église {de_commune}",),
           "Une heure pour découvrir l'architecture et le mobilier de l'église.",
           ("tout-public",), SUN, ((15, 0),), 60, travels=True, months=(4, 5)),
    ),
    "lecture-et-bibliotheques": (
        _i(("L'heure du conte",),
           "Des histoires lues aux enfants par les bibliothécaires, un mercredi sur deux.",
           ("enfants", "familles"), WED, ((10, 30),), 45, age_min=3, age_max=7,
           repeat=BIWEEKLY),
        _i(("Bébés lecteurs",),
           "Comptines et albums pour les tout-petits avec leurs parents ou leur assistante "
           "maternelle.", ("petite-enfance", "familles"), (1,), ((9, 30),), 45, age_max=3,
           repeat=MONTHLY),
        _i(("Bourse aux livres", "Grande braderie de livres"),
           "Livres d'occasion à petits prix au profit des achats de la bibliothèque.",
           ("tout-public",), SAT, ((9, 0),), 480),
        _i(("Atelier jeux vidéo en famille",),
           "Jeux coopératifs sur grand écran, à partager entre parents et enfants.",
           ("familles", "jeunes"), SAT, ((14, 0),), 120, age_min=8, registration=True),
    ),
    "cinema": (
        _i(("Ciné-débat : « Les Figures de l'ombre »", "Ciné-débat : « Petit Paysan »",
            "Ciné-débat : « La Vache »"),
           "Projection suivie d'un échange avec un intervenant.", ("tout-public", "adultes"),
           FRI, ((20, 30),), 150, price="5 €", travels=True),
        _i(("Ciné-goûter des vacances",),
           "Un film d'animation pour les enfants, goûter offert.", ("enfants", "familles"),
           WED, ((14, 30),), 120, price="3 €", age_min=4, months=(12, 2, 4)),
    ),
    "comites-des-fetes-et-animations": (
        _i(("Loto du comité des fêtes", "Super loto", "Loto des familles"),
           "Bons d'achat, électroménager et paniers garnis. Ouverture des portes à 19 h, "
           "buvette et pâtisseries maison.", ("tout-public",), SAT, ((20, 0),), 240,
           price="3 € le carton, 10 € les 4"),
        _i(("Marché de Noël {de_commune}",),
           "Artisans et producteurs locaux, visite du Père Noël, vin chaud et crêpes.",
           ("tout-public", "familles"), SAT, ((10, 0),), 0, days=2, months=(12,)),
        _i(("Bourse aux vêtements et aux jouets", "Bourse aux vêtements printemps-été",
            "Bourse puériculture"),
           "Dépôt le vendredi soir, vente le samedi. Vêtements propres et en bon état.",
           ("familles", "tout-public"), SAT, ((9, 0),), 480),
        _i(("Vide-greniers {de_commune}",),
           "Plus de 80 exposants dans les rues du village. Emplacement : 2 € le mètre, "
           "réservation conseillée.", ("tout-public",), SUN, ((7, 0),), 0, days=1,
           months=(4, 5)),
        _i(("Carnaval des enfants",),
           "Défilé costumé dans les rues puis goûter et boum à la salle des fêtes.",
           ("enfants", "familles"), SAT, ((14, 30),), 180, months=(2, 3)),
        _i(("Soirée dansante de la Saint-Valentin",),
           "Repas et orchestre, sur réservation.", ("adultes",), SAT, ((19, 30),), 300,
           price="28 € le repas", registration=True, months=(2,)),
        _i(("Repas dansant choucroute", "Soirée paella"),
           "Repas et orchestre, sur réservation.", ("adultes",), SAT, ((19, 30),), 300,
           price="25 € le repas", registration=True),
    ),
    "jeux-et-loisirs-creatifs": (
        _i(("Concours de belote", "Concours de tarot"),
           "En doublettes formées, lots pour tous les participants.", ("seniors", "adultes"),
           FRI, ((14, 0),), 240, price="8 € par personne"),
        _i(("Galette des rois du club",), "Après-midi jeux et galette pour les adhérents et "
           "leurs amis.", ("seniors",), (3,), ((14, 30),), 150, months=(1,)),
        _i(("Atelier couronnes de Noël",),
           "Matériel fourni, repartez avec votre création.", ("adultes", "seniors"), (1, 3),
           ((14, 0),), 120, price="5 €", registration=True, months=(12,)),
        _i(("Atelier tricot solidaire", "Atelier scrapbooking"),
           "Matériel fourni, repartez avec votre création.", ("adultes", "seniors"), (1, 3),
           ((14, 0),), 120, price="5 €", registration=True),
        _i(("Après-midi jeux de société",),
           "Jeux de plateau et jeux de cartes pour tous les âges, le premier samedi du mois.",
           ("tout-public", "familles"), SAT, ((14, 0),), 180, repeat=FIRST_SATURDAY),
    ),
    "bien-vieillir": (
        _i(("Repas des aînés", "Thé dansant"),
           "Le rendez-vous convivial de l'hiver, animé par un accordéoniste.", ("seniors",),
           SUN, ((12, 0),), 240, price="15 €", registration=True, months=(12, 1, 2)),
        _i(("Atelier prévention des chutes", "Atelier mémoire"),
           "Un cycle de séances animées par un professionnel de l'activité physique adaptée.",
           ("seniors",), (1, 3), ((14, 0),), 90, registration=True, travels=True),
    ),
    "jardinage-et-nature": (
        _i(("Bourse aux plantes et aux graines",),
           "Échangez boutures, semis et graines entre jardiniers.", ("tout-public",), SAT,
           ((9, 0),), 240, months=(4, 5)),
        _i(("Atelier taille des arbres fruitiers",),
           "Démonstration et conseils au verger partagé, sécateur bienvenu.",
           ("adultes",), SAT, ((14, 0),), 150, months=(1, 2, 3)),
    ),
    "jumelage-et-echanges": (
        _i(("Soirée choucroute du jumelage",),
           "Repas et musique bavaroise pour financer l'accueil de nos amis allemands.",
           ("tout-public",), SAT, ((19, 30),), 300, price="22 €", registration=True),
        _i(("Cours d'allemand pour débutants : réunion d'information",),
           "Présentation des cours proposés par le comité de jumelage.", ("adultes",),
           (0,), ((18, 30),), 60),
    ),
    "anciens-combattants-et-memoire": (
        _i(("Cérémonie d'hommage du 5 décembre",),
           "Hommage aux morts pour la France de la guerre d'Algérie et des combats du Maroc "
           "et de la Tunisie, au monument aux morts.", ("tout-public",), WEEKDAYS + SAT + SUN,
           ((11, 0),), 45, on=(12, 5)),
        _i(("Commémoration du 8 Mai 1945",),
           "Cérémonie au monument aux morts suivie d'un vin d'honneur.", ("tout-public",),
           WEEKDAYS + SAT + SUN, ((11, 0),), 60, on=(5, 8)),
    ),
    "parentalite": (
        _i(("Atelier parentalité : les écrans en famille",
            "Atelier parentalité : gérer les colères de l'enfant",
            "Atelier parentalité : le sommeil des petits"),
           "Un temps d'échange entre parents animé par une psychologue. Garde des enfants "
           "possible sur place, sur inscription.", ("familles",), (1, 3, 5), ((18, 0), (9, 30)),
           120, registration=True, travels=True),
        _i(("Café des parents",),
           "Un moment convivial pour parler de la vie de famille autour d'un café, un mardi "
           "sur deux.", ("familles",), (1,), ((9, 0),), 90, repeat=BIWEEKLY),
        _i(("Conférence : accompagner son ado",),
           "Soirée-débat avec une éducatrice spécialisée.", ("familles",), (3,),
           ((20, 0),), 120),
        _i(("Loto des écoles",),
           "Au profit des sorties scolaires des enfants. Ouverture des portes à 19 h.",
           ("familles", "enfants"), SAT, ((20, 0),), 210, price="3 € le carton"),
        _i(("Bourse aux jouets de l'APE",),
           "Jouets, jeux et livres d'occasion vendus par les familles, au profit de l'école.",
           ("familles", "enfants"), SUN, ((9, 0),), 300, months=(11, 12)),
    ),
    "petite-enfance": (
        _i(("Accueil enfants-parents",),
           "Un lieu pour jouer, rencontrer d'autres parents et souffler, sans inscription et "
           "anonyme.", ("petite-enfance", "familles"), (1,), ((9, 0),), 150, age_max=6,
           repeat=WEEKLY),
        _i(("Matinée d'éveil pour les assistantes maternelles",),
           "Jeux, motricité et comptines pour les enfants accueillis et leurs assistantes "
           "maternelles.", ("petite-enfance",), (3,), ((9, 30),), 120, age_max=3,
           registration=True, repeat=BIWEEKLY, travels=True),
        _i(("Réunion d'information : devenir assistante maternelle",),
           "Le métier, l'agrément, la formation : tout savoir avant de se lancer.",
           ("adultes",), (1,), ((18, 0),), 90, registration=True),
        _i(("Atelier massage bébé",),
           "Apprendre les gestes du massage avec une puéricultrice, pour les bébés de 1 à 9 "
           "mois.", ("petite-enfance", "familles"), FRI, ((10, 0),), 60, age_max=1,
           registration=True),
    ),
    "accueil-de-loisirs": (
        _i(("Accueil de loisirs des vacances d'hiver", "Accueil de loisirs des vacances de "
            "printemps"),
           "Activités, sorties et grands jeux pour les 3-12 ans. Tarif selon le quotient "
           "familial.", ("enfants",), (0,), ((8, 0),), 0, days=5, registration=True,
           price="Selon le quotient familial", age_min=3, age_max=12, months=(2, 4)),
        _i(("Inscriptions aux mercredis loisirs : permanence",),
           "Venez inscrire vos enfants avec votre numéro d'allocataire.", ("familles",),
           (1,), ((16, 30),), 120),
    ),
    "soutien-scolaire": (
        _i(("Aide aux devoirs",),
           "Des bénévoles accompagnent les écoliers et collégiens, hors vacances scolaires.",
           ("enfants", "jeunes"), (1,), ((17, 0),), 90, age_min=6, age_max=15,
           repeat=WEEKLY),
    ),
    "information-jeunesse": (
        _i(("Forum des jobs d'été",),
           "Offres saisonnières, ateliers CV et rencontres avec des employeurs du territoire.",
           ("jeunes",), (2,), ((14, 0),), 240, age_min=16, months=(3, 4)),
        _i(("Information BAFA : devenir animateur",),
           "Présentation de la formation et des aides au financement.", ("jeunes",), WED,
           ((15, 0),), 90, age_min=16, travels=True),
    ),
    "aide-alimentaire-et-vestimentaire": (
        _i(("Bourse aux vêtements solidaire",),
           "Vêtements d'enfants et d'adultes à tout petits prix, ouverte à tous.",
           ("familles", "tout-public"), SAT, ((9, 0),), 300),
        _i(("Atelier cuisine anti-gaspi",),
           "Cuisiner les restes et les légumes de saison, dégustation à la fin.",
           ("adultes", "familles"), (3,), ((9, 30),), 150, registration=True),
    ),
    "lutte-contre-l-isolement": (
        _i(("Goûter partagé", "Café sourire"),
           "Un après-midi pour se retrouver, discuter et partager un goûter.",
           ("seniors", "tout-public"), (3,), ((14, 30),), 120, travels=True),
        _i(("Repair café",),
           "Apportez vos objets en panne : des bénévoles les réparent avec vous, le premier "
           "samedi du mois.", ("tout-public",), SAT, ((9, 30),), 180, repeat=FIRST_SATURDAY),
    ),
    "benevolat": (
        _i(("Forum des associations et du bénévolat",),
           "Les associations du territoire présentent leurs activités et cherchent des "
           "bénévoles. Entrée libre.", ("tout-public",), SAT, ((10, 0),), 420, travels=True,
           months=(3, 4, 5)),
        _i(("Réunion d'accueil des nouveaux bénévoles",),
           "Découvrir l'association, ses missions et les formations proposées.",
           ("adultes",), (3,), ((18, 0),), 90),
    ),
    "secourisme-et-prevention": (
        _i(("Collecte de sang",),
           "Prévoir une pièce d'identité ; collation offerte après le don. Rendez-vous "
           "conseillé.", ("adultes",), (0, 1, 3), ((15, 30),), 240, registration=True,
           age_min=18, travels=True),
        _i(("Initiation aux gestes qui sauvent",),
           "Deux heures pour apprendre à alerter, masser, défibriller.",
           ("tout-public",), SAT, ((9, 30),), 120, registration=True, age_min=10),
    ),
    "prevention-et-bien-etre": (
        _i(("Séance découverte de sophrologie", "Yoga du rire"),
           "Une séance d'essai gratuite pour apprendre à se détendre.", ("adultes",),
           (0, 3), ((18, 30),), 60, registration=True),
        _i(("Journée prévention santé",),
           "Dépistages gratuits (diabète, tension, audition) et stands d'information.",
           ("tout-public",), (4,), ((9, 0),), 420, travels=True),
    ),
    "sante-mentale": (
        _i(("Conférence : la santé mentale des jeunes",),
           "Dans le cadre des Semaines d'information sur la santé mentale.",
           ("familles", "adultes"), (1,), ((18, 30),), 120, months=(3,)),
    ),
    "addictions": (
        _i(("Groupe de parole",),
           "Pour les personnes concernées et leur entourage, confidentiel et gratuit.",
           ("adultes", "familles"), (3,), ((19, 0),), 90, repeat=BIWEEKLY),
    ),
    "soutien-aux-aidants": (
        _i(("Café des aidants",),
           "Un temps d'échange entre proches aidants, animé par une psychologue, le premier "
           "samedi du mois.", ("aidants",), SAT, ((10, 0),), 90, repeat=FIRST_SATURDAY),
        _i(("Forum des aidants",),
           "Stands des services d'aide, conférences et ateliers répit.",
           ("aidants", "seniors"), (4,), ((9, 30),), 420, travels=True),
    ),
    "maintien-a-domicile": (
        _i(("Réunion d'information : les aides pour rester chez soi",),
           "APA, aide à domicile, adaptation du logement : les réponses des professionnels.",
           ("seniors", "aidants"), (1,), ((14, 30),), 90, travels=True),
    ),
    "handicap": (
        _i(("Atelier : les droits des personnes handicapées et la MDPH",),
           "Comment constituer son dossier, avec une conseillère.",
           ("handicap", "aidants"), (3,), ((14, 0),), 120, registration=True),
    ),
    "acces-aux-soins": (
        _i(("Dépistage gratuit du diabète",), "Sans rendez-vous, résultat immédiat.",
           ("adultes", "seniors"), (2,), ((9, 0),), 180),
        _i(("Consultation de puériculture",),
           "Pesée, conseils d'allaitement et de sommeil, sans rendez-vous.",
           ("petite-enfance", "familles"), (3,), ((9, 0),), 180, age_max=6),
    ),
    "demarches-administratives": (
        _i(("Permanence France Services itinérante",),
           "Une conseillère vous aide pour vos démarches (CAF, impôts, retraite, carte grise), "
           "sans rendez-vous.", ("tout-public",), (3,), ((9, 0),), 180, repeat=WEEKLY,
           travels=True),
        _i(("Atelier : déclarer ses revenus en ligne",),
           "Accompagnement pas à pas, apportez vos identifiants fiscaux.",
           ("adultes", "seniors"), (1, 3), ((14, 0),), 120, registration=True,
           months=(4, 5)),
        _i(("Permanence de la CAF", "Permanence MSA"),
           "Sur rendez-vous, pour toute question sur vos droits et prestations.",
           ("familles", "adultes"), (0, 4), ((9, 0),), 180, registration=True, travels=True),
    ),
    "numerique": (
        _i(("Atelier numérique : se protéger des arnaques en ligne",
            "Atelier numérique : prendre en main son smartphone",
            "Atelier numérique : créer son espace santé"),
           "En petit groupe, avec votre appareil si vous en avez un.", ("seniors", "adultes"),
           (1, 3), ((14, 0),), 120, registration=True, travels=True),
        _i(("Permanence numérique",),
           "Aide individuelle sans rendez-vous pour vos démarches en ligne.",
           ("tout-public",), (0,), ((14, 0),), 180, repeat=BIWEEKLY, travels=True),
    ),
    "emploi-et-insertion": (
        _i(("Atelier CV et lettre de motivation", "Job dating de l'intérim"),
           "Venez avec votre CV, même inachevé.", ("jeunes",), (1, 3), ((14, 0),), 150,
           age_min=16, age_max=25, registration=True),
    ),
    "mobilite": (
        _i(("Présentation du transport à la demande",),
           "Comment réserver, où il va, combien il coûte.", ("seniors", "tout-public"),
           (2,), ((10, 0),), 60, travels=True),
        _i(("Réunion d'information pour devenir chauffeur bénévole",),
           "Rejoignez l'équipe du transport solidaire.", ("adultes", "seniors"), (0,),
           ((18, 0),), 90),
    ),
    "logement": (
        _i(("Permanence logement",),
           "Demande de logement social, impayés, travaux : conseils sur rendez-vous.",
           ("adultes", "familles"), (1,), ((9, 0),), 180, registration=True),
    ),
    "budget-et-finances": (
        _i(("Atelier budget : réduire ses factures d'énergie",),
           "Astuces, aides et chèque énergie avec une conseillère en économie sociale et "
           "familiale.", ("adultes", "familles"), (3,), ((14, 0),), 120, registration=True,
           travels=True),
    ),
    "violences-et-conflits-familiaux": (
        _i(("Permanence juridique gratuite",),
           "Un juriste répond à vos questions de droit de la famille, du travail, du logement.",
           ("adultes", "familles"), (2,), ((14, 0),), 180, registration=True),
    ),
    "protection-de-la-nature": (
        _i(("Sortie nature : les oiseaux d'hiver", "Comptage des oiseaux des jardins"),
           "Jumelles prêtées, rendez-vous sur le parking des étangs.", ("tout-public",),
           SUN, ((9, 30),), 150, months=(12, 1, 2)),
        _i(("Nettoyage des berges de l'Yonne",),
           "Gants et sacs fournis, pot de l'amitié à la fin.", ("tout-public", "familles"),
           SAT, ((9, 0),), 180, months=(3, 4)),
    ),
}

#: Shared venues known to the territory (is_venue): (commune slug, name, street).
VENUES = (
    ("pont-sur-yonne", "Salle des fêtes de Pont-sur-Yonne", "rue Carnot"),
    ("villeneuve-la-guyard", "Salle polyvalente de Villeneuve-la-Guyard", "rue du Stade"),
    ("sergines", "Espace culturel de Sergines", "place du Marché"),
    ("courlon-sur-yonne", "Foyer rural de Courlon", "rue de la Mairie"),
    ("champigny", "Salle des fêtes de Champigny", "Grande Rue"),
    ("villeblevin", "Salle Jean-Moulin", "rue des Écoles"),
)

#: Where an event away from the seat takes place when the commune has no shared venue.
AWAY_PLACES = ("Salle des fêtes", "Mairie, salle du conseil", "Foyer communal",
               "Salle polyvalente", "Bibliothèque municipale")

CANCEL_NOTES = ("Annulé faute d'inscriptions suffisantes.", "Annulé en raison de la météo.")
