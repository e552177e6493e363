"""Network-wide writes: the email outbox and the audit log."""

import logging
import time
from collections.abc import Iterable, Sequence
from datetime import timedelta
from email.utils import parseaddr

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import make_msgid
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from coalition import jobs
from coalition.accounts import user_deleting
from coalition.models import AuditLog, Job, OutboxEmail, User

logger = logging.getLogger(__name__)

# The relay hands a message to a worker only when its next_attempt_at is due. A message just
# queued (or just handed over) gets this long for its task to run before the relay hands it over
# again; a failure moves it further away (`_backoff`).
OUTBOX_HANDOFF = timedelta(minutes=2)
# A message still "sending" this long after the task's hard time limit lost its worker between
# the SMTP conversation and the commit of its result.
OUTBOX_SENDING_STALE_MARGIN = timedelta(seconds=60)

# After a failed publish, this process leaves the broker alone for a while.
BROKER_RETRY_AFTER = 10.0
_broker = {"resting_until": 0.0}


def audit_log(*, actor, action: str, target=None, data: dict | None = None, ip: str | None = None):
    """Write one audit row. Call it inside the transaction of the change it records."""
    return AuditLog.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target=target,
        data=data or {},
        ip_address=ip,
    )


def _message_id() -> str:
    """A Message-ID in the sender's domain, recorded on the row before anything is sent."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return make_msgid(domain=domain)


def email_queue(
    *,
    to: Iterable[str],
    subject: str,
    body: str,
    html_body: str = "",
    attachments: Sequence[tuple[str, str, str]] = (),
    dedupe_key: str | None = None,
    headers: dict[str, str] | None = None,
) -> OutboxEmail | None:
    """Record an email to send, and hand it to Celery once the transaction commits.

    Returns None when a message with the same dedupe_key was already recorded. `headers` are
    extra headers of the message (`coalition.emails.list_unsubscribe_headers`, say).
    """
    with transaction.atomic():
        fields = _outbox_fields(
            to=to,
            subject=subject,
            body=body,
            html_body=html_body,
            attachments=attachments,
            headers=headers,
        )
        if dedupe_key:
            email, created = OutboxEmail.objects.get_or_create(
                dedupe_key=dedupe_key, defaults=fields
            )
            if not created:
                return None
        else:
            email = OutboxEmail.objects.create(**fields)
        transaction.on_commit(lambda: outbox_publish(email_id=email.pk, attempt=0))
    return email


def _outbox_fields(
    *, to, subject: str, body: str, html_body: str = "", attachments=(), headers=None
) -> dict:
    now = timezone.now()
    return {
        "to": list(to),
        "subject": " ".join(subject.split()),
        "body": body,
        "html_body": html_body,
        "attachments": [list(a) for a in attachments],
        "headers": dict(headers or {}),
        "message_id": _message_id(),
        "next_attempt_at": now + OUTBOX_HANDOFF,
        "give_up_at": now + timedelta(seconds=settings.OUTBOX_RETRY_FOR),
    }


def email_queue_batch(*, messages: Sequence[dict], dedupe_prefix: str) -> int:
    """Record many emails at once, each a dict of `email_queue`'s arguments with a
    `dedupe_key` starting with `dedupe_prefix`, in a fixed number of queries whatever their
    number (a weekly digest to every subscriber): the keys already recorded under the prefix
    are skipped, the others inserted together and handed to Celery after commit. Returns how
    many were recorded now; running it twice records each message once."""
    with transaction.atomic():
        prefixed = OutboxEmail.objects.filter(dedupe_key__startswith=dedupe_prefix)
        done = set(prefixed.values_list("dedupe_key", flat=True))
        rows = []
        for message in messages:
            key = message["dedupe_key"]
            if not key.startswith(dedupe_prefix):
                raise ValueError(f"{key} does not start with {dedupe_prefix}")
            if key in done:
                continue
            done.add(key)
            fields = {name: value for name, value in message.items() if name != "dedupe_key"}
            rows.append(OutboxEmail(dedupe_key=key, **_outbox_fields(**fields)))
        if not rows:
            return 0
        # A run at the same moment may have recorded some: theirs stand, ours are dropped.
        OutboxEmail.objects.bulk_create(rows, ignore_conflicts=True)
        keys = {row.dedupe_key for row in rows}
        ids = [
            (pk, attempts)
            for pk, key, attempts in prefixed.filter(status=OutboxEmail.Status.PENDING)
            .values_list("pk", "dedupe_key", "attempts")
            .order_by("pk")
            if key in keys
        ]
        transaction.on_commit(
            lambda: [outbox_publish(email_id=pk, attempt=attempts) for pk, attempts in ids]
        )
    return len(rows)


def task_publish(task, *args, countdown: float | None = None) -> bool:
    """Hand a task to the broker once, quickly (to run `countdown` seconds later, if given);
    False (logged) if it is away. After a failure this process does not try again for
    BROKER_RETRY_AFTER seconds, so an outage costs one request one short connection timeout;
    the periodic relays hand over what was left."""
    # By name: the task modules call these services, so these do not import them.
    task = import_string(task) if isinstance(task, str) else task
    if time.monotonic() < _broker["resting_until"] and not task.app.conf.task_always_eager:
        return False
    try:
        if countdown is None:
            task.delay(*args)
        else:
            task.apply_async(args, countdown=countdown)
    except Exception:
        _broker["resting_until"] = time.monotonic() + BROKER_RETRY_AFTER
        logger.error("broker: could not queue %s%s; the relay will", task, args, exc_info=True)
        return False
    return True


def outbox_publish(*, email_id: int, attempt: int | None = None) -> None:
    """Hand one message to a worker; if the broker is away, make it due for the relay."""
    if not task_publish("coalition.tasks.send_outbox_email", email_id, attempt):
        OutboxEmail.objects.filter(pk=email_id, status=OutboxEmail.Status.PENDING).update(
            next_attempt_at=timezone.now()
        )


def _backoff(attempts: int) -> timedelta:
    """One minute after the first failure, doubling, at most OUTBOX_RETRY_MAX_DELAY apart."""
    return timedelta(seconds=min(60 * 2 ** max(attempts - 1, 0), settings.OUTBOX_RETRY_MAX_DELAY))


def _email_message(email: OutboxEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=email.to,
        headers={
            **(email.headers or {}),
            **({"Message-ID": email.message_id} if email.message_id else {}),
        }
        or None,
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    for filename, content, mimetype in email.attachments:
        message.attach(filename, content, mimetype)
    return message


def outbox_send(*, email_id: int, attempt: int | None = None) -> bool:
    """Send one recorded message once. Returns True if it was sent now.

    Three steps, each its own commit, so no database transaction is open during the SMTP
    conversation: (1) claim the row, pending -> sending (a conditional UPDATE: of two workers,
    one wins; `attempt`, the number of tries when the task was queued, drops a stale
    duplicate); (2) send, with its recorded Message-ID and EMAIL_TIMEOUT; (3) record sent, or
    the error and when to try again (`_backoff`), or failed once `give_up_at` has passed.

    A worker that dies between (2) and (3) leaves the row "sending"; `outbox_relay` marks it
    "unknown" and never sends it again by itself (see `_outbox_sweep_sending`).
    """
    now = timezone.now()
    claim = OutboxEmail.objects.filter(pk=email_id, status=OutboxEmail.Status.PENDING)
    if attempt is not None:
        claim = claim.filter(attempts=attempt)
    if not claim.update(status=OutboxEmail.Status.SENDING, sending_started_at=now):
        return False
    email = OutboxEmail.objects.get(pk=email_id)
    connection = get_connection()  # the SMTP backend reads EMAIL_TIMEOUT
    try:
        connection.open()
        connection.send_messages([_email_message(email)])
    except Exception as exc:  # counted whatever it is, so a bad message ends as failed
        now = timezone.now()
        retry_at = now + _backoff(email.attempts + 1)
        give_up_at = email.give_up_at or email.created_at + timedelta(
            seconds=settings.OUTBOX_RETRY_FOR
        )
        final = retry_at > give_up_at
        OutboxEmail.objects.filter(pk=email_id, status=OutboxEmail.Status.SENDING).update(
            status=OutboxEmail.Status.FAILED if final else OutboxEmail.Status.PENDING,
            attempts=F("attempts") + 1,
            last_error=repr(exc)[:2000],
            next_attempt_at=None if final else retry_at,
        )
        logger.warning(
            "outbox: email %s not sent (%s); %s",
            email_id,
            type(exc).__name__,
            "failed for good" if final else f"next try at {retry_at:%H:%M:%S}",
        )
        return False
    finally:
        _close_quietly(connection)
    OutboxEmail.objects.filter(pk=email_id, status=OutboxEmail.Status.SENDING).update(
        status=OutboxEmail.Status.SENT,
        sent_at=timezone.now(),
        attempts=F("attempts") + 1,
        next_attempt_at=None,
    )
    return True


def _close_quietly(connection) -> None:
    """Say goodbye to the server. The message was accepted (250) before QUIT: a slow or failed
    goodbye must not count as a failed send, or the message would go twice."""
    try:
        connection.close()
    except Exception:
        logger.warning("outbox: the mail server did not close cleanly", exc_info=True)


def _outbox_sweep_sending(*, now) -> None:
    """Rows left "sending" by a worker that died: the server may have the message (a kill
    after its 250 reply, before our commit), so sending again could deliver it twice. The rule:
    such a row becomes "unknown", keeps its Message-ID, and waits for a lead, who may send it
    again from /network/emails/ (with the same Message-ID)."""
    stale = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT) - OUTBOX_SENDING_STALE_MARGIN
    ids = list(
        OutboxEmail.objects.filter(
            status=OutboxEmail.Status.SENDING, sending_started_at__lt=stale
        ).values_list("pk", flat=True)
    )
    if not ids:
        return
    OutboxEmail.objects.filter(pk__in=ids, status=OutboxEmail.Status.SENDING).update(
        status=OutboxEmail.Status.UNKNOWN,
        attempts=F("attempts") + 1,
        last_error=(
            "The worker stopped while sending; the message may have been delivered, so it "
            "is not sent again automatically."
        ),
    )
    logger.error("outbox: emails %s left sending by a dead worker; marked unknown", ids)


def outbox_relay(*, now=None, limit: int = 500) -> int:
    """Hand over the pending messages that are due (never queued, lost by the broker, or due
    again after a failure), and settle those a dead worker left sending. Returns how many were
    handed over. Each is given OUTBOX_HANDOFF for its task to run before it is due again."""
    now = now or timezone.now()
    _outbox_sweep_sending(now=now)
    with transaction.atomic():
        due = list(
            OutboxEmail.objects.select_for_update(skip_locked=True)
            .filter(status=OutboxEmail.Status.PENDING)
            .filter(Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True))
            .order_by("next_attempt_at")
            .values_list("pk", "attempts")[:limit]
        )
        OutboxEmail.objects.filter(pk__in=[pk for pk, _attempts in due]).update(
            next_attempt_at=now + OUTBOX_HANDOFF
        )
    for email_id, attempts in due:
        outbox_publish(email_id=email_id, attempt=attempts)
    return len(due)


def outbox_resend(*, actor, email: OutboxEmail, ip: str | None = None) -> OutboxEmail:
    """A lead sends a failed (or unknown) message again: retried as a new message would be,
    with its Message-ID kept, so a mailbox that already holds it shows it once."""
    with transaction.atomic():
        now = timezone.now()
        updated = OutboxEmail.objects.filter(
            pk=email.pk, status__in=OutboxEmail.WAITING_FOR_A_LEAD
        ).update(
            status=OutboxEmail.Status.PENDING,
            next_attempt_at=now + OUTBOX_HANDOFF,
            give_up_at=now + timedelta(seconds=settings.OUTBOX_RETRY_FOR),
        )
        if not updated:
            raise ValidationError(_("This email is no longer waiting to be sent again."))
        email.refresh_from_db()
        audit_log(
            actor=actor,
            action="email.resent",
            target=email,
            data={"attempts": email.attempts},
            ip=ip,
        )
        attempts = email.attempts
        transaction.on_commit(lambda: outbox_publish(email_id=email.pk, attempt=attempts))
    return email


def outbox_purge(*, older_than_days: int) -> int:
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _ = OutboxEmail.objects.filter(
        status=OutboxEmail.Status.SENT, sent_at__lt=cutoff
    ).delete()
    return deleted


def user_email(*, user, template: str, context: dict, dedupe_key: str | None = None):
    """Queue an email to one person, written in their preferred language."""
    with translation.override(user.preferred_language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_message.txt", context)
    return email_queue(to=[user.email], subject=subject, body=body, dedupe_key=dedupe_key)


@transaction.atomic
def lead_grant(*, actor, email: str, ip: str | None = None, site_url: str = "") -> User:
    """Make an existing person with a verified address a coalition lead.

    `site_url` (scheme and host, from the request) makes the email's link absolute."""
    address = (
        EmailAddress.objects.select_related("user")
        .filter(email__iexact=email.strip(), verified=True)
        .first()
    )
    if address is None:
        raise ValidationError(
            {"email": _("No account has this verified address. Ask the person to sign up first.")}
        )
    user = address.user
    if user.is_coalition_lead:
        raise ValidationError({"email": _("This person is already a coalition lead.")})
    user.is_coalition_lead = True
    user.save(update_fields=["is_coalition_lead"])
    audit_log(actor=actor, action="lead.granted", target=user, ip=ip)
    link = site_url + reverse("network:leads")
    user_email(
        user=user, template="coalition/email/lead_granted", context={"user": user, "link": link}
    )
    return user


