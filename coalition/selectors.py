from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Q
from django.utils import timezone

from coalition.filters import AuditLogFilter
from coalition.models import AuditLog, Job, User
from events.models import LocationSuggestion, Registration
from events.selectors import SHOWN_STATUSES
from initiatives.models import ProgressUpdate
from partners.models import Invitation, Membership


def audit_log_list(*, params) -> AuditLogFilter:
    """The audit log, newest first, narrowed by the lead's filters."""
    queryset = AuditLog.objects.select_related("actor", "content_type").order_by(
        "-created_at", "-id"
    )
    return AuditLogFilter(params or None, queryset=queryset)


def coalition_leads():
    return User.objects.filter(is_coalition_lead=True).order_by("name", "email")


# --- My account -------------------------------------------------------------------------------


def _verified_addresses(user) -> list[str]:
    return list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )


def _email_is_one_of(addresses: list[str]) -> Q:
    query = Q(pk__in=[])
    for address in addresses:
        query |= Q(email__iexact=address)
    return query


def registrations_of(*, user, addresses: list[str] | None = None):
    """The person's registrations: made while signed in, or with an address they have verified
    (a registration needs no account, and a verified address proves it is theirs)."""
    if addresses is None:
        addresses = _verified_addresses(user)
    return Registration.objects.filter(Q(user=user) | _email_is_one_of(addresses))


def my_account(*, user) -> dict:
    """/me/: the person's organizations (active and asked for) and registrations; `past` is
    for the view to page through."""
    registrations = registrations_of(user=user).select_related("event")
    now = timezone.now()
    return {
        "memberships": Membership.objects.filter(user=user)
        .exclude(status=Membership.Status.DECLINED)
        .select_related("organization")
        .order_by("status", "organization__name"),
        "upcoming": registrations.filter(event__ends_at__gt=now).order_by("event__starts_at", "id"),
        "past": registrations.filter(event__ends_at__lte=now).order_by("-event__starts_at", "-id"),
        "has_two_factor": Authenticator.objects.filter(user=user).exists(),
        "linkable_event_statuses": SHOWN_STATUSES,
    }


def user_data_export(*, user) -> dict:
    """Everything stored about the person, for "download my data"; nothing of anyone else's
    (no other person's name, not the secrets of their authenticators)."""
    addresses = _verified_addresses(user)
    invitations = Invitation.objects.filter(_email_is_one_of(addresses))
    return {
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
        "memberships": [
            {
                "organization": m.organization.name,
                "role": m.role,
                "status": m.status,
                "title": m.title,
                "asked_or_invited": m.created_at,
                "decided": m.decided_at,
            }
            for m in Membership.objects.filter(user=user).select_related("organization")
        ],
        "invitations_received": [
            {
                "organization": i.organization.name,
                "email": i.email,
                "role": i.role,
                "sent": i.created_at,
                "accepted": i.accepted_at,
                "revoked": i.revoked_at,
            }
            for i in invitations.select_related("organization").order_by("created_at")
        ],
        "registrations": [
            {
                "event": r.event.title,
                "event_starts": r.event.starts_at,
                "status": r.status,
                "name": r.name,
                "email": r.email,
                "phone": r.phone,
                "language": r.language,
                "interpretation_language": r.interpretation_language,
                "children_needing_childcare": r.children_count,
                "needs_transportation": r.needs_transportation,
                "accessibility_needs": r.accessibility_needs,
                "agreed_to_privacy_notice": r.consented_at,
                "registered": r.created_at,
                "cancelled": r.cancelled_at,
                "checked_in": r.checked_in_at,
            }
            for r in registrations_of(user=user, addresses=addresses)
            .select_related("event")
            .order_by("created_at", "id")
        ],
        "progress_updates": [
            {
                "objective": u.objective.title,
                "organization": u.organization.name if u.organization else None,
                "status": u.status,
                "value": u.value,
                "narrative": u.narrative,
                "evidence_link": u.evidence_url,
                "visible_to": u.visibility,
                "posted": u.created_at,
            }
            for u in ProgressUpdate.objects.filter(author=user)
            .select_related("objective", "organization")
            .order_by("created_at", "id")
        ],
        "location_suggestions": [
            {
                "place": s.place,
                "community": s.community,
                "why_there": s.reason,
                "contact_name": s.contact_name,
                "contact_email": s.contact_email,
                "language": s.language,
                "status": s.status,
                "suggested": s.created_at,
            }
            for s in LocationSuggestion.objects.filter(submitted_by=user).order_by("created_at")
        ],
        # What they did. Not the rows' details, which name the other people involved (the
        # address they invited, say); nor rows about them, written by someone else.
        "audit_log": [
            {
                "time": e.created_at,
                "action": e.action,
                "on": f"{e.content_type.model} {e.object_id}" if e.content_type else None,
                "ip_address": e.ip_address,
            }
            for e in AuditLog.objects.filter(actor=user)
            .select_related("content_type")
            .order_by("created_at", "id")
        ],
    }


def recent_jobs():
    """CSV imports, newest first, without their uploaded text."""
    return (
        Job.objects.exclude(kind=Job.Kind.EXPORT_DASHBOARD)
        .select_related("created_by")
        .defer("payload", "output")
        .order_by("-created_at", "-id")
    )
