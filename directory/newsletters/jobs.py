"""Background sending: a run claims the due mails of a period or letter, then batches send them.

A run (`dispatch`) inserts one pending Delivery per subscriber, all in one transaction: the
unique (subscription, key) lets a second run claim nothing twice. It then queues batches of
NEWSLETTER_BATCH_SIZE mails; a batch sends over one SMTP connection, with the bounce address
NEWSLETTER_BOUNCE_ADDRESS as envelope sender, and records each mail as it leaves. A batch that
raises is run again by the queue (retries); a mail the server refused stays FAILED and the
next run of the same period tries it again, up to MAX_ATTEMPTS times.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from huey import crontab
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from directory.core import jobs
from directory.core.extensions import db
from directory.core.jobs import Job, JobState
from directory.core.mail import BatchSender
from directory.core.models import utcnow
from directory.newsletters import mails, operations, queries, tokens
from directory.newsletters.models import (
    Delivery,
    DeliveryState,
    Frequency,
    Newsletter,
    SavedSearch,
    Subscription,
)

MAX_ATTEMPTS = 3
#: A mail still pending this long after its run claimed it: that run died, the next sends it.
STALE_AFTER = timedelta(hours=6)
DIGEST_JOB, LETTER_JOB = queries.DIGEST_JOB, queries.LETTER_JOB


def start_digests(frequency: str, now: datetime, author=None) -> Job:
    """Queue the run that sends this period's digests (after the caller commits)."""
    key = queries.period_key(frequency, now)
    job = jobs.create_job(DIGEST_JOB, f"Lettre {frequency} {key.removeprefix('digest:')}",
                          options={"frequency": frequency, "now": now.isoformat(), "key": key},
                          author=author)
    jobs.enqueue_after_commit(dispatch, job.id)
    return job


def start_letter(letter: Newsletter, author=None) -> Job:
    key = f"letter:{letter.id}"
    job = jobs.create_job(LETTER_JOB, letter.title,
                          options={"letter": letter.id, "key": key}, author=author)
    jobs.enqueue_after_commit(dispatch, job.id)
    return job


def _batches(ids: list[int]) -> list[list[int]]:
    size = max(1, int(current_app.config["NEWSLETTER_BATCH_SIZE"]))
    return [ids[i:i + size] for i in range(0, len(ids), size)]


@jobs.task()
def dispatch(job_id: int) -> None:
    job = db.session.get(Job, job_id)
    jobs.start(job)
    key = job.options["key"]
    letter_id = job.options.get("letter")
    if letter_id is not None:
        due = queries.letter_recipients(db.session.get(Newsletter, letter_id), key)
    else:
        due = queries.due_subscriptions(job.options["frequency"], key)
    try:
        claimed = operations.claim_deliveries(due, key, letter_id)
        if letter_id is not None:
            operations.mark_sent(db.session.get(Newsletter, letter_id))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        job = db.session.get(Job, job_id)
        jobs.finish(job, JobState.FAILED, error="Un autre envoi de la même lettre est en cours.")
        db.session.commit()
        return
    # Others' pending mails are left to the run that claimed them, unless it died long ago.
    retried = queries.retryable_deliveries(key, MAX_ATTEMPTS, utcnow() - STALE_AFTER)
    batches = _batches(claimed + retried)
    jobs.finish(job, JobState.DONE, report={
        "key": key, "claimed": len(due), "retried": len(retried), "batches": len(batches)})
    for batch in batches:
        jobs.enqueue_after_commit(send_batch, job_id, batch)
    db.session.commit()


#: Mails recorded (sent, failed, empty) in one commit: a batch that dies before recording them
#: and runs again sends these few a second time, never the whole batch.
RECORD_EVERY = 25