@transaction.atomic
def lead_revoke(*, actor, user: User, ip: str | None = None, site_url: str = "") -> None:
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot remove your own lead role; ask another lead."))
    others = User.objects.select_for_update().filter(is_coalition_lead=True).exclude(pk=user.pk)
    if not others.exists():
        raise ValidationError(_("The network must keep at least one coalition lead."))
    user.is_coalition_lead = False
    user.save(update_fields=["is_coalition_lead"])
    audit_log(actor=actor, action="lead.revoked", target=user, ip=ip)
    link = site_url + reverse("me:index")
    user_email(
        user=user, template="coalition/email/lead_revoked", context={"user": user, "link": link}
    )


@transaction.atomic
def user_profile_update(
    *, user: User, name: str, preferred_language: str, ip: str | None = None
) -> User:
    """Change the person's name and language; the audit row names the fields, not the values."""
    # Compared with the stored row: a bound ModelForm has already changed the instance.
    stored = User.objects.filter(pk=user.pk).values("name", "preferred_language").get()
    changed = [
        field
        for field, value in (("name", name.strip()), ("preferred_language", preferred_language))
        if stored[field] != value
    ]
    user.name = name.strip()
    user.preferred_language = preferred_language
    user.full_clean(validate_unique=False)
    user.save(update_fields=["name", "preferred_language"])
    if changed:
        audit_log(
            actor=user, action="account.updated", target=user, data={"fields": changed}, ip=ip
        )
    return user


