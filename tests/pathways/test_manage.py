"""Staff write pathways from the web: steps, rules, pins, a preview, history; others get 403."""

import html

from sqlalchemy import select

from directory.core.extensions import db
from directory.pathways.models import Pathway, PathwayRevision
from tests.conftest import csrf_token
from tests.factories import member_of
from tests.htmlforms import fill, form_fields


def _new_form(client):
    page = client.get("/moderation/parcours/nouveau")
    assert page.status_code == 200
    return form_fields(page.text, "/moderation/parcours/nouveau")


def test_staff_create_a_pathway_with_steps_then_edit_it_with_history(client, login_as, scene):
    login_as(scene.staff)
    data = fill(_new_form(client), **{
        "title": "Mon enfant entre au collège",
        "summary": "Le passage de l'enfance à la jeunesse.",
        "easy_read": "Votre enfant va au collège.",
        "published": "y",
        "steps-0-when": "Avant la rentrée",
        "steps-0-what": "Trouver de l'aide pour les devoirs.",
        "steps-0-who": "Les associations d'aide aux devoirs",
        "steps-0-pins": "relais-petite-enfance-de-sergines",
    })
    data.setlist("steps-0-themes", ["petite-enfance"])
    data.setlist("steps-0-kinds", ["service-public"])
    response = client.post("/moderation/parcours/nouveau", data=data)
    assert response.status_code == 302, response.text
    pathway = db.session.scalars(select(Pathway).where(
        Pathway.slug == "mon-enfant-entre-au-college")).one()
    assert [s["what"] for s in pathway.steps] == ["Trouver de l'aide pour les devoirs."]
    assert pathway.steps[0]["themes"] == ["petite-enfance"]
    assert pathway.steps[0]["pins"] == ["relais-petite-enfance-de-sergines"]
    page = client.get("/parcours/mon-enfant-entre-au-college").text
    assert "Relais Petite Enfance de Sergines" in page

    edit_path = f"/moderation/parcours/{pathway.id}/modifier"
    data = form_fields(client.get(edit_path).text, edit_path)
    assert data["steps-0-what"] == "Trouver de l'aide pour les devoirs."
    fill(data, **{"steps-1-what": "S'informer sur les séjours.", "steps-1-when": "En 4e",
                  "steps-0-order": "3", "title": "Mon enfant entre en 6e"})
    assert client.post(edit_path, data=data).status_code == 302
    db.session.expire_all()
    assert [s["when"] for s in pathway.steps] == ["En 4e", "Avant la rentrée"]
    history = html.unescape(client.get(f"/moderation/parcours/{pathway.id}/historique").text)
    assert "Version 2 · Modification" in history and "Version 1 · Création" in history
    # Field by field, step by step, long texts word by word.
    assert "<ins>Mon enfant entre en 6e</ins>" in history
    assert "Étape 1 · Quand" in history and "Étape 2 · Quand" in history
    assert "<ins>S'informer sur</ins> les <del>devoirs.</del> <ins>séjours.</ins>" in history
    assert "<del>Petite enfance</del>" in history  # a theme by its name
    assert PathwayRevision.current_number(pathway.id) == 2


def test_preview_shows_the_page_without_saving(client, login_as, scene):
    login_as(scene.staff)
    edit_path = f"/moderation/parcours/{scene.pathway.id}/modifier"
    data = fill(form_fields(client.get(edit_path).text, edit_path),
                title="Titre essayé", action="preview")
    response = client.post(edit_path, data=data)
    assert response.status_code == 200
    assert "Aperçu (non enregistré)" in response.text and "Titre essayé" in response.text
    assert "Relais Petite Enfance de Sergines" in response.text  # what the steps would list
    db.session.expire_all()
    assert scene.pathway.title == "Je cherche un mode de garde"
    assert PathwayRevision.current_number(scene.pathway.id) == 1


def test_errors_are_shown_next_to_their_field_and_keep_what_was_typed(client, login_as, scene):
    login_as(scene.staff)
    edit_path = f"/moderation/parcours/{scene.pathway.id}/modifier"
    data = fill(form_fields(client.get(edit_path).text, edit_path), **{
        "title": "", "steps-0-what": "", "steps-1-pins": "fiche-qui-n-existe-pas",
        "summary": "Résumé tapé",
    })
    response = client.post(edit_path, data=data)
    assert response.status_code == 422
    page = response.text
    assert 'id="title-error">Donnez un titre au parcours.' in page
    assert 'id="steps-0-what-error">Dites ce qu&#39;il faut faire à cette étape.' in page
    assert 'id="steps-1-pins-error">Aucune fiche publiée à cette adresse : fiche-qui-n-existe-pas' \
        in page
    assert "Résumé tapé" in page
    db.session.expire_all()
    assert PathwayRevision.current_number(scene.pathway.id) == 1


def test_a_save_from_an_old_version_overwrites_nothing(client, login_as, scene):
    login_as(scene.staff)
    edit_path = f"/moderation/parcours/{scene.pathway.id}/modifier"
    mine = form_fields(client.get(edit_path).text, edit_path)
    theirs = fill(form_fields(client.get(edit_path).text, edit_path), title="Leur titre")
    assert client.post(edit_path, data=theirs).status_code == 302
    response = client.post(edit_path, data=fill(mine, title="Mon titre"))
    assert response.status_code == 409
    assert "pendant que vous le modifiiez" in response.text and "Mon titre" in response.text
    db.session.expire_all()
    assert scene.pathway.title == "Leur titre"


def test_staff_archive_and_restore_a_pathway(client, login_as, scene):
    login_as(scene.staff)
    path = f"/moderation/parcours/{scene.pathway.id}/archiver"
    data = form_fields(client.get("/moderation/parcours/").text, path)
    assert client.post(path, data=data).status_code == 302
    db.session.expire_all()
    assert scene.pathway.archived_at is not None
    assert client.get(f"/parcours/{scene.pathway.slug}").status_code == 200  # staff still see it
    assert "Archivé" in client.get("/moderation/parcours/").text
    data = form_fields(client.get("/moderation/parcours/").text, path)
    assert client.post(path, data=data).status_code == 302
    db.session.expire_all()
    assert scene.pathway.archived_at is None
    history = client.get(f"/moderation/parcours/{scene.pathway.id}/historique").text
    assert "Version 3 · Rétablissement" in history and "Version 2 · Archivage" in history


def test_members_and_visitors_cannot_edit_pathways(client, login_as, scene):
    paths = ["/moderation/parcours/", "/moderation/parcours/nouveau",
             f"/moderation/parcours/{scene.pathway.id}/modifier",
             f"/moderation/parcours/{scene.pathway.id}/historique"]
    for path in paths:
        assert client.get(path).status_code == 302  # to the sign-in page
    login_as(member_of(scene.rpe))
    for path in paths:
        assert client.get(path).status_code == 403, path
    # With the member's own valid CSRF token: the permission refuses, not the token.
    token = csrf_token(client.get("/compte/").text)
    for path in (paths[1], paths[2], f"/moderation/parcours/{scene.pathway.id}/archiver"):
        response = client.post(path, data={"csrf_token": token, "title": "Piraté"})
        assert response.status_code == 403, path
    db.session.expire_all()
    assert scene.pathway.title == "Je cherche un mode de garde"
    assert scene.pathway.archived_at is None
