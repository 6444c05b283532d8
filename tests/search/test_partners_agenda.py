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

