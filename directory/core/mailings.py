"""Mail batches run by cron (campaign mails, deadline reminders), each due mail sent at most once.

A due mail is first claimed: a mark that only one of two concurrent runs can win (a conditional
UPDATE, or a row under a unique constraint), committed. Then it leaves, at once. If every
address fails, the mark is taken back so that the next run tries again. Unlike the pages'
mails (`core.mail.queue_mail`), a batch must know whether a mail left, hence sends it itself.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

import click
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from directory.core.extensions import db
from directory.core.mail import deliver
from directory.core.models import utcnow


@dataclass
class DueMail:
    """One mail of a batch (to one or several addresses of the same organisation)."""

    #: What the batch counts it as ("first", "reminders", …).
    kind: str
    #: Commits the mark; False when another run has it (or had it).
    claim: Callable[[], bool]
    #: The messages, one per address; called only once the mail is claimed.
    compose: Callable[[], list[EmailMessage]]
    #: Takes the mark back and commits: no address got the mail.
    release: Callable[[], None]


def send_batch(mails: Iterable[DueMail]) -> Counter[str]:
    """Claim and send each due mail: the counts by kind, and "failed" (left for the next run)."""
    sent: Counter[str] = Counter()
    for mail in mails:
        if not mail.claim():
            continue
        if any([deliver(message) for message in mail.compose()]):  # every address is tried
            sent[mail.kind] += 1
        else:
            sent["failed"] += 1
            mail.release()
    return sent


def claim_update(model, row_id: int, condition, **values) -> bool:
    """Set `values` on the row if `condition` still holds, and commit: one run wins."""
    result = db.session.execute(
        update(model).where(model.id == row_id, condition)
        .values(**values).execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def claim_row(row) -> bool:
    """Insert a row that a unique constraint allows once, and commit: one run wins."""
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def release_row(row) -> None:
    db.session.delete(row)
    db.session.commit()


def batch_group(name: str, description: str, send_due: Callable[[datetime], Counter[str]], *,
                help: str, summary: str, example: str) -> click.Group:
    """The CLI group `flask <name>` with its cron command `send-reminders`, which runs
    `send_due(now)`; running it twice never sends a mail twice.

    `summary` is formatted with the counts (a kind not sent counts 0); the exit status is 1
    when a mail failed, so that cron tells someone. `example`: a --now value for the error.
    """
    group = click.Group(name, help=description)

    @group.command("send-reminders", help=f"{help}\n\nLinks in the mails need "
                   "DIRECTORY_SERVER_NAME (and DIRECTORY_PREFERRED_URL_SCHEME=https).")
    @click.option("--now", type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S%z"]),
                  help="Instant de référence (ISO 8601 avec fuseau), pour les essais.")
    def send_reminders(now: datetime | None):
        if now is not None and now.tzinfo is None:
            raise click.BadParameter(f"indiquez le fuseau, par exemple {example}",
                                     param_hint="--now")
        sent = send_due(now or utcnow())
        click.echo(f"{summary.format_map(sent)}, {sent['failed']} échec(s).")
        if sent["failed"]:
            raise SystemExit(1)

    return group
