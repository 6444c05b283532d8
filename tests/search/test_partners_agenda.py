"""The same words through /partenaires: vocabulary, structures' themes and descriptions,
partial matches, the commune covered first."""

from directory.taxonomy.vocabularies import OrganizationKind
from tests.factories import OrganizationFactory, ServiceFactory, commune


def partner(nom, **kwargs):
    return OrganizationFactory(nom=nom, kind=OrganizationKind.PARTNER, **kwargs)


def test_partenaires_understands_peoples_words(client, db):
    rpe = partner("Relais Petite Enfance du Gâtinais")
    ServiceFactory(organization=rpe, nom="Permanence d’information des familles",
                   communes=[commune("sergines")])
    fs = partner("France Services de Pont-sur-Yonne",
                 description="Accompagnement aux démarches administratives en ligne.")
    ServiceFactory(organization=fs, nom="Accueil du public", communes=[commune("michery")])
    # Only the structure's description says « hébergement »: its services are found by it.
    housing = partner("Bailleur social de l’Yonne", description="Hébergement d’urgence.")
    ServiceFactory(organization=housing, nom="Demande de logement social")
    db.session.commit()

    def page(q, **args):
        return client.get("/partenaires", query_string={"q": q, **args}).get_data(as_text=True)

    assert "Permanence d’information des familles" in page("garde d'enfant")
    assert "Permanence d’information des familles" in page("nounou")
    # « aide administrative »: not every word is in France Services' listing, found anyway.
    assert "Accueil du public" in page("aide administrative")
    assert "Accueil du public" in page("carte grise")
    assert "Demande de logement social" in page("hébergement")
    # A partial match, said so.
    text = page("logement xylophone")
    assert "Demande de logement social" in text
    assert "Aucun service ne correspond à tous les mots de votre recherche" in text



def test_agenda_keyword_search_with_the_same_analysis(client, db):
    from tests.factories import EventFactory

    EventFactory(title="Cours de yoga doux", description="Pour tous les âges.")
    EventFactory(title="Après-midi des aînés", description="Goûter et jeux de société.")
    EventFactory(title="Stage de danse", description="Dans la salle des fêtes.")
    db.session.commit()

    def agenda(q):
        return client.get("/agenda", query_string={"q": q}).get_data(as_text=True)

    text = agenda("yoga")
    assert "Cours de yoga doux" in text and "Stage de danse" not in text
    # The vocabulary: « troisième âge » is answered by « aînés ».
    text = agenda("troisième âge")
    assert "Après-midi des aînés" in text and "Cours de yoga doux" not in text
    # A stop word is not a stem: « dans » does not find « danse ».
    assert "Stage de danse" in agenda("danses")
    feed = client.get("/agenda.ics", query_string={"q": "yoga"}).get_data(as_text=True)
    assert "Cours de yoga doux" in feed and "Stage de danse" not in feed


def test_api_events_list_takes_keywords(client, db):
    from tests.factories import EventFactory

    EventFactory(title="Cours de yoga doux")
    EventFactory(title="Stage de danse")
    db.session.commit()
    data = client.get("/api/v1/evenements", query_string={"q": "yoga"}).get_json()
    titles = [item["titre"] for item in data["data"]]
    assert titles == ["Cours de yoga doux"]
