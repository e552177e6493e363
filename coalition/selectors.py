import redis
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Min, Q
from django.utils import timezone

from coalition import accounts
from coalition.filters import AuditLogFilter
from coalition.models import AuditLog, Job, OutboxEmail, User


def audit_log_list(*, params) -> AuditLogFilter:
    """The audit log, newest first, narrowed by the lead's filters."""
    queryset = AuditLog.objects.select_related("actor", "content_type").order_by(
        "-created_at", "-id"
    )
    return AuditLogFilter(params or None, queryset=queryset)


def coalition_leads():
    return User.objects.filter(is_coalition_lead=True).order_by("name", "email")


# --- My account -------------------------------------------------------------------------------


def verified_addresses(user) -> list[str]:
    """The person's verified addresses: what they have proved is theirs (a registration needs
    no account, so it is theirs when made with one of these)."""
    return list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )


def verified_addresses_of_request(request) -> list[str]:
    """The signed-in person's verified addresses, read once per request: the sections of /me/
    (coalition.accounts) that match rows by address share them."""
    addresses = getattr(request, "_verified_addresses", None)
    if addresses is None:
        addresses = request._verified_addresses = verified_addresses(request.user)
    return addresses


def email_is_one_of(addresses: list[str]) -> Q:
    """A filter on a model's `email` field: any of these addresses, whatever their case."""
    query = Q(pk__in=[])
    for address in addresses:
        query |= Q(email__iexact=address)
    return query


def user_data_export(*, user) -> dict:
    """Everything stored about the person, for "download my data": their profile here, then
    what each app keeps about them (coalition.accounts), then what they did. Nothing of anyone
    else's (no other person's name, not the secrets of their authenticators)."""
    addresses = verified_addresses(user)
    export = {
        "profile": {
            "email": user.email,
            "name": user.name,
            "preferred_language": user.preferred_language,
            "coalition_lead": user.is_coalition_lead,
            "joined": user.date_joined,
            "last_sign_in": user.last_login,
        },
        "email_addresses": list(
            EmailAddress.objects.filter(user=user)
            .order_by("email")
            .values("email", "verified", "primary")
        ),
        "two_factor": [
            {"type": a.type, "added": a.created_at, "last_used": a.last_used_at}
            for a in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
    }
    for source in accounts.data_sources():
        export[source.key] = list(source.rows(user=user, addresses=addresses))
    # What they did. Not the rows' details, which name the other people involved (the
    # address they invited, say); nor rows about them, written by someone else.
    export["audit_log"] = [
        {
            "time": e.created_at,
            "action": e.action,
            "on": f"{e.content_type.model} {e.object_id}" if e.content_type else None,
            "ip_address": e.ip_address,
        }
        for e in AuditLog.objects.filter(actor=user)
        .select_related("content_type")
        .order_by("created_at", "id")
    ]
    return export


def recent_jobs():
    """CSV imports, newest first, without their uploaded text."""
    return (
        Job.objects.filter(kind__in=Job.IMPORT_KINDS)
        .select_related("created_by")
        .defer("payload", "output")
        .order_by("-created_at", "-id")
    )


# --- Health (/healthz) ---------------------------------------------------------------------------


def health_report() -> dict:
    """What a load balancer and an operator need to know of this node: whether the database and
    Redis answer, and how long the oldest email has waited to be sent (a growing age means no
    worker is sending). Redis is asked with timeouts of half a second, so a hung server makes
    this answer "down" quickly instead of hanging the check."""
    report = {"database": "up", "redis": "not configured", "oldest_unsent_email_seconds": None}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        # Failed and unknown-outcome messages wait for a lead (/network/emails/), not a worker.
        unsent = OutboxEmail.objects.filter(
            status__in=[OutboxEmail.Status.PENDING, OutboxEmail.Status.SENDING]
        ).aggregate(oldest=Min("created_at"))
    except DatabaseError:
        report["database"] = "down"
    else:
        if unsent["oldest"] is not None:
            age = timezone.now() - unsent["oldest"]
            report["oldest_unsent_email_seconds"] = max(0, int(age.total_seconds()))
    if settings.REDIS_URL:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5
        )
        try:
            client.ping()
        except (redis.RedisError, OSError):
            report["redis"] = "down"
        else:
            report["redis"] = "up"
        finally:
            client.close()
    report["status"] = "unavailable" if "down" in report.values() else "ok"
    return report


# --- The outbox ---------------------------------------------------------------------------------


def mask_address(address: str) -> str:
    """Enough of an address to recognize it, not to copy it: "pa…@example.org"."""
    local, at, domain = address.partition("@")
    return f"{local[:2]}…{at}{domain}" if at else "…"


def emails_to_resend():
    """Emails that could not be sent (failed after a day of tries, or of unknown outcome after
    a worker died), oldest first."""
    return (
        OutboxEmail.objects.filter(status__in=OutboxEmail.WAITING_FOR_A_LEAD)
        .only("pk", "created_at", "to", "subject", "status", "attempts", "last_error")
        .order_by("created_at", "pk")
    )