@transaction.atomic
def user_delete(*, user: User, ip: str | None = None) -> None:
    """Delete a person's account. What the apps keep about them answers `user_deleting` (their
    registrations stay, counted but anonymous); rows that point at the user with a cascade go
    with it (memberships); what they posted stays without their name (SET_NULL)."""
    if user.is_coalition_lead and not (
        User.objects.select_for_update().filter(is_coalition_lead=True).exclude(pk=user.pk).exists()
    ):
        raise ValidationError(
            _("You are the network's only coalition lead: make another person a lead first.")
        )
    counts = {}
    for _receiver, response in user_deleting.send(sender=User, user=user):
        counts.update(response or {})
    # The row names no one: the account's number and what happened to its data.
    audit_log(actor=user, action="account.deleted", target=user, data=counts, ip=ip)
    user.delete()


# --- Background jobs --------------------------------------------------------------------------


def job_create(*, kind: str, user, filename: str, text: str) -> Job:
    """Record a job and start it once the transaction commits."""
    with transaction.atomic():
        job = Job.objects.create(kind=kind, created_by=user, filename=filename[:255], payload=text)
        audit_log(actor=user, action="job.started", target=job, data={"kind": kind})
        transaction.on_commit(lambda: job_publish(job_id=job.pk, kind=kind))
    return job


