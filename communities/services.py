import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coalition import versions
from coalition.emails import list_unsubscribe_headers
from coalition.selectors import verified_addresses
from coalition.services import audit_log, email_queue
from communities.models import TOPIC_REQUIRED, Community, Follow, new_follow_token
from communities.selectors import community_named


def community_name(text: str) -> str:
    """The community a typed place names: "Lynn, West Lynn" → "Lynn" (the city comes first)."""
    return " ".join((text or "").split(",")[0].split()).title()


@transaction.atomic
def community_for(*, name: str, listed: bool = True) -> Community | None:
    """The community called `name` (in either language, whatever its case), made when the
    network has none yet: for loaders and imports that name places in words. A community made
    from what a visitor typed is made unlisted (`listed=False`) until a lead reviews it."""
    name = community_name(name)
    if not name:
        return None
    found = community_named(name)
    if found:
        return found
    base = slugify(name) or "community"
    slug, n = base, 1
    while Community.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    community = Community(name=name, name_en=name, name_es=name, slug=slug, listed=listed)
    community.full_clean()
    community.save()
    versions.bump("events", "initiatives", "partners")
    return community


# --- Following a community by email -----------------------------------------------------------


class FollowLinkGone(ValidationError):
    """A follow's link that no longer confirms anything: expired, or unsubscribed since."""


def follow_urls(follow: Follow) -> dict[str, str]:
    """The follow's private links (absolute, for emails)."""
    return {
        "confirm_url": settings.SITE_URL
        + reverse("follows:confirm", kwargs={"token": follow.token}),
        "unsubscribe_url": settings.SITE_URL
        + reverse("follows:unsubscribe", kwargs={"token": follow.token}),
    }


def follow_email(*, follow: Follow, kind: str, dedupe_key: str | None = None):
    """Queue one of the emails about a follow, in the follower's language, with its one-click
    unsubscribe link in the body and in the headers (coalition.emails). `kind` names
    templates/communities/email/<kind>_subject.txt and _message.txt.

    The confirmation carries the headers too (RFC 8058 asks them of every message whose
    recipient can be taken off a list; a person whose address was typed by someone else stops
    the request with one click, and the pending row is forgotten)."""
    urls = follow_urls(follow)
    context = {"follow": follow, "community": follow.community, **urls}
    with translation.override(follow.language):
        subject = render_to_string(f"communities/email/{kind}_subject.txt", context).strip()
        body = render_to_string(f"communities/email/{kind}_message.txt", context)
    return email_queue(
        to=[follow.email],
        subject=subject,
        body=body,
        headers=list_unsubscribe_headers(urls["unsubscribe_url"]),
        dedupe_key=dedupe_key,
    )


def _hour() -> str:
    return timezone.now().strftime("%Y%m%d%H")


def follow_create(
    *,
    community: Community | None,
    email: str,
    language: str,
    new_sessions: bool,
    answers: bool,
    name: str = "",
    user=None,
    ip: str | None = None,
) -> tuple[Follow, bool]:
    """Ask to follow a community. Returns the follow and whether it is confirmed now.

    Confirmed at once when the person is signed in and the address is one they have verified
    (tied to their account); otherwise the address is emailed a link to confirm, and nothing
    else until then. Asking again for an address that follows already changes nothing of a
    confirmed follow (the address is told so, at most once an hour: anyone can type it) and
    renews the request of one still waiting, with what was chosen now.

    With no community, the address subscribes to the network newsletter (both topics stay on:
    the newsletter tells everything new once a month)."""
    email = email.strip().lower()
    if user is not None and not user.is_authenticated:
        user = None
    verified = user is not None and email in {a.lower() for a in verified_addresses(user)}
    wanted = Follow(
        community=community,
        email=email,
        name=name.strip(),
        language=language,
        new_sessions=new_sessions,
        answers=answers,
    )
    if not (new_sessions or answers):
        raise ValidationError({"topics": TOPIC_REQUIRED})
    wanted.full_clean(exclude=["token", "community", "user"], validate_constraints=False)
    now = timezone.now()
    with transaction.atomic():
        follow = (
            Follow.objects.select_for_update()
            .active()
            .filter(community=community, email=email)
            .first()
        )
        if follow is not None and follow.is_confirmed and not verified:
            follow_email(
                follow=follow, kind="already", dedupe_key=f"follow:{follow.pk}:already:{_hour()}"
            )
            return follow, False
        if follow is None:
            follow = wanted
            try:
                with transaction.atomic():
                    follow.save()
            except IntegrityError:  # the same address at the same moment: theirs stands
                return Follow.objects.active().get(community=community, email=email), False
            audit_log(actor=user, action="follow.created", target=follow, ip=ip)
        else:
            if follow.confirm_expires_at() <= now and not follow.is_confirmed:
                follow.token = new_follow_token()
                follow.created_at = now
            for field in ("name", "language", "new_sessions", "answers"):
                setattr(follow, field, getattr(wanted, field))
            follow.save()
        if verified:
            follow.user = user
            if not follow.is_confirmed:
                follow.confirmed_at = now
                audit_log(actor=user, action="follow.confirmed", target=follow, ip=ip)
            follow.save(update_fields=["user", "confirmed_at"])
            return follow, True
        follow_email(
            follow=follow, kind="confirm", dedupe_key=f"follow:{follow.pk}:confirm:{_hour()}"
        )
    return follow, False