@jobs.task(retries=2, retry_delay=60)
def send_batch(job_id: int, delivery_ids: list[int]) -> None:
    """Send the mails of these deliveries; those already sent (a batch run again) are skipped.

    Each distinct digest is built and rendered once, then made personal (the subscriber's
    links) for each of its recipients.
    """
    # The digests' rows are read once and stay as read for the batch: the commits that record
    # the mails must not expire them (reloading them would cost queries per mail). The session
    # is the task's own, dropped at its end.
    db.session().expire_on_commit = False
    job = db.session.get(Job, job_id)
    options = dict(job.options)
    # Plain values: the commits of the loop expire ORM objects, reloading them would cost a
    # query per mail.
    rows = db.session.execute(
        select(Delivery.id, Subscription)
        .join(Subscription, Subscription.id == Delivery.subscription_id)
        .where(Delivery.id.in_(delivery_ids),
               Delivery.state.in_([DeliveryState.PENDING, DeliveryState.FAILED]))
        .order_by(Delivery.id)
    ).all()
    # Their saved searches in one query, not one per mail.
    searches: dict[int, list[SavedSearch]] = {}
    for search in db.session.scalars(select(SavedSearch).where(
            SavedSearch.subscription_id.in_([s.id for _, s in rows]))):
        searches.setdefault(search.subscription_id, []).append(search)
    recipients = [(delivery_id, _Recipient(s.id, s.email, s.active,
                                           queries.Criteria.of(s, searches.get(s.id, []))))
                  for delivery_id, s in rows]
    letter_id = options.get("letter")
    letter_mail = None
    if letter_id is not None:
        letter = db.session.get(Newsletter, letter_id)
        letter_mail = mails.render_letter(letter, queries.letter_content(letter))
    source = (queries.DigestSource(options["frequency"], datetime.fromisoformat(options["now"]))
              if letter_id is None else None)
    rendered: dict = {}
    results: list[tuple[int, int, str]] = []
    bounce = current_app.config["NEWSLETTER_BOUNCE_ADDRESS"]
    with BatchSender(envelope_from=bounce) as sender:
        prepared = sender.accepts_8bit()
        for delivery_id, recipient in recipients:
            mail = letter_mail
            if letter_mail is None and recipient.active:
                if recipient.criteria not in rendered:
                    digest = source.digest(recipient.criteria)
                    rendered[recipient.criteria] = (
                        None if digest.empty else mails.render_digest(digest, options["frequency"]))
                mail = rendered[recipient.criteria]
            if not recipient.active or mail is None:
                state = DeliveryState.EMPTY
            else:
                data = mail.bytes_for(recipient) if prepared else None
                if data is not None:
                    left = sender.send_prepared(data, recipient.email, mail.subject)
                else:
                    left = sender.send(mail.for_subscriber(recipient))
                state = DeliveryState.SENT if left else DeliveryState.FAILED
            results.append((delivery_id, recipient.id, state))
            if len(results) >= RECORD_EVERY:
                operations.record_deliveries(results)
                db.session.commit()
                results = []
    operations.record_deliveries(results)
    db.session.commit()


@dataclass(frozen=True)
class _Recipient:
    """What a batch needs of a subscription (for_subscriber reads id and email)."""

    id: int
    email: str | None
    active: bool
    criteria: queries.Criteria


# Schedule ------------------------------------------------------------------------------------

def run_digests(frequency: str, now: datetime | None = None) -> Job:
    """This period's digests queued (`flask newsletters send-digests` does the same by hand);
    addresses never confirmed are forgotten first."""
    now = now or utcnow()
    operations.forget_unconfirmed(now - timedelta(seconds=tokens.CONFIRM_MAX_AGE))
    job = start_digests(frequency, now)
    db.session.commit()
    return job


@jobs.periodic(crontab(minute="0", hour="5", day_of_week="1"))  # Monday, 6 or 7 in Paris
def weekly_digests() -> int:
    return run_digests(Frequency.WEEKLY).id


@jobs.periodic(crontab(minute="0", hour="5", day="1"))
def monthly_digests() -> int:
    return run_digests(Frequency.MONTHLY).id
