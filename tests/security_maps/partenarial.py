"""Write routes of the partner directory: orientation sheets, referrals, professional access."""

from directory.accounts.models import Role
from directory.partners import access as professionals
from tests.factories import UserFactory
from tests.security_maps.route import Route

ROUTES = {
    "partners.sheet": Route(
        lambda s: (f"/partenaires/services/{s.service.id}/fiche",
                   {"email": "personne@exemple.fr", "consent": "y", "send": "Envoyer"}),
        # Professionals only: a member of the structure without the role is refused too.
        "professional",
    ),
    "partners.refer": Route(
        lambda s: (f"/partenaires/services/{s.service.id}/orienter",
                   {"recipient": "bureau@cible.fr", "name": "M. D.", "contact": "06 00 00 00 00",
                    "need": "Aide alimentaire", "consent": "y"}),
        "professional",
    ),
    "partners.request_access": Route(
        lambda s: ("/partenaires/acces",
                   {"name": "Camille", "structure": "CCAS", "role": "Assistante sociale",
                    "reason": "J'oriente des familles du territoire."}),
        # Any account may ask: the request waits for the staff.
        "anyone-signed-in",
    ),
    "partners.alerts": Route(
        lambda s: ("/partenaires/alertes", {"q": "aide alimentaire", "frequency": "hebdomadaire"}),
        "professional",
    ),
    "partners.stop_alert": Route(
        lambda s: (f"/partenaires/alertes/{s.saved_search.id}/arreter", {}),
        # Its owner only (another professional gets 403).
        "professional",
    ),
    "partners.revoke_access": Route(
        lambda s: (f"/moderation/acces-professionnels/comptes/{s.professional.id}/retirer", {}),
        "staff",
    ),
    "partners.decide_access": Route(
        lambda s: (f"/moderation/acces-professionnels/{s.access_request.id}",
                   {"accept": "Accepter"}),
        "staff",
    ),
}


def extend_scene(s) -> None:
    from directory.newsletters.operations import save_search

    s.professional = UserFactory(role=Role.PROFESSIONAL)
    s.saved_search = save_search(s.professional, {"q": "logement"}, "hebdomadaire")
    s.access_request = professionals.request_access(
        UserFactory(), name="Dominique", structure="Mission locale", organization_id=None,
        role="Conseiller", reason="J'accompagne des jeunes.",
    )


def fingerprint() -> tuple:
    from sqlalchemy import select

    from directory.accounts.models import User
    from directory.core.extensions import db
    from directory.newsletters.models import SavedSearch
    from directory.partners.models import ProfessionalRequest

    requests = tuple((r.id, r.state) for r in db.session.scalars(
        select(ProfessionalRequest).order_by(ProfessionalRequest.id)))
    roles = tuple((u.id, u.role) for u in db.session.scalars(select(User).order_by(User.id)))
    searches = tuple(db.session.execute(select(SavedSearch.id, SavedSearch.q, SavedSearch.user_id)
                                        .order_by(SavedSearch.id)))
    return requests, roles, searches
