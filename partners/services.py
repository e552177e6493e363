"""Every change to organizations, their staff and invitations: atomic, validated before it is
saved, written to the audit log in the same transaction, with its emails queued in the outbox."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from coalition.permissions import forget_roles, roles_changed
from coalition.services import audit_log, email_queue
from coalition.translation import search_q
from partners.models import Invitation, Membership, Organization

# The first path segments under /partners/ that are pages, not organizations (see urls.py).
RESERVED_SLUGS = frozenset({"apply", "applications", "invitations"})


def invitation_token(*, invitation: Invitation) -> str:
    return signing.dumps(invitation.pk, salt=Invitation.TOKEN_SALT)


def invitation_from_token(*, token: str, for_update: bool = False) -> Invitation:
    """The invitation a link stands for, with `.expired` set; 404 for a link that was never
    ours (a bad signature or an unknown invitation)."""
    expired = False
    try:
        pk = signing.loads(token, salt=Invitation.TOKEN_SALT, max_age=Invitation.MAX_AGE)
    except signing.SignatureExpired:
        expired = True
        pk = signing.loads(token, salt=Invitation.TOKEN_SALT)
    except signing.BadSignature:
        raise Http404 from None
    queryset = Invitation.objects.select_related("organization", "invited_by")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    invitation = queryset.filter(pk=pk).first()
    if invitation is None:
        raise Http404
    invitation.expired = expired
    return invitation


def _people_whose_roles_count():
    """People with a verified sign-in address: only their roles count (coalition.permissions)."""
    verified = EmailAddress.objects.filter(
        user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True
    )
    return get_user_model().objects.filter(Exists(verified), is_active=True).order_by("pk")


def _coalition_leads():
    return _people_whose_roles_count().filter(is_coalition_lead=True)


def _organization_admins(organization: Organization):
    return _people_whose_roles_count().filter(
        memberships__organization=organization,
        memberships__role=Membership.Role.ADMIN,
        memberships__status=Membership.Status.ACTIVE,
    )


def _notify(*, user=None, email: str = "", language: str = "", template: str, context: dict):
    """Queue one email, written in the recipient's language (their account's, if they have one)."""
    language = user.preferred_language if user is not None else language
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"partners/email/{template}_subject.txt", context)
        body = render_to_string(f"partners/email/{template}_body.txt", context)
    email_queue(to=[user.email if user is not None else email], subject=subject, body=body)


def _refuse_unless_approved(organization: Organization):
    if not organization.approved:
        raise ValidationError(
            _("This organization is not in the network yet: its application comes first."),
            code="not_approved",
        )


# Invitations


@transaction.atomic
def invitation_send(
    *,
    organization: Organization,
    email: str,
    role: str,
    language: str,
    actor,
    ip: str | None,
    site_url: str,
) -> Invitation:
    """Invite someone by email to join an organization's staff (as staff or admin)."""
    email = email.strip().lower()
    _refuse_unless_approved(organization)
    if Membership.objects.filter(
        organization=organization, user__email__iexact=email, status=Membership.Status.ACTIVE
    ).exists():
        raise ValidationError({"email": _("This person is already on the staff.")})
    # An open invitation that has expired gives way to the new one; one still valid is refused.
    for previous in (
        Invitation.objects.open()
        .select_for_update()
        .filter(organization=organization, email__iexact=email)
    ):
        if previous.expires_at > timezone.now():
            raise ValidationError({"email": _("An invitation to this address is still open.")})
        previous.revoked_at = timezone.now()
        previous.save(update_fields=["revoked_at"])
        audit_log(
            actor=actor, action="invitation.revoked", target=previous, data={"expired": True}, ip=ip
        )
    invitation = Invitation(organization=organization, email=email, role=role, invited_by=actor)
    invitation.full_clean()
    invitation.save()
    audit_log(
        actor=actor,
        action="invitation.sent",
        target=invitation,
        data={"organization_id": organization.pk, "role": role},
        ip=ip,
    )
    invitee = get_user_model().objects.filter(email__iexact=email).first()
    link = reverse("partners:invitation", kwargs={"token": invitation_token(invitation=invitation)})
    _notify(
        user=invitee,
        email=email,
        language=language,
        template="invitation",
        context={"invitation": invitation, "link": site_url + link},
    )
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor, ip: str | None) -> None:
    invitation = Invitation.objects.open().select_for_update().filter(pk=invitation.pk).first()
    if invitation is None:
        raise ValidationError(_("This invitation is no longer open."), code="closed")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_log(
        actor=actor,
        action="invitation.revoked",
        target=invitation,
        data={"organization_id": invitation.organization_id},
        ip=ip,
    )


