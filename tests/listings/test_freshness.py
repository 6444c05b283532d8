"""Listings not verified for twelve months are marked as possibly out of date, never hidden."""

from datetime import UTC, date, datetime

from directory.accounts.models import Role
from directory.core.dates import PARIS
from directory.listings import freshness
from tests.conftest import csrf_token, sign_in
from tests.factories import OrganizationFactory, UserFactory, commune, member_of

STALE = "Informations peut-être obsolètes"


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS).astimezone(UTC)


def test_months_before_clamps_to_the_end_of_the_month():
    assert freshness.months_before(date(2027, 3, 31), 1) == date(2027, 2, 28)
    assert freshness.months_before(date(2028, 2, 29), 12) == date(2027, 2, 28)
    assert freshness.months_before(date(2027, 1, 15), 12) == date(2026, 1, 15)


def test_a_listing_becomes_stale_the_day_after_twelve_months(app, db):
    # Verified late in the evening in Paris: already the 15th there, still the 14th in UTC.
    org = OrganizationFactory(last_verified_at=paris(2026, 1, 15, 23, 30))
    with app.test_request_context():
        assert not freshness.is_stale(org, date(2027, 1, 15))
        assert freshness.is_stale(org, date(2027, 1, 16))
        assert freshness.is_stale(org, date(2027, 1, 16), count=12)
        assert not freshness.is_stale(org, date(2027, 1, 16), count=13)
        db.session.commit()
        assert db.session.scalars(freshness.stale_query(date(2027, 1, 15))).all() == []
        assert db.session.scalars(freshness.stale_query(date(2027, 1, 16))).all() == [org]


def test_never_verified_counts_from_the_last_edit(app, db):
    org = OrganizationFactory(last_verified_at=None, last_edited_at=paris(2026, 3, 1, 10, 0))
    db.session.commit()
    with app.test_request_context():
        assert not freshness.is_stale(org, date(2027, 3, 1))
        assert freshness.is_stale(org, date(2027, 3, 2))
        assert db.session.scalars(freshness.stale_query(date(2027, 3, 2))).all() == [org]


def test_the_number_of_months_is_configurable(app, db):
    org = OrganizationFactory(last_verified_at=paris(2026, 1, 10, 12, 0))
    app.config["FRESHNESS_MONTHS"] = 6
    try:
        with app.test_request_context():
            assert freshness.is_stale(org, date(2026, 7, 11))
    finally:
        del app.config["FRESHNESS_MONTHS"]
    with app.test_request_context():
        assert not freshness.is_stale(org, date(2026, 7, 11))


def test_stale_listing_is_marked_for_the_public_but_still_shown(client, db):
    old = OrganizationFactory(nom="Club ancien", last_verified_at=paris(2020, 5, 1, 12, 0))
    fresh = OrganizationFactory(nom="Club récent", last_verified_at=paris(2026, 11, 1, 12, 0))
    db.session.commit()
    page = client.get(f"/annuaire/{old.slug}")
    assert page.status_code == 200
    assert STALE in page.text and "Informations vérifiées le 1er mai 2020" in page.text
    assert STALE not in client.get(f"/annuaire/{fresh.slug}").text
    from directory import search

    search.drain()
    results = client.get("/annuaire?q=club").text
    assert "Club ancien" in results and "Club récent" in results
    assert results.count(STALE) == 1


def test_confirming_without_change_removes_the_mark(client, db):
    org = OrganizationFactory(last_verified_at=paris(2020, 5, 1, 12, 0))
    sign_in(client, member_of(org))
    assert STALE in client.get(f"/annuaire/{org.slug}").text
    page = client.get(f"/gestion/{org.slug}")
    client.post(f"/gestion/{org.slug}/confirmer", data={"csrf_token": csrf_token(page.text)})
    assert STALE not in client.get(f"/annuaire/{org.slug}").text


def test_staff_list_of_stale_listings_sorts_and_filters(client, db):
    b = OrganizationFactory(nom="B Tennis", last_verified_at=paris(2020, 1, 1, 12, 0))
    a = OrganizationFactory(nom="A Théâtre", last_verified_at=paris(2022, 1, 1, 12, 0),
                            kind="service-public")
    a.communes.append(commune("pont-sur-yonne"))
    OrganizationFactory(nom="C Récent", last_verified_at=paris(2026, 11, 1, 12, 0))
    draft = OrganizationFactory(nom="D Brouillon", status="draft",
                                last_verified_at=paris(2020, 1, 1, 12, 0))
    assert draft
    sign_in(client, UserFactory(role=Role.MODERATOR))

    page = client.get("/moderation/fiches-a-verifier").text
    assert page.index("B Tennis") < page.index("A Théâtre")  # oldest first
    assert "C Récent" not in page and "D Brouillon" not in page
    page = client.get("/moderation/fiches-a-verifier?tri=nom").text
    assert page.index("A Théâtre") < page.index("B Tennis")
    page = client.get("/moderation/fiches-a-verifier?type=service-public").text
    assert "A Théâtre" in page and "B Tennis" not in page
    page = client.get("/moderation/fiches-a-verifier?commune=pont-sur-yonne").text
    assert "A Théâtre" in page and "B Tennis" not in page
    assert b.nom in client.get("/moderation/fiches-a-verifier?tri=%3Cx%3E&type=zz").text


def test_stale_list_is_for_the_staff_only(client, db):
    org = OrganizationFactory()
    assert client.get("/moderation/fiches-a-verifier").status_code == 302
    sign_in(client, member_of(org))
    assert client.get("/moderation/fiches-a-verifier").status_code == 403
