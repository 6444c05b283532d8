"""Changes to subscriptions: subscribe, confirm, change, unsubscribe (flush, never commit)."""

from sqlalchemy import delete, update

from directory.accounts.models import normalize_email
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.newsletters.models import (
    Delivery,
    Frequency,
    LetterState,
    Newsletter,
    SavedSearch,
    Subscription,
)

#: What subscribe() did, for the mail it calls for.
CREATED, PENDING, ALREADY = "created", "pending", "already"


def _apply(subscription: Subscription, preferences: dict) -> None:
    subscription.frequency = preferences["frequency"]
    subscription.themes = sorted(preferences["themes"])
    subscription.publics = sorted(preferences["publics"])
    subscription.communes = sorted(preferences["communes"])
    subscription.missions = preferences["missions"]
    if "territory" in preferences:
        subscription.territory = preferences["territory"]


def subscribe(email: str, preferences: dict) -> tuple[Subscription, str]:
    """A new subscription waiting for its confirmation, or the existing one.

    An active subscription is left as it is (whoever typed the address may not own it: the
    mail sent then carries the management link); one never confirmed takes the new choices.
    """
    email = normalize_email(email)
    subscription = db.session.query(Subscription).filter_by(email=email).one_or_none()
    if subscription is not None and subscription.active:
        return subscription, ALREADY
    if subscription is None:
        subscription = Subscription(email=email)
        db.session.add(subscription)
        outcome = CREATED
    else:
        outcome = PENDING
    _apply(subscription, preferences)
    db.session.flush()
    return subscription, outcome


def confirm(subscription: Subscription) -> None:
    if subscription.confirmed_at is None:
        subscription.confirmed_at = utcnow()
    db.session.flush()


def change(subscription: Subscription, preferences: dict) -> None:
    _apply(subscription, preferences)
    db.session.flush()


def unsubscribe(subscription: Subscription) -> None:
    """Stops every mail and forgets the address and choices; the row stays, counted."""
    subscription.unsubscribed_at = utcnow()
    subscription.email = None
    subscription.themes, subscription.publics, subscription.communes = [], [], []
    subscription.searches.clear()
    db.session.flush()


def save_search(user, values: dict[str, str], frequency: str) -> SavedSearch:
    """A signed-in professional's search of `/partenaires`, mailed in the digests of the
    subscription of their account's address (created for it, territory digest off, when there
    is none). The account's address is known to be theirs: no confirmation mail. The same
    search saved again is the one already saved."""
    email = normalize_email(user.email)
    subscription = db.session.query(Subscription).filter_by(email=email).one_or_none()
    if subscription is None:
        subscription = Subscription(email=email, territory=False, missions=False)
        db.session.add(subscription)
    elif not subscription.active:
        # Choices typed by someone and never confirmed: the alert alone is confirmed.
        subscription.territory = False
    subscription.frequency = Frequency(frequency)
    if subscription.confirmed_at is None:
        subscription.confirmed_at = utcnow()
    key = tuple(values.get(name) or "" for name in SavedSearch.FIELDS)
    for search in subscription.searches:
        if search.key == key:
            db.session.flush()
            return search
    search = SavedSearch(user_id=user.id, **{name: values.get(name) or None
                                             for name in SavedSearch.FIELDS})
    search.q = values.get("q") or ""
    subscription.searches.append(search)
    db.session.flush()
    return search


def stop_search(search: SavedSearch) -> Subscription:
    """Forget the search; a subscription left with nothing to send is stopped too."""
    subscription = search.subscription
    subscription.searches.remove(search)
    if not subscription.territory and not subscription.searches:
        unsubscribe(subscription)
    db.session.flush()
    return subscription


def claim_deliveries(subscription_ids: list[int], key: str, newsletter_id: int | None = None
                     ) -> list[int]:
    """One pending mail per subscription for this period or letter, their ids; the unique
    key makes a concurrent run fail (IntegrityError at flush) instead of sending twice."""
    rows = [Delivery(subscription_id=sid, key=key, newsletter_id=newsletter_id)
            for sid in subscription_ids]
    db.session.add_all(rows)
    db.session.flush()
    return [row.id for row in rows]


def record_deliveries(results: list[tuple[int, int, str]]) -> None:
    """(delivery id, subscription id, state) of mails a batch sent, failed, or found empty."""
    by_state: dict[str, list[int]] = {}
    for delivery_id, _, state in results:
        by_state.setdefault(state, []).append(delivery_id)
    for state, ids in by_state.items():
        db.session.execute(
            update(Delivery).where(Delivery.id.in_(ids))
            .values(state=state, attempts=Delivery.attempts + 1)
            .execution_options(synchronize_session=False))


def create_letter(author, values: dict) -> Newsletter:
    letter = Newsletter(author_id=author.id, **values)
    db.session.add(letter)
    db.session.flush()
    return letter


def update_letter(letter: Newsletter, values: dict) -> None:
    for name, value in values.items():
        setattr(letter, name, value)
    db.session.flush()


def mark_sending(letter: Newsletter) -> None:
    letter.state = LetterState.SENDING
    db.session.flush()


def mark_sent(letter: Newsletter) -> None:
    """Its recipients are claimed: its web version goes online."""
    letter.state = LetterState.SENT
    letter.sent_at = utcnow()
    db.session.flush()


def mark_tested(letter: Newsletter) -> None:
    letter.tested_at = utcnow()
    db.session.flush()


def forget_unconfirmed(before) -> int:
    """Addresses never confirmed whose link has expired: nothing of them is kept."""
    result = db.session.execute(
        delete(Subscription).where(Subscription.confirmed_at.is_(None),
                                   Subscription.unsubscribed_at.is_(None),
                                   Subscription.created_at < before)
        .execution_options(synchronize_session=False))
    return result.rowcount