def job_publish(*, job_id: int, kind: str) -> None:
    """Hand a job to its task; if the broker is away, the relay tries again later."""
    task_publish(jobs.kind_of(kind).task, job_id)


def job_relay(*, older_than: timedelta = timedelta(minutes=2), now=None) -> int:
    """Queue again the jobs still waiting after a while (the broker lost or never got them), and
    take back those whose worker died (`_job_sweep_stale`). Returns how many were queued."""
    now = now or timezone.now()
    _job_sweep_stale(now=now)
    waiting = list(
        Job.objects.filter(status=Job.Status.QUEUED, created_at__lt=now - older_than).values_list(
            "pk", "kind"
        )
    )
    for job_id, kind in waiting:
        job_publish(job_id=job_id, kind=kind)
    return len(waiting)


def _job_sweep_stale(*, now) -> None:
    """A running job with no sign of life (claim or progress) for JOB_STALE_AFTER seconds lost
    its worker: the task's time limit ends a live one sooner. Its work is all or nothing (an
    import commits once, an export writes its file once), so it is queued again, or failed
    after JOB_MAX_ATTEMPTS tries."""
    stale = Job.objects.filter(
        status=Job.Status.RUNNING,
        heartbeat_at__lt=now - timedelta(seconds=settings.JOB_STALE_AFTER),
    )
    # Read by id only: a job row holds its upload and its output, megabytes each.
    given_up = list(
        stale.filter(attempts__gte=settings.JOB_MAX_ATTEMPTS).values_list("pk", flat=True)
    )
    if given_up:
        stale.filter(pk__in=given_up).update(
            status=Job.Status.FAILED,
            finished_at=now,
            errors=[
                {
                    "line": 0,
                    "message": _(
                        "The work stopped before it finished; nothing was changed. "
                        "Please start it again."
                    ),
                }
            ],
        )
        logger.error("jobs: jobs %s lost their worker too often; failed", given_up)
    again = list(stale.values_list("pk", flat=True))
    if again:
        stale.filter(pk__in=again).update(
            status=Job.Status.QUEUED, rows_done=0, started_at=None, heartbeat_at=None
        )
        logger.error("jobs: jobs %s lost their worker; queued again", again)