def invitation_check(*, invitation: Invitation, user) -> None:
    """Why this person cannot accept this invitation now, as a ValidationError; None if they can.

    Someone signed in with another account learns nothing about the address it was sent to.
    """
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."), code="used")
    if invitation.revoked_at is not None:
        raise ValidationError(_("This invitation was withdrawn."), code="revoked")
    if getattr(invitation, "expired", False):
        raise ValidationError(
            _("This invitation has expired. Ask the organization for a new one."), code="expired"
        )
    addresses = list(EmailAddress.objects.filter(user=user, email__iexact=invitation.email))
    if not addresses and user.email.lower() != invitation.email.lower():
        raise ValidationError(
            _(
                "This invitation was sent to another address. Sign in with the account of the "
                "address it was sent to, or create one with it."
            ),
            code="wrong_account",
        )
    if not any(address.verified for address in addresses):
        raise ValidationError(
            _("Verify your email address %(email)s first, then open the invitation again."),
            code="unverified",
            params={"email": invitation.email},
        )


@transaction.atomic
def invitation_accept(*, token: str, actor, ip: str | None) -> Membership:
    """Accept an invitation: the person joins the staff (or, already there, may become admin)."""
    invitation = invitation_from_token(token=token, for_update=True)
    invitation_check(invitation=invitation, user=actor)
    now = timezone.now()
    membership = (
        Membership.objects.select_for_update()
        .filter(organization=invitation.organization, user=actor)
        .first()
    )
    if membership is None:
        membership = Membership(organization=invitation.organization, user=actor)
    if membership.status != Membership.Status.ACTIVE or invitation.role == Membership.Role.ADMIN:
        # An admin invited as staff stays admin.
        membership.role = invitation.role
    membership.status = Membership.Status.ACTIVE
    membership.decided_at = now
    membership.decided_by = invitation.invited_by
    membership.full_clean(validate_unique=False)
    membership.save()
    invitation.accepted_at = now
    invitation.accepted_by = actor
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_log(
        actor=actor,
        action="invitation.accepted",
        target=invitation,
        data={"organization_id": invitation.organization_id, "membership_id": membership.pk},
        ip=ip,
    )
    forget_roles(actor)
    return membership


# Join requests and staff


@transaction.atomic
def membership_request(
    *, organization: Organization, actor, ip: str | None, site_url: str
) -> Membership:
    """Ask to join an organization's staff; its admins (or, without any, the leads) are told."""
    _refuse_unless_approved(organization)
    existing = Membership.objects.filter(organization=organization, user=actor).first()
    if existing is not None:
        raise ValidationError(
            {
                Membership.Status.ACTIVE: _("You are already on the staff of this organization."),
                Membership.Status.REQUESTED: _("You have already asked to join; it is waiting."),
                Membership.Status.DECLINED: _(
                    "Your request to join was declined. Ask the organization to invite you."
                ),
            }[existing.status],
            code="exists",
        )
    membership = Membership(
        organization=organization, user=actor, status=Membership.Status.REQUESTED
    )
    membership.full_clean()
    membership.save()
    audit_log(
        actor=actor,
        action="membership.requested",
        target=membership,
        data={"organization_id": organization.pk, "user_id": actor.pk},
        ip=ip,
    )
    link = site_url + reverse("partners:staff", kwargs={"slug": organization.slug})
    deciders = list(_organization_admins(organization)) or list(_coalition_leads())
    for decider in deciders:
        _notify(
            user=decider,
            template="membership_requested",
            context={"membership": membership, "link": link},
        )
    return membership


def _decide(*, membership: Membership, approve: bool, actor, ip: str | None, site_url: str):
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("user", "organization")
        .filter(pk=membership.pk, status=Membership.Status.REQUESTED)
        .first()
    )
    if membership is None:
        raise ValidationError(_("This request was already decided."), code="decided")
    _refuse_unless_approved(membership.organization)
    membership.status = Membership.Status.ACTIVE if approve else Membership.Status.DECLINED
    membership.decided_at = timezone.now()
    membership.decided_by = actor
    membership.save(update_fields=["status", "decided_at", "decided_by"])
    audit_log(
        actor=actor,
        action="membership.approved" if approve else "membership.declined",
        target=membership,
        data={"organization_id": membership.organization_id, "user_id": membership.user_id},
        ip=ip,
    )
    _notify(
        user=membership.user,
        template="membership_approved" if approve else "membership_declined",
        context={
            "membership": membership,
            "link": site_url + membership.organization.get_absolute_url(),
        },
    )
    return membership


@transaction.atomic
def membership_approve(*, membership: Membership, actor, ip: str | None, site_url: str):
    return _decide(membership=membership, approve=True, actor=actor, ip=ip, site_url=site_url)


@transaction.atomic
def membership_decline(*, membership: Membership, actor, ip: str | None, site_url: str):
    return _decide(membership=membership, approve=False, actor=actor, ip=ip, site_url=site_url)


def _refuse_if_last_admin(membership: Membership):
    """An organization that has an admin keeps one: nobody removes or demotes the last."""
    if membership.role != Membership.Role.ADMIN:
        return
    admins = Membership.objects.select_for_update().filter(
        organization_id=membership.organization_id,
        role=Membership.Role.ADMIN,
        status=Membership.Status.ACTIVE,
    )
    if list(admins.values_list("pk", flat=True)) == [membership.pk]:
        raise ValidationError(
            _("%(name)s is the organization's last admin: make someone else admin first."),
            code="last_admin",
            params={"name": membership.user},
        )


