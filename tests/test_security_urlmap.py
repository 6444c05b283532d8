"""Every route that accepts POST/PUT/PATCH/DELETE refuses an anonymous visitor and a member of
another organisation, with a valid CSRF token so that the refusal comes from authorisation.

ROUTES maps each such rule to how to build its URL and form, and to who may use it (the
positive control that proves the URL and form are right). A rule missing from the map fails.
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from directory.accounts.models import Role
from directory.core.dates import today_paris
from directory.core.extensions import db as _db
from directory.listings import moderation, revisions
from directory.listings import operations as organizations
from directory.listings.models.moderation import Claim, ErrorReport
from directory.listings.models.organization import Organization
from directory.listings.models.revision import Revision
from directory.listings.models.service import Service
from tests.conftest import csrf_token, sign_in
from tests.factories import (
    ContactFactory,
    MembershipFactory,
    OrganizationFactory,
    PlaceFactory,
    ServiceFactory,
    UserFactory,
)
from tests.security_maps import area_modules
from tests.security_maps.route import Route

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

#: Meant for anonymous visitors: not checked here, each for the reason given.
PUBLIC = {
    "account.register": "creating an account is for people without one",
    "account.login": "signing in",
    "account.magic_link": "the emailed, single-use token is the credential",
    "account.forgot_password": "asks for a reset link; same answer whether the account exists",
    "account.reset_password": "the emailed, single-use token is the credential",
    "account.invitation": "the emailed invitation token is the credential",
    "account.logout": "ends the visitor's own session only",
    "manage.report": "« Signaler une erreur » is open to everyone (honeypot and rate limit)",
    "campaigns.review": "the personal campaign link (signed, expiring) is the credential; "
                        "it only confirms the listing unchanged",
}


ROUTES = {
    "account.invite": Route(
        lambda s: ("/compte/inviter", {"organization": s.org.slug, "email": "x@exemple.fr",
                                       "role": "gestionnaire"}),
        "member",
        # The organisation list offers only the inviter's own: another one is refused as an
        # invalid choice (400 with the field error), and nothing is created (checked below).
        outsider_status=(400,),
    ),
    "manage.new": Route(
        lambda s: ("/gestion/nouvelle", {"nom": "Nouvelle association"}),
        # Any account may propose a new listing: it is a draft until the staff accepts it.
        "anyone-signed-in",
    ),
    "manage.claim": Route(
        lambda s: (f"/annuaire/{s.org.slug}/revendiquer", {"message": "C'est la mienne"}),
        # Any account may ask to manage a listing: the claim waits for the staff.
        "anyone-signed-in",
    ),
    "manage.edit": Route(
        lambda s: (f"/gestion/{s.org.slug}", {"nom": "Piratée", "base_revision": str(s.number)}),
        "member",
    ),
    "manage.confirm": Route(lambda s: (f"/gestion/{s.org.slug}/confirmer", {}), "member"),
    "manage.new_service": Route(
        lambda s: (f"/gestion/{s.org.slug}/activites/nouvelle", {"nom": "Intrus"}), "member"
    ),
    "manage.edit_service": Route(
        lambda s: (f"/gestion/{s.org.slug}/activites/{s.service.id}",
                   {"nom": "Piratée", "base_revision": str(s.number)}),
        "member",
    ),
    "manage.archive_service": Route(
        lambda s: (f"/gestion/{s.org.slug}/activites/{s.service.id}/archiver", {}), "member"
    ),
    "manage.new_place": Route(
        lambda s: (f"/gestion/{s.org.slug}/adresses/nouvelle",
                   {"adresse": "1 rue Intruse", "commune": "pont-sur-yonne"}), "member"
    ),
    "manage.edit_place": Route(
        lambda s: (f"/gestion/{s.org.slug}/adresses/{s.place.id}",
                   {"adresse": "2 rue Piratée", "commune": "pont-sur-yonne",
                    "base_revision": str(s.number)}),
        "member",
    ),
    "manage.remove_place": Route(
        lambda s: (f"/gestion/{s.org.slug}/adresses/{s.place.id}/retirer", {}), "member"
    ),
    "manage.new_contact": Route(
        lambda s: (f"/gestion/{s.org.slug}/contacts/nouveau",
                   {"label": "Intrus", "visibility": "public", "courriel": "x@exemple.fr"}),
        "member",
    ),
    "manage.edit_contact": Route(
        lambda s: (f"/gestion/{s.org.slug}/contacts/{s.contact.id}",
                   {"label": "Piraté", "visibility": "public", "courriel": "x@exemple.fr",
                    "base_revision": str(s.number)}),
        "member",
    ),
    "manage.remove_contact": Route(
        lambda s: (f"/gestion/{s.org.slug}/contacts/{s.contact.id}/retirer", {}), "member"
    ),
    "manage.confirm_claim": Route(
        lambda s: (f"/annuaire/{s.org.slug}/revendiquer/{s.claim_token}", {}), "claimant"
    ),
    "campaigns.new": Route(
        lambda s: ("/moderation/campagnes/nouvelle",
                   {"name": "Mise à jour", "reminders": "14",
                    "ends_on": (today_paris() + timedelta(days=30)).isoformat()}),
        "staff",
    ),
    "moderation.listing": Route(
        lambda s: (f"/moderation/fiches/{s.draft.id}", {"accept": "Accepter"}), "staff"
    ),
    "moderation.archive": Route(
        lambda s: (f"/moderation/fiches/{s.org.id}/archiver", {"reason": "Dissoute"}), "staff"
    ),
    "moderation.trust": Route(lambda s: (f"/moderation/fiches/{s.org.id}/confiance", {}), "staff"),
    "moderation.change": Route(
        lambda s: (f"/moderation/modifications/{s.pending.id}", {"accept": "Accepter"}), "staff"
    ),
    "moderation.restore": Route(
        lambda s: (f"/moderation/revisions/{s.first.id}/restaurer", {}), "staff"
    ),
    "moderation.claim": Route(
        lambda s: (f"/moderation/revendications/{s.claim.id}", {"accept": "Accepter"}), "staff"
    ),
    "moderation.report": Route(
        lambda s: (f"/moderation/signalements/{s.report.id}", {"reason": "Vu"}), "staff"
    ),
}


AREAS = area_modules()
for _area in AREAS:
    ROUTES.update(getattr(_area, "ROUTES", {}))
    PUBLIC.update(getattr(_area, "PUBLIC", {}))


def write_rules(app) -> dict[str, str]:
    return {
        rule.endpoint: rule.rule
        for rule in app.url_map.iter_rules()
        if rule.methods & WRITE_METHODS
    }


def test_every_write_route_is_in_the_map(app):
    rules = write_rules(app)
    missing = sorted(set(rules) - ROUTES.keys() - PUBLIC.keys())
    assert not missing, f"add these rules to ROUTES or PUBLIC: {[rules[e] for e in missing]}"
    stale = sorted((ROUTES.keys() | PUBLIC.keys()) - set(rules))
    assert not stale, f"rules gone from the app, remove them from the map: {stale}"


def scene():
    """A published organisation with everything a write route can act on, and its people."""
    org = OrganizationFactory(nom="Cible", courriel="bureau@cible.fr")
    service = ServiceFactory(organization=org)
    place = PlaceFactory()
    org.places.append(place)
    contact = ContactFactory(organization=org)
    member = MembershipFactory(organization=org).user
    outsider = MembershipFactory(organization=OrganizationFactory(nom="Autre")).user
    staff = UserFactory(role=Role.MODERATOR)
    revisions.save(org, staff, organizations.with_fields(org, {
        **revisions.snapshot_of(org)["fields"], "telephone": "03 86 00 00 01",
        "themes": [], "publics": [], "communes": [],
    }), 0)
    proposed = revisions.snapshot_of(org)
    proposed["fields"]["sigle"] = "CIB"
    pending = revisions.save(org, member, proposed, revisions.current_number(org))
    claimant = UserFactory(email="bureau@cible.fr")
    claim = moderation.claim(org, claimant, "Je suis au bureau")
    report = moderation.report_error(org, "Le téléphone est faux", None)
    draft = organizations.create_listing(UserFactory(), {"nom": "Brouillon"})
    _db.session.commit()
    s = SimpleNamespace(
        org=org, service=service, place=place, contact=contact, member=member,
        outsider=outsider, staff=staff,
        claimant=claimant, claim=claim, claim_token=moderation.claim_token(claim),
        report=report, draft=draft, pending=pending,
        first=revisions.revision_number(org, 1), number=revisions.current_number(org),
    )
    for area in AREAS:
        if hasattr(area, "extend_scene"):
            area.extend_scene(s)
    _db.session.commit()
    return s


def fingerprint() -> tuple:
    """Everything a refused request must leave as it was."""
    _db.session.expire_all()
    counts = tuple(
        _db.session.scalar(select(func.count()).select_from(table))
        for table in _db.metadata.sorted_tables
    )
    orgs = tuple(
        (o.id, o.status, o.trusted, o.last_verified_at, o.archived_at,
         repr(revisions.snapshot_of(o)))
        for o in _db.session.scalars(select(Organization).order_by(Organization.id))
    )
    states = tuple(
        (model.__name__, item.id, item.state)
        for model in (Revision, Claim, ErrorReport)
        for item in _db.session.scalars(select(model).order_by(model.id))
    )
    services = tuple(
        (s.id, s.archived_at) for s in _db.session.scalars(select(Service).order_by(Service.id))
    )
    areas = tuple(area.fingerprint() for area in AREAS if hasattr(area, "fingerprint"))
    return counts, orgs, states, services, areas


def post(client, path: str, data: dict, slug: str):
    # Any page with a form gives this session's CSRF token.
    token = csrf_token(client.get(f"/annuaire/{slug}/signaler").text)
    return client.post(path, data={**data, "csrf_token": token})


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_write_route_refuses_anonymous_and_other_organisations(app, client, db, mailbox,
                                                              endpoint):
    route = ROUTES[endpoint]
    s = scene()
    path, data = route.build(s)
    before = fingerprint()

    response = post(client, path, data, s.org.slug)
    if response.status_code == 302:
        assert response.location.startswith("/compte/connexion"), response.location
    else:
        assert response.status_code in (401, 403, 404), response.status_code
    assert fingerprint() == before, "an anonymous visitor changed something"

    if route.allowed != "anyone-signed-in":
        outsider = sign_in(app.test_client(), s.outsider)
        response = post(outsider, path, data, s.org.slug)
        assert response.status_code in (403, 404, *route.outsider_status), response.status_code
        assert fingerprint() == before, "a member of another organisation changed something"
        assert mailbox.messages == []

    # Positive control: the URL and form are right, the allowed person gets through.
    allowed = s.outsider if route.allowed == "anyone-signed-in" else getattr(s, route.allowed)
    response = post(sign_in(app.test_client(), allowed), path, data, s.org.slug)
    assert response.status_code in (200, 302), (response.status_code, response.text[:2000])
    assert fingerprint() != before, "the allowed person's request changed nothing"