def job_claim(*, job_id: int) -> Job | None:
    """Take a queued job to run it; None if another worker has it or it already ran."""
    with transaction.atomic():
        job = (
            Job.objects.select_for_update(skip_locked=True)
            .filter(pk=job_id, status=Job.Status.QUEUED)
            .first()
        )
        if job is None:
            return None
        job.status = Job.Status.RUNNING
        job.started_at = job.heartbeat_at = timezone.now()
        job.attempts += 1
        job.save(update_fields=["status", "started_at", "heartbeat_at", "attempts"])
    return job


def job_progress(*, job: Job, done: int, total: int | None = None) -> None:
    """Record progress at once, outside any transaction of the work, so the page sees it; it is
    also the job's sign of life (`_job_sweep_stale`)."""
    job.rows_done = done
    fields = {"rows_done": done, "heartbeat_at": timezone.now()}
    if total is not None:
        job.rows_total = fields["rows_total"] = total
    Job.objects.filter(pk=job.pk).update(**fields)


def job_finish(*, job: Job, errors: list[dict] | None = None, result: dict | None = None) -> Job:
    job.errors = errors or []
    job.result = result or {}
    job.status = Job.Status.FAILED if job.errors else Job.Status.SUCCEEDED
    job.finished_at = timezone.now()
    job.save(update_fields=["errors", "result", "status", "finished_at"])
    return job


def job_files_purge(*, older_than_days: int) -> int:
    """Empty the files of exports finished longer ago than that: they were for downloading,
    not for keeping. The job row stays, with what was exported and by whom."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    return (
        Job.objects.filter(kind=Job.Kind.EXPORT_DASHBOARD, finished_at__lt=cutoff)
        .exclude(output="")
        .update(output="")
    )