def _active_membership(membership: Membership) -> Membership:
    locked = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(pk=membership.pk, status=Membership.Status.ACTIVE)
        .first()
    )
    if locked is None:
        raise ValidationError(_("This person is no longer on the staff."), code="gone")
    return locked


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, actor, ip: str | None):
    membership = _active_membership(membership)
    if role == membership.role:
        return membership
    if role != Membership.Role.ADMIN:
        _refuse_if_last_admin(membership)
    previous = membership.role
    membership.role = role
    membership.full_clean(validate_unique=False)
    membership.save(update_fields=["role"])
    audit_log(
        actor=actor,
        action="membership.role_changed",
        target=membership,
        data={
            "organization_id": membership.organization_id,
            "user_id": membership.user_id,
            "from": previous,
            "to": role,
        },
        ip=ip,
    )
    forget_roles(actor)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor, ip: str | None) -> None:
    membership = _active_membership(membership)
    _refuse_if_last_admin(membership)
    # Written before the row goes: the audit row keeps its id, the details keep who it was.
    audit_log(
        actor=actor,
        action="membership.removed",
        target=membership,
        data={
            "organization_id": membership.organization_id,
            "user_id": membership.user_id,
            "role": membership.role,
        },
        ip=ip,
    )
    membership.delete()
    forget_roles(actor)


# Organizations applying to join the network


def _free_slug(name: str) -> str:
    base = slugify(name)[:190] or "organization"
    slug, number = base, 2
    while slug in RESERVED_SLUGS or Organization.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def organization_apply(
    *,
    name: str,
    sector: str,
    city: str = "",
    website: str = "",
    description_en: str = "",
    description_es: str = "",
    communities=(),
    actor,
    ip: str | None,
    site_url: str,
) -> Organization:
    """An organization not yet in the network applies; the applicant will be its first admin.

    Its name is its name in either language (kept as the English one, which Spanish readers
    see too until a lead adds a Spanish one); its description in English, Spanish or both."""
    name = name.strip()
    organization = Organization(
        name_en=name,
        sector=sector,
        city=city.strip(),
        website=website,
        description_en=description_en.strip(),
        description_es=description_es.strip(),
        slug=_free_slug(name),
        approved=False,
        applied_by=actor,
    )
    if Organization.objects.filter(search_q("name", "iexact", name)).exists():
        raise ValidationError({"name": organization.unique_error_message(Organization, ["name"])})
    organization.full_clean()
    organization.save()
    organization.communities.set(communities)
    Membership.objects.create(
        organization=organization,
        user=actor,
        role=Membership.Role.ADMIN,
        status=Membership.Status.REQUESTED,
    )
    audit_log(
        actor=actor,
        action="organization.applied",
        target=organization,
        data={"name": organization.name, "communities": [c.slug for c in communities]},
        ip=ip,
    )
    link = site_url + reverse("partners:applications")
    for lead in _coalition_leads():
        _notify(
            user=lead,
            template="organization_applied",
            context={"organization": organization, "link": link},
        )
    return organization


def _decide_application(
    *, organization: Organization, approve: bool, actor, ip: str | None, site_url: str
):
    organization = (
        Organization.objects.awaiting_decision()
        .select_for_update(of=("self",))
        .select_related("applied_by")
        .filter(pk=organization.pk)
        .first()
    )
    if organization is None:
        raise ValidationError(_("This application was already decided."), code="decided")
    now = timezone.now()
    organization.approved = approve
    organization.decided_at = now
    organization.decided_by = actor
    organization.save(update_fields=["approved", "decided_at", "decided_by"])
    # The applicant's admin membership follows the organization's fate.
    Membership.objects.filter(
        organization=organization,
        user_id=organization.applied_by_id,
        status=Membership.Status.REQUESTED,
    ).update(
        status=Membership.Status.ACTIVE if approve else Membership.Status.DECLINED,
        decided_at=now,
        decided_by=actor,
    )
    roles_changed(organization.applied_by_id)  # update() sends no signal
    audit_log(
        actor=actor,
        action="organization.approved" if approve else "organization.declined",
        target=organization,
        data={"name": organization.name, "applied_by_id": organization.applied_by_id},
        ip=ip,
    )
    if organization.applied_by is not None:
        page = (
            reverse("partners:staff", kwargs={"slug": organization.slug})
            if approve
            else reverse("directory:list")
        )
        _notify(
            user=organization.applied_by,
            template="organization_approved" if approve else "organization_declined",
            context={"organization": organization, "link": site_url + page},
        )
    return organization


@transaction.atomic
def organization_approve(*, organization: Organization, actor, ip: str | None, site_url: str):
    return _decide_application(
        organization=organization, approve=True, actor=actor, ip=ip, site_url=site_url
    )


@transaction.atomic
def organization_decline(*, organization: Organization, actor, ip: str | None, site_url: str):
    return _decide_application(
        organization=organization, approve=False, actor=actor, ip=ip, site_url=site_url
    )
