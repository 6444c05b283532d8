"""Background sending: a run claims the due mails of a period or letter, then batches send them.

A run (`dispatch`) inserts one pending Delivery per subscriber, all in one transaction: the
unique (subscription, key) lets a second run claim nothing twice. It then queues batches of
NEWSLETTER_BATCH_SIZE mails; a batch sends over one SMTP connection, with the bounce address
NEWSLETTER_BOUNCE_ADDRESS as envelope sender, and records each mail as it leaves. A batch that
raises is run again by the queue (retries); a mail the server refused stays FAILED and the
next run of the same period tries it again, up to MAX_ATTEMPTS times.
"""

from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from directory.core import jobs
from directory.core.extensions import db
from directory.core.jobs import Job, JobState
from directory.core.mail import BatchSender
from directory.newsletters import mails, operations, queries
from directory.newsletters.models import Delivery, DeliveryState, Newsletter

MAX_ATTEMPTS = 3
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
        operations.claim_deliveries(due, key, letter_id)
        if letter_id is not None:
            operations.mark_sent(db.session.get(Newsletter, letter_id))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        job = db.session.get(Job, job_id)
        jobs.finish(job, JobState.FAILED, error="Un autre envoi de la même lettre est en cours.")
        db.session.commit()
        return
    pending = list(db.session.scalars(
        select(Delivery.id).where(Delivery.key == key, Delivery.state == DeliveryState.PENDING)
        .order_by(Delivery.id)))
    retried = queries.retryable_deliveries(key, MAX_ATTEMPTS)
    batches = _batches(pending + retried)
    jobs.finish(job, JobState.DONE, report={
        "key": key, "claimed": len(due), "retried": len(retried), "batches": len(batches)})
    for batch in batches:
        jobs.enqueue_after_commit(send_batch, job_id, batch)
    db.session.commit()


@jobs.task(retries=2, retry_delay=60)
def send_batch(job_id: int, delivery_ids: list[int]) -> None:
    """Send the mails of these deliveries; those already sent (a batch run again) are skipped."""
    job = db.session.get(Job, job_id)
    deliveries = db.session.scalars(
        select(Delivery).where(Delivery.id.in_(delivery_ids),
                               Delivery.state.in_([DeliveryState.PENDING, DeliveryState.FAILED]))
        .options(selectinload(Delivery.subscription)).order_by(Delivery.id)
    ).all()
    letter_id = job.options.get("letter")
    letter = db.session.get(Newsletter, letter_id) if letter_id is not None else None
    content = queries.letter_content(letter) if letter is not None else None
    now = datetime.fromisoformat(job.options["now"]) if letter is None else None
    digests: dict = {}
    bounce = current_app.config["NEWSLETTER_BOUNCE_ADDRESS"]
    with BatchSender(envelope_from=bounce) as sender:
        for delivery in deliveries:
            subscription = delivery.subscription
            if not subscription.active:
                operations.record_delivery(delivery, DeliveryState.EMPTY)
                db.session.commit()
                continue
            if letter is not None:
                message = mails.letter_message(subscription, letter, content)
            else:
                criteria = queries.Criteria.of(subscription)
                if criteria not in digests:
                    digests[criteria] = queries.build_digest(
                        criteria, job.options["frequency"], now)
                digest = digests[criteria]
                if digest.empty:
                    operations.record_delivery(delivery, DeliveryState.EMPTY)
                    db.session.commit()
                    continue
                message = mails.digest_message(subscription, digest)
            left = sender.send(message)
            operations.record_delivery(delivery, DeliveryState.SENT if left
                                       else DeliveryState.FAILED)
            # Each mail recorded as it leaves: a batch run again sends only what did not.
            db.session.commit()