def follow_confirm_refusal(follow: Follow) -> str:
    """Why the follow's confirmation link no longer works (cancelled since, or expired), or
    an empty string."""
    if not follow.is_active:
        return _("This follow was cancelled: nothing more will be sent.")
    if not follow.is_confirmed and follow.confirm_expires_at() <= timezone.now():
        if follow.is_newsletter:
            return _("This link has expired. Please subscribe to the newsletter again.")
        return _("This link has expired. Please ask again to follow this community.")
    return ""


@transaction.atomic
def follow_confirm(*, follow: Follow, ip: str | None = None) -> Follow:
    """Follow the link in the confirmation: from now on the digest comes. Confirming twice
    changes nothing; an expired link or a follow since unsubscribed raises FollowLinkGone."""
    follow = Follow.objects.select_for_update().get(pk=follow.pk)
    refusal = follow_confirm_refusal(follow)
    if refusal:
        raise FollowLinkGone(refusal)
    if follow.is_confirmed:
        return follow
    follow.confirmed_at = timezone.now()
    follow.save(update_fields=["confirmed_at"])
    audit_log(actor=None, action="follow.confirmed", target=follow, ip=ip)
    return follow


@transaction.atomic
def follow_unsubscribe(*, follow: Follow, actor=None, ip: str | None = None) -> Follow:
    """Stop a follow (from an email's link, a mail client's one-click button or /me/): nothing
    more is sent, and the address and name are forgotten. Twice changes nothing."""
    follow = Follow.objects.select_for_update().get(pk=follow.pk)
    if not follow.is_active:
        return follow
    follow.unsubscribed_at = timezone.now()
    follow.email = ""
    follow.name = ""
    follow.user = None
    follow.save(update_fields=["unsubscribed_at", "email", "name", "user"])
    audit_log(actor=actor, action="follow.unsubscribed", target=follow, ip=ip)
    return follow


@transaction.atomic
def follow_topics_update(
    *, follow: Follow, new_sessions: bool, answers: bool, actor=None, ip: str | None = None
) -> Follow:
    if not (new_sessions or answers):
        raise ValidationError({"topics": TOPIC_REQUIRED})
    follow = Follow.objects.select_for_update().get(pk=follow.pk)
    if not follow.is_active:
        raise ValidationError(_("This follow was cancelled: nothing more will be sent."))
    follow.new_sessions = new_sessions
    follow.answers = answers
    follow.save(update_fields=["new_sessions", "answers"])
    audit_log(actor=actor, action="follow.topics_changed", target=follow, ip=ip)
    return follow


def follows_purge_unconfirmed(*, now=None) -> int:
    """Forget the requests never confirmed once their link has expired. Returns how many."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.FOLLOW_CONFIRM_DAYS)
    deleted, _counts = (
        Follow.objects.active().filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    )
    return deleted
