"""The finalised edition's PDF, laid out by the job worker once the edition is frozen."""

from directory.core import jobs
from directory.core.extensions import db
from directory.editions import layout as quarterly
from directory.editions.models import Edition


@jobs.task()
def build_final_pdf(edition_id: int) -> None:
    """The finalised edition's A4 PDF, laid out once from its frozen content and kept."""
    edition = db.session.get(Edition, edition_id)
    if edition is None or not edition.is_finalised or edition.pdf is not None:
        return
    edition.pdf = quarterly.render_edition_pdf(edition.content, "a4")
    db.session.commit()
