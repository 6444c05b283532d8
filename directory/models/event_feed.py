"""Organisations' own iCalendar feeds, imported into the agenda by `flask agenda import-feeds`."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import db
from directory.models.base import TimestampMixin, UTCDateTime
from directory.models.event import Event, EventOverride
from directory.models.organization import Organization


class EventFeed(TimestampMixin, db.Model):
    """The address of an organisation's calendar; its events are matched by their UID."""

    __tablename__ = "event_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: One feed per organisation.
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), unique=True)
    #: http or https; imported events keep it in Event.source_feed_url.
    url: Mapped[str] = mapped_column(String(500))
    #: Validators of the last answer, sent back for a conditional GET.
    etag: Mapped[str | None] = mapped_column(String(255))
    http_last_modified: Mapped[str | None] = mapped_column(String(64))
    last_fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Last time the feed was read without error (its events are then up to date).
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: French message of the last failure, None after a success.
    last_error: Mapped[str | None] = mapped_column(Text)
    #: Summary of the last import, e.g. "3 ajoutés, 1 modifié, 0 annulé".
    last_report: Mapped[str | None] = mapped_column(String(255))
    #: Set when the organisation stops the import (the row is kept, never deleted).
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organization: Mapped[Organization] = relationship()

    def __repr__(self) -> str:
        return f"<EventFeed {self.organization_id} {self.url!r}>"


# The feeds' version (directory/feeds.py) is max(updated_at) over events and organisations
# and max(last_modified_at) over overrides: with these indexes, an index lookup instead of a
# table scan, so that a conditional feed request stays within a few milliseconds.
Index("ix_events_updated_at", Event.updated_at)
Index("ix_event_overrides_last_modified_at", EventOverride.last_modified_at)
Index("ix_organizations_updated_at", Organization.updated_at)
