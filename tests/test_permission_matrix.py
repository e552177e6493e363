"""Every URL of the project against every role: who gets the page, who is sent to sign in,
who is refused (403) and who is not even told the thing exists (404).

A URL pattern with no entry here fails `test_every_url_is_in_the_matrix`, so a new page cannot
ship without saying who may see it.
"""

from dataclasses import dataclass

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import URLPattern, URLResolver, get_resolver

from coalition.models import User
from dashboards.views import dashboard_pdf_available
from events.models import Event
from opendata.tables import TABLES as OPEN_DATA_TABLES
from partners.models import Membership
from tests import factories

ROLES = (
    "anonymous",
    "member",
    "staff_a",
    "staff_b",
    "admin_a",
    "admin_a_without_2fa",
    "lead",
    "lead_without_2fa",
    "superuser",
    "superuser_without_2fa",
)
# Everyone who must use two-factor authentication before any power over other people's data,
# and has not set it up: sent to set it up first.
WITHOUT_2FA = ("admin_a_without_2fa", "lead_without_2fa", "superuser_without_2fa")
TOTP_SECRET = "JBSWY3DPEHPK3PXP"

# What a role gets: a status code, or "login" (302 to sign in), "mfa" (302 to two-factor
# setup), "away" (302 somewhere else, e.g. a signed-in person visiting the login page).
OK, LOGIN, MFA, AWAY = 200, "login", "mfa", "away"


def everyone(answer):
    return dict.fromkeys(ROLES, answer)


def signed_in(answer, anonymous=LOGIN):
    return {**everyone(answer), "anonymous": anonymous}


def only(allowed: dict, others):
    """`others` for every role not named in `allowed`."""
    return {**everyone(others), "anonymous": LOGIN, **allowed}


PUBLIC = everyone(OK)


def leads_sensitive(answer=OK):
    """Leads and superusers only; those without two-factor are sent to set it up first."""
    return only(
        {
            "lead": answer,
            "superuser": answer,
            "lead_without_2fa": MFA,
            "superuser_without_2fa": MFA,
        },
        403,
    )


LEADS_SENSITIVE = leads_sensitive()


def org_a_managers(answer):
    """Organization A's admins, the leads and superusers get `answer` (those without two-factor
    are sent to set it up first); others 403."""
    return only(
        {"admin_a": answer, "lead": answer, "superuser": answer, **dict.fromkeys(WITHOUT_2FA, MFA)},
        403,
    )


def _organizers(answer, *, others):
    """Partner staff (of any organization) and leads."""
    return only(
        {
            "staff_a": answer,
            "staff_b": answer,
            "admin_a": answer,
            "lead": answer,
            "superuser": answer,
            **dict.fromkeys(WITHOUT_2FA, answer),
        },
        others,
    )


def _hosts_of_a(answer, *, others=403, sensitive=False):
    """Staff of organization A (the host) and leads. On a power over other people's data
    (`sensitive`), those who must use two-factor and have not set it up are sent to set it up
    first; partner staff who are not admins are not asked for it."""
    return only(
        {
            "staff_a": answer,
            "admin_a": answer,
            "lead": answer,
            "superuser": answer,
            **dict.fromkeys(WITHOUT_2FA, MFA if sensitive else answer),
        },
        others,
    )


@dataclass
class World:
    org_a: object
    org_b: object
    initiative: object
    objective: object
    site: object
    event: object
    draft: object


@pytest.fixture
def world(db):
    org_a = factories.OrganizationFactory(name="Org A", slug="org-a")
    org_b = factories.OrganizationFactory(name="Org B", slug="org-b")
    initiative = factories.InitiativeFactory()
    objective = factories.ObjectiveFactory(initiative=initiative, owners=[org_a])
    site = factories.DemonstrationSiteFactory()
    event = factories.EventFactory(hosts=[org_a], initiative=initiative, site=site)
    draft = factories.EventFactory(hosts=[org_a], status=Event.Status.DRAFT)
    return World(org_a, org_b, initiative, objective, site, event, draft)


