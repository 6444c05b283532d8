"""The quarterly editions' template helpers: the finalised editions, for the public page."""

from sqlalchemy import select

from directory.core.extensions import db
from directory.editions.models import Edition, EditionState


def quarterly_editions() -> list[Edition]:
    """For the public /editions page: the finalised editions, latest first."""
    return list(db.session.scalars(
        select(Edition).where(Edition.state == EditionState.FINALISED)
        .order_by(Edition.year.desc(), Edition.quarter.desc())))
