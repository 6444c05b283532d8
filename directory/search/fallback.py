"""A plain database search, answered while the index cannot be read or rebuilt."""

from sqlalchemy import func, or_, select

from directory.listings.models.organization import Organization
from directory.search import indexer
from directory.search.analysis import WORD_RE
from directory.search.types import SearchQuery, SearchResults
from directory.taxonomy.models import Commune, Public, Theme
from directory.taxonomy.vocabularies import Status


def search(query: SearchQuery) -> SearchResults:
    stmt = select(Organization.id).where(
        Organization.status == Status.PUBLISHED, Organization.archived_at.is_(None)
    )
    for word in WORD_RE.findall(query.q):
        pattern = f"%{word}%"
        stmt = stmt.where(
            or_(Organization.nom.ilike(pattern), Organization.presentation_resume.ilike(pattern))
        )
    if query.theme:
        stmt = stmt.where(
            Organization.themes.any(
                or_(Theme.slug == query.theme, Theme.parent.has(Theme.slug == query.theme))
            )
        )
    if query.public:
        stmt = stmt.where(Organization.publics.any(Public.slug == query.public))
    if query.commune:
        stmt = stmt.where(Organization.communes.any(Commune.slug == query.commune))
    if query.benevoles:
        stmt = stmt.where(Organization.volunteers_wanted.is_(True))
    if query.type:
        stmt = stmt.where(Organization.kind == query.type)
    with indexer.session() as session:
        total = session.scalar(select(func.count()).select_from(stmt.subquery()))
        ids = session.scalars(
            stmt.order_by(func.lower(Organization.nom), Organization.id)
            .offset((query.page - 1) * query.per_page)
            .limit(query.per_page)
        ).all()
    return SearchResults(query=query, ids=list(ids), total=total)