def _verified_user(email, **fields):
    user = factories.UserFactory(email=email, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def people(world):
    people = {
        "member": _verified_user("member@example.org"),
        "staff_a": _verified_user("staff-a@example.org"),
        "staff_b": _verified_user("staff-b@example.org"),
        "admin_a": _verified_user("admin-a@example.org"),
        "lead": _verified_user("lead@example.org", is_coalition_lead=True),
        "lead_without_2fa": _verified_user("lead2@example.org", is_coalition_lead=True),
        "superuser": _verified_user("root@example.org", is_staff=True, is_superuser=True),
        "admin_a_without_2fa": _verified_user("admin-a2@example.org"),
        "superuser_without_2fa": _verified_user(
            "root2@example.org", is_staff=True, is_superuser=True
        ),
    }
    for role, org, kind in (
        ("staff_a", world.org_a, Membership.Role.STAFF),
        ("staff_b", world.org_b, Membership.Role.STAFF),
        ("admin_a", world.org_a, Membership.Role.ADMIN),
        ("admin_a_without_2fa", world.org_a, Membership.Role.ADMIN),
    ):
        factories.MembershipFactory(user=people[role], organization=org, role=kind)
    for role in ("admin_a", "lead", "superuser"):
        TOTP.activate(people[role], TOTP_SECRET)
    return people


def _update_by_staff_a(world):
    """A public update of the world's objective, posted by staff A for organization A."""
    author = User.objects.get(email="staff-a@example.org")
    return factories.progress_update(world.objective, organization=world.org_a, author=author)


def _document_of_a(world):
    """A document hosted by organization A, open for comment, with one section."""
    from consultations.models import Document
    from tests.consultations.helpers import document

    found = Document.objects.filter(host=world.org_a).first()
    return found or document(host=world.org_a, sections=1)


def _story_of_a(world, *, published: bool):
    """A story of organization A: published (complete, approved by a lead), or a draft with
    its English title alone (so submitting it is refused: 400 for those who may)."""
    from stories import services as stories_services
    from stories.models import Story

    slug = "published-story-of-a" if published else "draft-story-of-a"
    found = Story.objects.filter(slug=slug).first()
    if found:
        return found
    if published:
        return factories.story(organization=world.org_a, title="Published story of A")
    return stories_services.story_create(
        actor=None, fields={"title_en": "Draft story of A", "organization": world.org_a}
    )


def _resource_of_a(world, visibility="public"):
    """A resource organization A added: public (a link), or partners-only with a PDF file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from resources import services
    from resources.models import Resource

    found = Resource.objects.filter(organization=world.org_a, visibility=visibility).first()
    if found:
        return found
    if visibility == "public":
        return factories.ResourceFactory(organization=world.org_a)
    return services.resource_create(
        actor=None,
        organization=world.org_a,
        fields={
            "title": "Partners' notes",
            "kind": "brief",
            "source": "Org A",
            "published_on": "2024-05-01",
            "visibility": visibility,
        },
        links={},
        upload=SimpleUploadedFile("notes.pdf", b"%PDF-1.4 notes", "application/pdf"),
    )


# url name -> (how to build the URL from the world, the answer for each role, method)
def _program_of_a(world):
    """A program hosted by organization A, with a call open now."""
    from programs.models import Program

    found = Program.objects.filter(host=world.org_a).first()
    return found or factories.CallFactory(program__host=world.org_a).program


MATRIX = {
    "home": (lambda w: "/", PUBLIC),
    "healthz": (lambda w: "/healthz", PUBLIC),
    # The header's language links: a cookie (and the account's language), then back.
    "language": (lambda w: "/language/es/?next=/events/", everyone(AWAY)),
    # The public directory, initiatives, sites and calendar.
    "directory:list": (lambda w: "/partners/", PUBLIC),
    "directory:detail": (lambda w: f"/partners/{w.org_a.slug}/", PUBLIC),
    "initiatives:list": (lambda w: "/initiatives/", PUBLIC),
    "initiatives:detail": (lambda w: w.initiative.get_absolute_url(), PUBLIC),
    "initiatives:objective": (lambda w: w.objective.get_absolute_url(), PUBLIC),
    "sites:list": (lambda w: "/sites/", PUBLIC),
    "sites:detail": (lambda w: w.site.get_absolute_url(), PUBLIC),
    "sites:figures": (lambda w: f"{w.site.get_absolute_url()}figures/", PUBLIC),
    "events:list": (lambda w: "/events/", PUBLIC),
    "events:detail": (lambda w: w.event.get_absolute_url(), PUBLIC),
    # The community pages: public; a community not listed is not told to exist.
    "communities:list": (lambda w: "/communities/", PUBLIC),
    "communities:detail": (lambda w: w.event.community.get_absolute_url(), PUBLIC),
    # Joining organizations (a missing invitation, request or member answers 404 to those
    # who may act on it; an empty form 400).
    "partners:apply": (lambda w: "/partners/apply/", signed_in(OK)),
    "partners:applications": (lambda w: "/partners/applications/", LEADS_SENSITIVE),
    "partners:application_decide": (
        lambda w: "/partners/applications/999/",
        leads_sensitive(404),
        "post",
    ),
    "partners:invitation": (lambda w: "/partners/invitations/not-a-token/", signed_in(404)),
    "partners:join": (lambda w: f"/partners/{w.org_a.slug}/join/", signed_in(AWAY), "post"),
    "partners:staff": (lambda w: f"/partners/{w.org_a.slug}/staff/", org_a_managers(OK)),
    "partners:invite": (
        lambda w: f"/partners/{w.org_a.slug}/staff/invite/",
        org_a_managers(400),
        "post",
    ),
    "partners:invitation_revoke": (
        lambda w: f"/partners/{w.org_a.slug}/staff/invitations/999/revoke/",
        org_a_managers(404),
        "post",
    ),
    "partners:membership_decide": (
        lambda w: f"/partners/{w.org_a.slug}/staff/requests/999/",
        org_a_managers(404),
        "post",
    ),
    "partners:membership_role": (
        lambda w: f"/partners/{w.org_a.slug}/staff/members/999/role/",
        org_a_managers(404),
        "post",
    ),
    "partners:membership_remove": (
        lambda w: f"/partners/{w.org_a.slug}/staff/members/999/remove/",
        org_a_managers(404),
        "post",
    ),
    # -- progress updates, reminders, directory and site comparison (initiatives, partners) --
    # Fewer than two sites: the form says so.
    "sites:compare": (lambda w: "/sites/compare/?site=nowhere", everyone(400)),
    # Staff of an owner organization (A) and leads.
    "initiatives:objective_update": (
        lambda w: f"{w.objective.get_absolute_url()}update/",
        only(
            {
                "staff_a": OK,
                "admin_a": OK,
                "lead": OK,
                "superuser": OK,
                **dict.fromkeys(WITHOUT_2FA, OK),
            },
            403,
        ),
    ),
    # Withdrawing an update: its author (staff A here) or a lead; anyone else 403. Withdrawing
    # someone else's update is a power over their data: leads need two-factor first.
    "initiatives:update_withdraw": (
        lambda w: f"{w.objective.get_absolute_url()}updates/{_update_by_staff_a(w).pk}/withdraw/",
        only(
            {
                "staff_a": OK,
                "lead": OK,
                "lead_without_2fa": MFA,
                "superuser": OK,
                "superuser_without_2fa": MFA,
            },
            403,
        ),
    ),
    # -- measurements and CSV imports: the network's data, two-factor first --
    "network:measurements": (lambda w: "/network/measurements/", LEADS_SENSITIVE),
    "network:imports": (lambda w: "/network/imports/", LEADS_SENSITIVE),
    "network:import": (lambda w: "/network/imports/999/", leads_sensitive(404)),
    # -- registration, manage links, calendar feeds (events) --
    "events:register": (lambda w: f"{w.event.get_absolute_url()}register/", PUBLIC),
    "events:ics": (lambda w: f"{w.event.get_absolute_url()}event.ics", PUBLIC),
    "events:feed": (lambda w: "/events/feed.ics", PUBLIC),
    # A manage link is the key itself: a wrong one finds nothing, whoever asks.
    "events:manage": (lambda w: "/events/manage/not-a-token/", everyone(404)),
    "events:manage_ics": (lambda w: "/events/manage/not-a-token/event.ics", everyone(404)),
    "events:manage_cancel": (lambda w: "/events/manage/not-a-token/cancel/", everyone(404)),
    "events:feedback": (lambda w: "/events/manage/not-a-token/feedback/", everyone(404)),
    # -- organizer pages, where next, what we heard (events) --
    # Organizing: staff of a host organization (A) and leads; a draft is 404 to the others.
    "events:organize_index": (lambda w: "/events/organize/", _organizers(OK, others=403)),
    "events:new": (lambda w: "/events/organize/new/", _organizers(OK, others=403)),
    # Changing an event tells its registrants: a power over their data, two-factor first.
    "events:organize": (
        lambda w: f"/events/{w.event.slug}/organize/",
        _hosts_of_a(OK, sensitive=True),
    ),
    "events:publish": (
        lambda w: f"/events/{w.event.slug}/organize/publish/",
        _hosts_of_a(AWAY),
        "post",
    ),
    "events:cancel": (
        lambda w: f"/events/{w.event.slug}/organize/cancel/",
        _hosts_of_a(AWAY, sensitive=True),
        "post",
    ),
    "events:roster": (
        lambda w: f"/events/{w.event.slug}/organize/roster/",
        _hosts_of_a(OK, sensitive=True),
    ),
    "events:roster_csv": (
        lambda w: f"/events/{w.event.slug}/organize/roster.csv",
        _hosts_of_a(OK, sensitive=True),
    ),
    "events:check_in": (
        lambda w: f"/events/{w.event.slug}/organize/check-in/",
        _hosts_of_a(OK, sensitive=True),
    ),
    "events:message": (
        lambda w: f"/events/{w.event.slug}/organize/message/",
        _hosts_of_a(OK, sensitive=True),
    ),
    "events:report": (lambda w: f"/events/{w.event.slug}/organize/report/", _hosts_of_a(OK)),
    # What people answered after the session, in their own words: two-factor first.
    "events:feedback_results": (
        lambda w: f"/events/{w.event.slug}/organize/feedback/",
        _hosts_of_a(OK, sensitive=True),
    ),
    "events:suggest": (lambda w: "/events/suggest/", PUBLIC),
    "events:suggestions": (lambda w: "/events/suggestions/", LEADS_SENSITIVE),
    "events:suggestion_review": (
        lambda w: "/events/suggestions/999/",
        leads_sensitive(404),
        "post",
    ),
    # -- drafts open for comment (consultations) --
    "consultations:list": (lambda w: "/consult/", PUBLIC),
    "consultations:detail": (lambda w: _document_of_a(w).get_absolute_url(), PUBLIC),
    # A confirmation link is the key itself: a wrong one finds nothing, whoever asks.
    "consultations:confirm": (lambda w: "/consult/confirm/not-a-token/", everyone(404)),
    # Writing a document: partner staff for their organization, and leads.
    "consultations:manage_index": (lambda w: "/consult/manage/", _organizers(OK, others=403)),
    "consultations:new": (lambda w: "/consult/manage/new/", _organizers(OK, others=403)),
    # Editing one, opening it for comment: staff of its host (A) and leads.
    "consultations:edit": (
        lambda w: f"/consult/manage/{_document_of_a(w).slug}/",
        _hosts_of_a(OK),
    ),
    "consultations:section_new": (
        lambda w: f"/consult/manage/{_document_of_a(w).slug}/sections/new/",
        _hosts_of_a(OK),
    ),
    "consultations:section_edit": (
        lambda w: f"/consult/manage/{_document_of_a(w).slug}/sections/999/",
        _hosts_of_a(404),
    ),
    # Moderating comments (names of people not yet shown): leads, two-factor first.
    "consultations:moderation": (lambda w: "/consult/moderation/", LEADS_SENSITIVE),
    "consultations:moderate": (
        lambda w: "/consult/moderation/999/",
        leads_sensitive(404),
        "post",
    ),
    # -- stories (stories) and the network newsletter --
    "stories:list": (lambda w: "/stories/", PUBLIC),
    "stories:feed": (lambda w: "/stories/feed/", PUBLIC),
    "stories:newsletter": (lambda w: "/stories/newsletter/", PUBLIC),
    "stories:detail": (lambda w: _story_of_a(w, published=True).get_absolute_url(), PUBLIC),
    "stories:image": (lambda w: _story_of_a(w, published=True).get_image_url(), PUBLIC),
    # Writing stories: partner staff for their organizations, and leads.
    "stories:mine": (lambda w: "/stories/mine/", _organizers(OK, others=403)),
    "stories:new": (lambda w: "/stories/new/", _organizers(OK, others=403)),
    # Changing and submitting one: staff of its organization (A) and leads.
    "stories:edit": (
        lambda w: f"/stories/{_story_of_a(w, published=False).slug}/edit/",
        _hosts_of_a(OK),
    ),
    "stories:submit": (
        lambda w: f"/stories/{_story_of_a(w, published=False).slug}/submit/",
        _hosts_of_a(400),
        "post",
    ),
    # Reviewing (publish or return): leads, two-factor first.
    "stories:moderation": (lambda w: "/stories/moderation/", LEADS_SENSITIVE),
    "stories:review": (lambda w: "/stories/moderation/999/", leads_sensitive(404), "post"),
    # -- following a community by email (communities) --
    "follows:follow": (lambda w: f"/follows/{w.event.community.slug}/", PUBLIC),
    # A private link is the key itself: a wrong one finds nothing, whoever asks.
    "follows:confirm": (lambda w: "/follows/confirm/not-a-token/", everyone(404)),
    "follows:unsubscribe": (lambda w: "/follows/unsubscribe/not-a-token/", everyone(404)),
    # One's own follows, from /me/: anyone else's (or none) is 404.
    "follows:my_topics": (lambda w: "/follows/mine/999/topics/", signed_in(404), "post"),
    "follows:my_unfollow": (lambda w: "/follows/mine/999/unfollow/", signed_in(404), "post"),
    # My account: every signed-in person, about themself.
    "me:index": (lambda w: "/me/", signed_in(OK)),
    "me:data": (lambda w: "/me/data/", signed_in(OK)),
    "me:delete": (lambda w: "/me/delete/", signed_in(OK)),
    # The network's own pages, for leads.
    "network:leads": (lambda w: "/network/leads/", LEADS_SENSITIVE),
    "network:audit": (lambda w: "/network/audit/", LEADS_SENSITIVE),
    "network:emails": (lambda w: "/network/emails/", LEADS_SENSITIVE),
    # An email that is not waiting to be sent again: 404 for those who may look.
    "network:email_resend": (
        lambda w: "/network/emails/999999/resend/",
        {**LEADS_SENSITIVE, "lead": 404, "superuser": 404},
        "post",
    ),
    # -- the leads' dashboard, its exports and board packet; each organization's dashboard --
    "dashboard:index": (lambda w: "/dashboard/", LEADS_SENSITIVE),
    "dashboard:export": (lambda w: "/dashboard/export/engagement.csv", LEADS_SENSITIVE),
    # "Refresh figures now": computed again, then back to the dashboard.
    "dashboard:refresh": (lambda w: "/dashboard/refresh/", leads_sensitive(AWAY), "post"),
    "dashboard:export_start": (
        lambda w: "/dashboard/export/engagement/start/",
        leads_sensitive(AWAY),
        "post",
    ),
    # An export is its author's alone: anyone else's (or none) is 404.
    "dashboard:export_job": (
        lambda w: "/dashboard/exports/999/",
        leads_sensitive(404),
    ),
    "dashboard:export_download": (
        lambda w: "/dashboard/exports/999/download/",
        leads_sensitive(404),
    ),
    "dashboard:packet": (lambda w: "/dashboard/packet/", LEADS_SENSITIVE),
    # Without the system's Pango (a newcomer's machine, say) there is no PDF: 404.
    "dashboard:packet_pdf": (
        lambda w: "/dashboard/packet.pdf",
        leads_sensitive(OK if dashboard_pdf_available() else 404),
    ),
    "dashboard:organization": (
        lambda w: f"/dashboard/organizations/{w.org_a.slug}/",
        _hosts_of_a(OK, sensitive=True),
    ),
    # A person who is not a lead: found only by those who may look.
    "network:lead_revoke": (
        lambda w: "/network/leads/999999/revoke/",
        leads_sensitive(404),
        "post",
    ),
    # The admin: Django's own staff check, and two-factor (its sign-in, allauth's, sends a
    # superuser without it to set it up: tests/coalition/test_security.py).
    "admin:index": (lambda w: "/admin/", {**everyone(AWAY), "superuser": OK}),
    # Signing in and out (django-allauth). Signed-in people are sent on from the entrance pages.
    "account_login": (lambda w: "/accounts/login/", {**everyone(AWAY), "anonymous": OK}),
    "account_signup": (lambda w: "/accounts/signup/", {**everyone(AWAY), "anonymous": OK}),
    "account_logout": (lambda w: "/accounts/logout/", signed_in(OK, anonymous=AWAY)),
    "account_inactive": (lambda w: "/accounts/inactive/", PUBLIC),
    "account_reauthenticate": (lambda w: "/accounts/reauthenticate/", signed_in(OK)),
    "account_email": (lambda w: "/accounts/email/", signed_in(OK)),
    "account_email_verification_sent": (lambda w: "/accounts/confirm-email/", PUBLIC),
    "account_confirm_email": (lambda w: "/accounts/confirm-email/not-a-key/", PUBLIC),
    "account_change_password": (lambda w: "/accounts/password/change/", signed_in(OK)),
    # Everyone here has a password already: sent to change it instead.
    "account_set_password": (lambda w: "/accounts/password/set/", signed_in(AWAY)),
    "account_reset_password": (lambda w: "/accounts/password/reset/", PUBLIC),
    "account_reset_password_done": (lambda w: "/accounts/password/reset/done/", PUBLIC),
    "account_reset_password_from_key": (lambda w: "/accounts/password/reset/key/1-bad/", PUBLIC),
    "account_reset_password_from_key_done": (
        lambda w: "/accounts/password/reset/key/done/",
        PUBLIC,
    ),
    "account_request_login_code": (
        lambda w: "/accounts/login/code/",
        {**everyone(AWAY), "anonymous": OK},
    ),
    # Without a code requested first there is nothing to confirm.
    "account_confirm_login_code": (lambda w: "/accounts/login/code/confirm/", signed_in(AWAY)),
    # Two-factor authentication (allauth.mfa). Changing it asks for the password again first
    # ("away" to reauthenticate); pages about an authenticator one does not have are 404.
    "mfa_index": (lambda w: "/accounts/2fa/", signed_in(OK)),
    "mfa_authenticate": (lambda w: "/accounts/2fa/authenticate/", signed_in(AWAY)),
    "mfa_reauthenticate": (
        lambda w: "/accounts/2fa/reauthenticate/",
        {**signed_in(AWAY), "admin_a": OK, "lead": OK, "superuser": OK},
    ),
    "mfa_activate_totp": (lambda w: "/accounts/2fa/totp/activate/", signed_in(AWAY)),
    "mfa_deactivate_totp": (
        lambda w: "/accounts/2fa/totp/deactivate/",
        {**signed_in(404), "admin_a": AWAY, "lead": AWAY, "superuser": AWAY},
    ),
    "mfa_view_recovery_codes": (lambda w: "/accounts/2fa/recovery-codes/", signed_in(404)),
    "mfa_generate_recovery_codes": (
        lambda w: "/accounts/2fa/recovery-codes/generate/",
        signed_in(AWAY),
    ),
    "mfa_download_recovery_codes": (
        lambda w: "/accounts/2fa/recovery-codes/download/",
        signed_in(404),
    ),
    "mfa_list_webauthn": (lambda w: "/accounts/2fa/webauthn/", signed_in(OK)),
    "mfa_add_webauthn": (lambda w: "/accounts/2fa/webauthn/add/", signed_in(AWAY)),
    "mfa_reauthenticate_webauthn": (
        lambda w: "/accounts/2fa/webauthn/reauthenticate/",
        signed_in(AWAY),
    ),
    "mfa_remove_webauthn": (lambda w: "/accounts/2fa/webauthn/keys/999/remove/", signed_in(AWAY)),
    "mfa_edit_webauthn": (lambda w: "/accounts/2fa/webauthn/keys/999/edit/", signed_in(AWAY)),
    # -- the resource library (resources) --
    "resources:list": (lambda w: "/resources/", PUBLIC),
    "resources:detail": (lambda w: _resource_of_a(w).get_absolute_url(), PUBLIC),
    # A partners-only file: partner staff and leads; anonymous visitors are not told it exists.
    "resources:file": (
        lambda w: _resource_of_a(w, visibility="partners").get_file_url(),
        {**_organizers(OK, others=403), "anonymous": 404},
    ),
    # Adding: partner staff for their organization, and leads.
    "resources:manage_index": (lambda w: "/resources/manage/", _organizers(OK, others=403)),
    "resources:new": (lambda w: "/resources/new/", _organizers(OK, others=403)),
    # Editing and deleting: staff of the organization that added it (A) and leads.
    "resources:edit": (lambda w: f"/resources/{_resource_of_a(w).slug}/edit/", _hosts_of_a(OK)),
    "resources:delete": (
        lambda w: f"/resources/{_resource_of_a(w).slug}/delete/",
        _hosts_of_a(OK),
    ),
    # -- open data (opendata): the same public tables for everyone, signed in or not --
    "opendata:index": (lambda w: "/open-data/", PUBLIC),
    "opendata:root": (lambda w: "/api/v1/", PUBLIC),
    "opendata:schema": (lambda w: "/api/v1/schema/", PUBLIC),
    # Every table of opendata.tables, as JSON and as CSV.
    **{
        f"opendata:{name}{suffix}": (lambda w, path=f"/api/v1/{name}{ending}": path, PUBLIC)
        for name in OPEN_DATA_TABLES
        for suffix, ending in (("", "/"), ("_csv", ".csv"))
    },
    # The site search: public rows only, the same page for everyone.
    "search": (lambda w: "/search/?q=session", PUBLIC),
    # Programs: public pages and applying (anyone; an application's page by its private link),
    # reviewing (the host's staff and the leads).
    "programs:list": (lambda w: "/programs/", PUBLIC),
    "programs:detail": (lambda w: _program_of_a(w).get_absolute_url(), PUBLIC),
    "programs:apply": (lambda w: f"/programs/{_program_of_a(w).slug}/apply/", PUBLIC),
    "programs:application": (lambda w: "/programs/applications/not-a-token/", everyone(404)),
    "programs:withdraw": (
        lambda w: "/programs/applications/not-a-token/withdraw/",
        everyone(404),
        "post",
    ),
    "programs:certificate": (
        lambda w: "/programs/applications/not-a-token/certificate.pdf",
        everyone(404),
    ),
    "programs:review_list": (
        lambda w: f"/programs/{_program_of_a(w).slug}/review/",
        _hosts_of_a(OK, sensitive=True),
    ),
    "programs:review": (
        lambda w: f"/programs/{_program_of_a(w).slug}/review/999/",
        _hosts_of_a(404, sensitive=True),
    ),
}


def _answer(response):
    if response.status_code == 302:
        location = response["Location"]
        if "/accounts/login/" in location:
            return LOGIN
        if "/accounts/2fa/totp/activate/" in location:
            return MFA
        return AWAY
    return response.status_code


def _url_names():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace
                full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
                yield from walk(pattern.url_patterns, full)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns))


# The admin's own pages sit behind its index and Django's staff check.
THIRD_PARTY_PREFIXES = ("admin:",)


def test_every_url_is_in_the_matrix():
    ours = {name for name in _url_names() if not name.startswith(THIRD_PARTY_PREFIXES)}
    assert sorted(ours - set(MATRIX)) == []
    assert sorted(set(MATRIX) - _url_names()) == []


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_who_gets_what(client, world, people, name):
    entry = MATRIX[name]
    build, expected = entry[0], entry[1]
    method = entry[2] if len(entry) > 2 else "get"
    url = build(world)
    got = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(people[role])
        response = getattr(client, method)(url)
        got[role] = _answer(response)
    assert got == {role: expected[role] for role in ROLES}, url


ANONYMOUS_PAGES = sorted(
    name
    for name, entry in MATRIX.items()
    if entry[1]["anonymous"] == OK and (len(entry) < 3 or entry[2] == "get")
)


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_an_anonymous_page_sets_no_cookie_unless_it_holds_a_form(client, world, name):
    """So that a cache may share it (coalition.pagecache): a CSRF cookie only with a form that
    carries a token, and never a session. (The form to follow a community carries none for
    anonymous people: coalition.http.csrf_for_members.)"""
    response = client.get(MATRIX[name][0](world))
    if response.streaming:  # a file (a story's image): no page, no form
        assert sorted(response.cookies) == [], name
        return
    main = response.content.decode().partition("<main")[2]
    posts = 'name="csrfmiddlewaretoken"' in main
    assert sorted(response.cookies) == (["csrftoken"] if posts else []), name
