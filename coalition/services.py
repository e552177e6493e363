"""Network-wide writes: the email outbox and the audit log."""

import logging
from collections.abc import Iterable, Sequence
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from coalition import jobs
from coalition.accounts import user_deleting
from coalition.models import AuditLog, Job, OutboxEmail, User

logger = logging.getLogger(__name__)

# After this many failed tries a message is left for a person to look at.
OUTBOX_MAX_ATTEMPTS = 8


def audit_log(*, actor, action: str, target=None, data: dict | None = None, ip: str | None = None):
    """Write one audit row. Call it inside the transaction of the change it records."""
    return AuditLog.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target=target,
        data=data or {},
        ip_address=ip,
    )


def email_queue(
    *,
    to: Iterable[str],
    subject: str,
    body: str,
    html_body: str = "",
    attachments: Sequence[tuple[str, str, str]] = (),
    dedupe_key: str | None = None,
) -> OutboxEmail | None:
    """Record an email to send, and hand it to Celery once the transaction commits.

    Returns None when a message with the same dedupe_key was already recorded.
    """
    with transaction.atomic():
        fields = {
            "to": list(to),
            "subject": " ".join(subject.split()),
            "body": body,
            "html_body": html_body,
            "attachments": [list(a) for a in attachments],
        }
        if dedupe_key:
            email, created = OutboxEmail.objects.get_or_create(
                dedupe_key=dedupe_key, defaults=fields
            )
            if not created:
                return None
        else:
            email = OutboxEmail.objects.create(**fields)
        transaction.on_commit(lambda: outbox_publish(email_id=email.pk))
    return email


def outbox_publish(*, email_id: int) -> None:
    """Hand one message to the broker; if it is away, the relay tries again later."""
    try:
        # By name, as jobs are: the task module calls this one, so this one does not import it.
        import_string("coalition.tasks.send_outbox_email").delay(email_id)
    except Exception:
        logger.warning(
            "outbox: could not queue email %s; the relay will retry", email_id, exc_info=True
        )


def outbox_send(*, email_id: int) -> bool:
    """Send one recorded message unless it was already sent. Returns True if sent now.

    The row lock makes a task that runs twice send once.
    """
    error = None
    with transaction.atomic():
        email = (
            OutboxEmail.objects.select_for_update()
            .filter(pk=email_id, status=OutboxEmail.Status.PENDING)
            .first()
        )
        if email is None:
            return False
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=email.to,
        )
        if email.html_body:
            message.attach_alternative(email.html_body, "text/html")
        for filename, content, mimetype in email.attachments:
            message.attach(filename, content, mimetype)
        try:
            message.send()
        except Exception as exc:  # counted whatever it is, so a bad message ends as failed
            error = exc
            email.attempts += 1
            email.last_error = repr(exc)[:2000]
            if email.attempts >= OUTBOX_MAX_ATTEMPTS:
                email.status = OutboxEmail.Status.FAILED
            email.save(update_fields=["attempts", "last_error", "status"])
        else:
            email.status = OutboxEmail.Status.SENT
            email.sent_at = timezone.now()
            email.attempts += 1
            email.save(update_fields=["status", "sent_at", "attempts"])
    if error is not None:
        raise error
    return True


def outbox_relay(*, older_than: timedelta = timedelta(minutes=2), limit: int = 500) -> int:
    """Queue pending messages the broker never received. Returns how many."""
    cutoff = timezone.now() - older_than
    with transaction.atomic():
        ids = list(
            OutboxEmail.objects.select_for_update(skip_locked=True)
            .filter(status=OutboxEmail.Status.PENDING, created_at__lt=cutoff)
            .order_by("created_at")
            .values_list("pk", flat=True)[:limit]
        )
    for email_id in ids:
        outbox_publish(email_id=email_id)
    return len(ids)


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
        transaction.on_commit(lambda: job_publish(job_id=job.pk))
    return job


def job_publish(*, job_id: int) -> None:
    """Hand a job to its task; if the broker is away, the relay tries again later."""
    job = Job.objects.get(pk=job_id)
    try:
        jobs.kind_of(job.kind).task.delay(job.pk)
    except Exception:
        logger.warning("jobs: could not queue job %s; the relay will retry", job_id, exc_info=True)


def job_relay(*, older_than: timedelta = timedelta(minutes=2)) -> int:
    """Queue again the jobs still waiting after a while (the broker lost or never got them)."""
    ids = list(
        Job.objects.filter(
            status=Job.Status.QUEUED, created_at__lt=timezone.now() - older_than
        ).values_list("pk", flat=True)
    )
    for job_id in ids:
        job_publish(job_id=job_id)
    return len(ids)


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
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
    return job


def job_progress(*, job: Job, done: int, total: int | None = None) -> None:
    """Record progress at once, outside any transaction of the work, so the page sees it."""
    job.rows_done = done
    fields = {"rows_done": done}
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
