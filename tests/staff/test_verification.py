"""What the issue asks of the tools built first, checked again: duplicates by every clue, the
merged listing's past read from the kept one, a deactivated account's every link dead, an
import's progress bar."""

from directory.accounts.operations import reset_token, verification_token
from directory.core import jobs
from directory.core.extensions import db as _db
from directory.listings import revisions
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.staff.conftest import post_form


def test_duplicates_by_rna_siret_and_mail(staff_client, db):
    OrganizationFactory(nom="Amicale des pompiers", slug="amicale-a", rna="W891000001")
    OrganizationFactory(nom="Amicale SP Sergines", slug="amicale-b", rna="W891000001"[:-1] + "2",
                        siret="73282932000074")
    OrganizationFactory(nom="Sapeurs de Sergines", slug="amicale-c", siret="73282932000074")
    OrganizationFactory(nom="Club A", slug="club-a", courriel="Bureau@Club.fr")
    OrganizationFactory(nom="Club B", slug="club-b", courriel="bureau@club.fr")
    _db.session.commit()
    page = staff_client.get("/moderation/doublons").text
    assert "amicale-b" in page and "amicale-c" in page and "Même SIRET" in page
    assert "club-a" in page and "club-b" in page and "Même courriel" in page
    assert "amicale-a" not in page  # different RNA numbers


def test_the_kept_listing_shows_the_merged_listings_past(staff_client, staff, db):
    kept = OrganizationFactory(nom="Comité des fêtes", slug="comite")
    other = OrganizationFactory(nom="Comité des fêtes (7)", slug="comite-7")
    member = MembershipFactory(organization=other, user=UserFactory(name="Paul Trésorier")).user
    snapshot = revisions.snapshot_of(other)
    snapshot["fields"]["telephone"] = "03 86 00 00 07"
    revisions.save(other, staff, snapshot, revisions.current_number(other), "Nouveau numéro")
    _db.session.commit()
    assert post_form(staff_client, "/moderation/doublons", "/moderation/doublons/fusionner",
                     {"kept": kept.id, "other": other.id}).status_code == 302
    history = staff_client.get("/annuaire/comite/historique").text
    assert "Historique repris de « Comité des fêtes (7) »" in history
    assert "« Nouveau numéro »" in history
    assert member is not None


def test_a_deactivated_account_s_reset_and_verification_links_stop(app, staff_client, db):
    user = UserFactory(email="parti@exemple.fr")
    _db.session.commit()
    reset, verify = reset_token(user), verification_token(user)
    visitor = app.test_client()
    assert visitor.get(f"/compte/mot-de-passe/{reset}").status_code == 200
    assert post_form(staff_client, f"/moderation/comptes/{user.id}",
                     f"/moderation/comptes/{user.id}/desactiver", {}).status_code == 302
    assert visitor.get(f"/compte/mot-de-passe/{reset}").status_code == 400
    assert visitor.get(f"/compte/verifier/{verify}").status_code in (400, 404)


def test_a_running_import_shows_its_progress(staff_client, staff, db):
    job = jobs.create_job("import_csv", "annuaire.csv", author=staff)
    job.state = jobs.JobState.RUNNING
    _db.session.commit()
    jobs.set_progress(job, 1200, 5000)
    page = staff_client.get(f"/moderation/imports/suivi/{job.id}").text
    assert '<progress id="job-progress" max="5000" value="1200">24 %</progress>' in page
    assert '<meta http-equiv="refresh" content="2">' in page
    jobs.queue.delete(f"progress:{job.id}")
