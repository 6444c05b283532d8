"""Every change to a mission is kept in its history, readable by its association and the staff."""

from directory.accounts.models import Role
from directory.core.dates import today_paris
from tests.conftest import csrf_token, sign_in
from tests.factories import OrganizationFactory, UserFactory, member_of
from tests.htmlforms import form_fields
from tests.volunteering.test_missions import fill


def test_publishing_editing_and_ending_a_mission_are_kept_with_what_changed(client, login_as,
                                                                            app):
    org = OrganizationFactory(nom="Les Amis du Théâtre")
    member = member_of(org, user__name="Camille Martin")
    login_as(member)
    path = f"/gestion/{org.slug}/benevolat/nouvelle"
    data = fill(form_fields(client.get(path).text, path), title="Tenir la billetterie",
                description="Accueillir le public les soirs de spectacle.",
                regularity="ponctuelle", commune="cuy", starts_on=today_paris().isoformat())
    assert client.post(path, data=data).status_code == 302
    manage = client.get(f"/gestion/{org.slug}/benevolat").text
    history = manage.split('href="')[1:]
    history_path = next(h.split('"')[0] for h in history if "/historique" in h.split('"')[0])
    edit_path = history_path.removesuffix("/historique")

    data = fill(form_fields(client.get(edit_path).text, edit_path), commune="sergines",
                description="Accueillir le public et tenir la caisse les soirs de spectacle.")
    assert client.post(edit_path, data=data).status_code == 302
    # Saving without a change adds nothing.
    data = form_fields(client.get(edit_path).text, edit_path)
    assert client.post(edit_path, data=data).status_code == 302
    page = client.get(f"/gestion/{org.slug}/benevolat")
    assert client.post(f"{edit_path}/terminer",
                       data={"csrf_token": csrf_token(page.text)}).status_code == 302

    page = client.get(history_path)
    assert page.status_code == 200
    text = page.text
    assert text.count('class="history__item"') == 3
    assert "Version n° 3 – Plus proposée" in text
    assert "Version n° 2 – Modification" in text and "Version n° 1 – Publication" in text
    assert "par Camille Martin" in text
    assert "<del>Cuy</del>" in text and "<ins>Sergines</ins>" in text
    assert "<ins>et tenir la caisse</ins>" in text
    # Ended, the mission's history stays listed for its association.
    assert history_path in client.get(f"/gestion/{org.slug}/benevolat").text

    # The staff read it too; a member of another association does not.
    staff = app.test_client()
    sign_in(staff, UserFactory(role=Role.ADMIN))
    assert "Version n° 3" in staff.get(history_path).text
    other = app.test_client()
    sign_in(other, member_of(OrganizationFactory()))
    assert other.get(history_path).status_code in (403, 404)
