"""The accessibility crawl's plan: who crawls (the demo's people, by role), the few things
added to the demo data that some pages need, and the steps, in the order they run: each opens
a page or fills and sends one of its forms, for the roles it names (tests/e2e/test_axe_crawl.py
runs them; tests/e2e/test_page_weight.py weighs the pages a visitor opens)."""

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from coalition.models import Job, User
from events.models import Registration
from partners import services as partners_services
from partners.models import Organization, Sector
from tests import factories
from tests.e2e.crawl import FIRST, Step, submit

ANONYMOUS, MEMBER, STAFF, ADMIN, LEAD = "anonymous", "member", "staff", "admin", "lead"
ROLES = (ANONYMOUS, MEMBER, STAFF, ADMIN, LEAD)
LANGUAGES = ("en", "es")
# The demo's people (README): a community member, partner staff and an organization admin at
# EdVestors, a coalition lead. The admin and the lead use two-factor authentication.
EMAILS = {
    MEMBER: "member@example.org",
    STAFF: "staff@example.org",
    ADMIN: "admin@example.org",
    LEAD: "lead@example.org",
}

EVERYONE = frozenset(ROLES)
ANONYMOUS_ONLY = frozenset({ANONYMOUS})
SIGNED_IN = EVERYONE - ANONYMOUS_ONLY
ONE_FACTOR = frozenset({MEMBER, STAFF})
TWO_FACTOR = frozenset({ADMIN, LEAD})
ORGANIZERS = frozenset({STAFF, ADMIN, LEAD})  # EdVestors' staff host its events; leads any
MANAGERS = frozenset({ADMIN, LEAD})  # EdVestors' staff page
LEADS = frozenset({LEAD})

# The demo's pages the crawl opens.
ORGANIZATION = "edvestors"
OTHER_ORGANIZATION = "browns-promise"
INITIATIVE = "new-skills-ready-network"
OBJECTIVE = "sign-secondary-postsecondary-data-sharing-agreements"  # EdVestors'
UPCOMING = "community-listening-session-springfield"  # nobody of the demo's people registered
LYNN = "community-listening-session-lynn"  # the member's registration; needs on the roster
HEARD = "community-engagement-session-lynn-2024-12-13"  # held, with what we heard
MEETING = "nsrn-boston-leadership-team-working-meeting"  # hosted by EdVestors
HELD_MEETING = "example-nsrn-boston-partners-meeting-held"  # hosted by EdVestors, over
SITES = ("holyoke-massachusetts", "springfield-massachusetts")
NEW_PASSWORD = "a-new-long-passphrase-for-the-crawl"
MEASUREMENTS_CSV = Path(settings.BASE_DIR) / "static" / "examples" / "measurements.csv"


@dataclass
class World:
    """What the crawl needs beyond the demo: made before it starts, through the services."""

    language: str
    password: str
    invitation: str  # the path of an invitation to EdVestors for the member
    colleague: int  # a membership at EdVestors that its managers change and remove
    member: int  # the member's account (a lead makes them a lead, then not)
    running_import: int  # a job of the lead's, still running
    running_export: int
    email: str = ""  # the crawling person's address


def prepare(language: str) -> World:
    site_url = "http://testserver"
    edvestors = Organization.objects.get(slug=ORGANIZATION)
    admin = User.objects.get(email=EMAILS[ADMIN])
    invitation = partners_services.invitation_send(
        organization=edvestors,
        email=EMAILS[MEMBER],
        role="staff",
        language=language,
        actor=admin,
        ip=None,
        site_url=site_url,
    )
    token = partners_services.invitation_token(invitation=invitation)
    # Someone asks to join EdVestors; a colleague is on its staff; an organization applies to
    # join the network; an email could not be sent.
    newcomer = factories.verified_user("nadia.newcomer@example.org", name="Nadia Newcomer")
    partners_services.membership_request(
        organization=edvestors, actor=newcomer, ip=None, site_url=site_url
    )
    colleague = factories.join_staff(
        edvestors,
        factories.verified_user("carlos.colleague@example.org", name="Carlos Colleague"),
        by=admin,
    )
    partners_services.organization_apply(
        name="Roxbury Family Learning Center",
        sector=Sector.COMMUNITY,
        city="Boston",
        actor=factories.verified_user("applicant@example.org", name="Ama Applicant"),
        ip=None,
        site_url=site_url,
    )
    factories.OutboxEmailFactory(unsent=True)
    # A meeting of EdVestors' that is over, for what was heard there.
    held = factories.EventFactory(
        hosts=[edvestors],
        kind="working_meeting",
        title="Example: NSRN Boston partners' meeting",
        slug=HELD_MEETING,
        starts_at=timezone.now() - dt.timedelta(days=21),
        venue="EdVestors",
        city="Boston",
    )
    for name, children in (("Grace Example", 0), ("Luis Example", 2)):
        factories.RegistrationFactory(event=held, name=name, children_count=children)
    # An import and an export of the lead's still running: their pages while they work.
    lead = User.objects.get(email=EMAILS[LEAD])
    running = {"created_by": lead, "status": Job.Status.RUNNING, "rows_total": 40, "rows_done": 10}
    running_import = Job.objects.create(
        kind=Job.Kind.IMPORT_MEASUREMENTS, filename="measurements.csv", **running
    )
    running_export = Job.objects.create(
        kind=Job.Kind.EXPORT_DASHBOARD, filename="engagement.csv", **running
    )
    return World(
        language=language,
        password=settings.DEMO_PASSWORD,
        invitation=f"/partners/invitations/{token}/",
        colleague=colleague.pk,
        member=User.objects.get(email=EMAILS[MEMBER]).pk,
        running_import=running_import.pk,
        running_export=running_export.pk,
    )


# --- What the crawl does on a page -------------------------------------------------------------


def send(fields=None, form="main form[method=post]", button=None):
    """Fill the form (`fields`, or a function of the world giving them) and send it."""

    def act(page, world):
        values = fields(world) if callable(fields) else fields
        where = form(world) if callable(form) else form
        submit(page, where, values, button=button)

    return act


def link_in_email(to: str, path: str):
    """The path of the link starting with `path` in the last email to `to`."""

    def go(world):
        [message, *_] = [m for m in reversed(mail.outbox) if to in m.to]
        return re.search(rf"https?://[^/\s]+({re.escape(path)}\S*)", message.body)[1]

    return go


def own_registration(slug):
    """The path of the signed-in person's own registration for the event (its manage link)."""

    def go(world):
        registration = Registration.objects.get(event__slug=slug, email=world.email)
        return reverse("events:manage", kwargs={"token": registration.manage_token})

    return go


def register(page, world):
    """Register for an event: a signed-in person's name and address are already there."""
    form = page.locator("main form[method=post]").first
    for name, value in (("name", "Rosa Díaz"), ("email", "rosa.diaz@example.org")):
        if not form.locator(f'[name="{name}"]').input_value():
            form.locator(f'[name="{name}"]').fill(value)
    submit(page, fields={"children_count": "1", "consent": True})


def change_password(page, world):
    submit(
        page,
        fields={
            "oldpassword": world.password,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    world.password = NEW_PASSWORD


def reload(page, world):
    page.reload()


EVENT_FORM = 'main form[action$="/organize/"], main form[action$="/organize/new/"]'
NEEDS_FORM = 'main form:has(input[name="action"][value="needs"])'
CANCEL_FORM = 'main form:has(input[name="action"][value="cancel"])'
ADD_EMAIL_FORM = 'main form:has([name="action_add"])'


def new_event(world):
    return {
        "title": "Family listening session in Roxbury",
        "kind": "listening_session",
        "starts_at": "2027-03-04T18:00",
        "ends_at": "2027-03-04T20:00",
        "format": "in_person",
        "venue": "Roxbury Branch Library",
        "city": "Boston",
        "hosts": FIRST,
        "spoken": ["en", "es"],
    }


def s(name, roles, go=None, act=None, state="", status=200, *, fresh=False):
    return Step(name, roles, go, act, state, status, fresh)


# --- The crawl, in the order it runs (each role takes the steps that name it) -------------------

ACCOUNT_STEPS = [
    # Signing in, the second factor, signing up, resetting a password: visitors.
    s("account_login", ANONYMOUS_ONLY, "/accounts/login/"),
    s("account_login", ANONYMOUS_ONLY, None, send(), "empty"),
    s(
        "account_login",
        ANONYMOUS_ONLY,
        None,
        send({"login": EMAILS[MEMBER], "password": "not-the-password"}),
        "wrong password",
    ),
    s(
        "mfa_authenticate",
        ANONYMOUS_ONLY,
        None,
        send(lambda w: {"login": EMAILS[LEAD], "password": w.password}),
        "the second factor",
    ),
    s("mfa_authenticate", ANONYMOUS_ONLY, None, send({"code": "000000"}), "wrong code"),
    s("account_signup", ANONYMOUS_ONLY, "/accounts/signup/", fresh=True),
    s("account_signup", ANONYMOUS_ONLY, None, send(), "empty"),
    s(
        "account_email_verification_sent",
        ANONYMOUS_ONLY,
        None,
        send(
            {
                "email": "new.parent@example.org",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            }
        ),
        "signed up",
    ),
    s("account_email_verification_sent", ANONYMOUS_ONLY, "/accounts/confirm-email/"),
    s(
        "account_confirm_email",
        ANONYMOUS_ONLY,
        link_in_email("new.parent@example.org", "/accounts/confirm-email/"),
        state="from the email",
    ),
    s("account_confirm_email", ANONYMOUS_ONLY, None, send(), "confirmed"),
    s(
        "account_confirm_email",
        ANONYMOUS_ONLY,
        "/accounts/confirm-email/not-a-key/",
        state="a wrong link",
        fresh=True,
    ),
    s("account_inactive", ANONYMOUS_ONLY, "/accounts/inactive/"),
    s("account_reset_password", ANONYMOUS_ONLY, "/accounts/password/reset/"),
    s("account_reset_password", ANONYMOUS_ONLY, None, send(), "empty"),
    s(
        "account_reset_password_done",
        ANONYMOUS_ONLY,
        None,
        send({"email": EMAILS[MEMBER]}),
        "sent",
    ),
    s(
        "account_reset_password_from_key",
        ANONYMOUS_ONLY,
        link_in_email(EMAILS[MEMBER], "/accounts/password/reset/key/"),
        state="from the email",
    ),
    s("account_reset_password_from_key", ANONYMOUS_ONLY, None, send(), "empty"),
    s(
        "account_reset_password_from_key_done",
        ANONYMOUS_ONLY,
        None,
        send({"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}),
        "changed",
    ),
    s(
        "account_reset_password_from_key",
        ANONYMOUS_ONLY,
        "/accounts/password/reset/key/1-not-a-key/",
        state="a wrong link",
    ),
    s("account_request_login_code", ANONYMOUS_ONLY, "/accounts/login/code/"),
    s("account_request_login_code", ANONYMOUS_ONLY, None, send(), "empty"),
    s(
        "account_confirm_login_code",
        ANONYMOUS_ONLY,
        None,
        send({"email": EMAILS[STAFF]}),
        "code sent",
    ),
    s("account_confirm_login_code", ANONYMOUS_ONLY, None, send({"code": "WRONG1"}), "wrong code"),
    s("home", ANONYMOUS_ONLY, "/", state="signed out", fresh=True),
    # One's own account: a sign-in confirmed again, two-factor, addresses, the password.
    s("account_reauthenticate", SIGNED_IN, "/accounts/reauthenticate/"),
    s(
        "account_reauthenticate",
        SIGNED_IN,
        None,
        send({"password": "not-the-password"}),
        "wrong password",
    ),
    s(
        "account_reauthenticate",
        SIGNED_IN,
        None,
        send(lambda w: {"password": w.password}),
        "confirmed",
    ),
    s("mfa_index", SIGNED_IN, "/accounts/2fa/"),
    s("mfa_activate_totp", SIGNED_IN, "/accounts/2fa/totp/activate/"),
    s("mfa_activate_totp", ONE_FACTOR, None, send({"code": "000000"}), "wrong code"),
    s("mfa_deactivate_totp", TWO_FACTOR, "/accounts/2fa/totp/deactivate/"),
    s("mfa_reauthenticate", TWO_FACTOR, "/accounts/2fa/reauthenticate/"),
    s("mfa_reauthenticate", TWO_FACTOR, None, send({"code": "000000"}), "wrong code"),
    s("mfa_generate_recovery_codes", TWO_FACTOR, "/accounts/2fa/recovery-codes/generate/"),
    s("mfa_view_recovery_codes", TWO_FACTOR, None, send(), "made"),
    s("mfa_list_webauthn", SIGNED_IN, "/accounts/2fa/webauthn/"),
    s("mfa_add_webauthn", SIGNED_IN, "/accounts/2fa/webauthn/add/"),
    s("mfa_reauthenticate_webauthn", SIGNED_IN, "/accounts/2fa/webauthn/reauthenticate/"),
    s("account_email", SIGNED_IN, "/accounts/email/"),
    s("account_email", SIGNED_IN, None, send({"email": "not-an-address"}, ADD_EMAIL_FORM), "wrong"),
    s(
        "account_email",
        SIGNED_IN,
        None,
        send({"email": "second.address@example.org"}, ADD_EMAIL_FORM),
        "added",
    ),
    s("account_change_password", SIGNED_IN, "/accounts/password/change/"),
    s("account_change_password", SIGNED_IN, None, send(), "empty"),
    s("account_change_password", SIGNED_IN, None, change_password, "changed"),
    s("account_set_password", SIGNED_IN, "/accounts/password/set/"),
]

PUBLIC_STEPS = [
    s("home", EVERYONE, "/"),
    s(None, EVERYONE, "/no-such-page/", state="not found", status=404),
    s("events:list", EVERYONE, "/events/"),
    s("events:list", EVERYONE, "/events/?when=past", state="past"),
    s(
        "events:list",
        EVERYONE,
        f"/events/?site={SITES[0]}&language=es&format=in_person",
        state="filtered",
    ),
    s("events:list", EVERYONE, "/events/?from_date=1800-01-01", state="a wrong date", status=400),
    s("events:detail", EVERYONE, f"/events/{LYNN}/"),
    s("events:detail", EVERYONE, f"/events/{HEARD}/", state="what we heard"),
    s("events:detail", EVERYONE, f"/events/{MEETING}/", state="a working meeting"),
    # EdVestors' staff and admin are registered for its meeting, online too: their link.
    s("events:manage", frozenset({STAFF, ADMIN}), own_registration(MEETING), state="online"),
    s("events:register", EVERYONE, f"/events/{UPCOMING}/register/"),
    s("events:register", EVERYONE, None, send(), "empty", 400),
    s("events:manage", EVERYONE, None, register, "registered"),
    s("events:manage", EVERYONE, None, send({"children_count": "-1"}, NEEDS_FORM), "wrong", 400),
    s(
        "events:manage",
        EVERYONE,
        None,
        send({"children_count": "2", "accessibility_needs": "A ramp, please."}, NEEDS_FORM),
        "needs changed",
    ),
    s("events:manage", EVERYONE, None, send(form=CANCEL_FORM), "cancelled"),
    s("events:suggest", EVERYONE, "/events/suggest/"),
    s("events:suggest", EVERYONE, None, send(), "empty", 400),
    s(
        "events:suggest",
        EVERYONE,
        None,
        send(
            {
                "place": "Dudley Branch Library",
                "community": "Roxbury",
                "reason": "Near the bus lines, with a children's room.",
            }
        ),
        "sent",
    ),
    s("initiatives:list", EVERYONE, "/initiatives/"),
    s("initiatives:list", EVERYONE, "/initiatives/?q=skills", state="filtered"),
    s("initiatives:detail", EVERYONE, f"/initiatives/{INITIATIVE}/"),
    s("initiatives:objective", EVERYONE, f"/initiatives/objectives/{OBJECTIVE}/"),
    s("sites:list", EVERYONE, "/sites/"),
    s("sites:list", EVERYONE, f"/sites/?initiative={INITIATIVE}", state="filtered"),
    s("sites:detail", EVERYONE, f"/sites/{SITES[0]}/"),
    s("sites:compare", EVERYONE, "/sites/compare/"),
    s("sites:compare", EVERYONE, f"/sites/compare/?site={SITES[0]}&site={SITES[1]}", state="two"),
    s("sites:compare", EVERYONE, f"/sites/compare/?site={SITES[0]}", state="one", status=400),
    s("directory:list", EVERYONE, "/partners/"),
    s("directory:list", EVERYONE, "/partners/?q=boston&sector=schools", state="filtered"),
    s("directory:detail", EVERYONE, f"/partners/{ORGANIZATION}/"),
    s("directory:detail", EVERYONE, f"/partners/{OTHER_ORGANIZATION}/"),
]

MEMBER_STEPS = [
    s(
        "partners:join",
        SIGNED_IN,
        f"/partners/{OTHER_ORGANIZATION}/",
        send(form='main form[action$="/join/"]'),
        "asked to join",
    ),
    s("me:index", SIGNED_IN, "/me/"),
    s(
        "me:index",
        SIGNED_IN,
        None,
        send(lambda w: {"name": "A. Person", "preferred_language": w.language}),
        "saved",
    ),
    s("me:data", SIGNED_IN, "/me/data/"),
    s("me:delete", SIGNED_IN, "/me/delete/"),
    s("me:delete", SIGNED_IN, None, send({"password": "not-the-password"}), "wrong", 400),
    s("partners:apply", SIGNED_IN, "/partners/apply/"),
    s("partners:apply", SIGNED_IN, None, send(), "empty", 400),
    s(
        "partners:apply",
        SIGNED_IN,
        None,
        send({"name": "Mattapan Parents Network", "sector": "community", "city": "Boston"}),
        "sent",
    ),
    s(
        "partners:invitation",
        ORGANIZERS,
        lambda w: w.invitation,
        state="someone else's",
        status=403,
    ),
    s("dashboard:index", ONE_FACTOR, "/dashboard/", state="refused", status=403),
]

ORGANIZER_STEPS = [
    s("events:organize_index", ORGANIZERS, "/events/organize/"),
    s("events:new", ORGANIZERS, "/events/organize/new/"),
    s("events:new", ORGANIZERS, None, send(), "empty", 400),
    s("events:organize", ORGANIZERS, None, send(new_event), "a draft"),
    s("events:publish", ORGANIZERS, None, send(form='main form[action$="/publish/"]'), "published"),
    s("events:organize", ORGANIZERS, None, send({"title": ""}, EVENT_FORM), "no title", 400),
    s(
        "events:cancel",
        ORGANIZERS,
        None,
        send({"reason": "The library is closed that day."}, 'main form[action$="/cancel/"]'),
        "cancelled",
    ),
    s("events:organize", ORGANIZERS, f"/events/{MEETING}/organize/"),
    s("events:organize", ORGANIZERS, None, send(form=EVENT_FORM), "saved"),
    s("events:roster", ORGANIZERS, f"/events/{MEETING}/organize/roster/"),
    s("events:roster", ORGANIZERS, f"/events/{HELD_MEETING}/organize/roster/", state="held"),
    s("events:check_in", ORGANIZERS, f"/events/{MEETING}/organize/check-in/"),
    s("events:check_in", ORGANIZERS, f"/events/{MEETING}/organize/check-in/?q=Example", state="q"),
    s("events:check_in", ORGANIZERS, None, send(), "checked in"),
    s("events:message", ORGANIZERS, f"/events/{MEETING}/organize/message/"),
    s("events:message", ORGANIZERS, None, send(), "empty", 400),
    s(
        "events:message",
        ORGANIZERS,
        None,
        send({"subject": "The room has changed", "body": "We meet in room 2 on the first floor."}),
        "sent",
    ),
    s("events:report", ORGANIZERS, f"/events/{MEETING}/organize/report/"),
    s(
        "events:report",
        ORGANIZERS,
        None,
        send({"summary": "Not yet."}),
        "not over yet",
        400,
    ),
    s("events:report", ORGANIZERS, f"/events/{HELD_MEETING}/organize/report/", state="held"),
    s("events:report", ORGANIZERS, None, send(), "empty", 400),
    s(
        "events:report",
        ORGANIZERS,
        None,
        send(
            {
                "summary": "Partners agreed on the first data to share.",
                "themes-0-title": "Shared data",
                "publish": True,
            }
        ),
        "saved",
    ),
    s("initiatives:objective_update", ORGANIZERS, f"/initiatives/objectives/{OBJECTIVE}/update/"),
    s("initiatives:objective_update", ORGANIZERS, None, send(), "empty", 400),
    s(
        "initiatives:objective_update",
        ORGANIZERS,
        None,
        send({"status": "at_risk", "narrative": "Two districts asked for more time."}),
        "posted",
    ),
    s(
        "initiatives:update_withdraw",
        ORGANIZERS,
        None,
        send(form='main form[action*="/withdraw/"]'),
        "no reason",
        400,
    ),
    s(
        "initiatives:update_withdraw",
        ORGANIZERS,
        None,
        send({"withdrawal_reason": "Posted to the wrong objective."}),
        "withdrawn",
    ),
    s("dashboard:organization", ORGANIZERS, f"/dashboard/organizations/{ORGANIZATION}/"),
]

MANAGER_STEPS = [
    s("partners:staff", MANAGERS, f"/partners/{ORGANIZATION}/staff/"),
    s("partners:invite", MANAGERS, None, send(form='main form[action$="/invite/"]'), "empty", 400),
    s(
        "partners:invite",
        MANAGERS,
        None,
        send({"email": "new.staffer@example.org"}, 'main form[action$="/invite/"]'),
        "sent",
    ),
    s(
        "partners:invitation_revoke",
        MANAGERS,
        None,
        send(form='main form[action$="/revoke/"]'),
        "withdrawn",
    ),
    s(
        "partners:membership_decide",
        MANAGERS,
        None,
        send(form='main form[action*="/staff/requests/"]'),
        "approved",
    ),
    s(
        "partners:membership_role",
        MANAGERS,
        None,
        send({"role": "admin"}, lambda w: f'main form[action$="/members/{w.colleague}/role/"]'),
        "role changed",
    ),
    s(
        "partners:membership_remove",
        MANAGERS,
        None,
        send(form=lambda w: f'main form[action$="/members/{w.colleague}/remove/"]'),
        "removed",
    ),
]

LEAD_STEPS = [
    s("dashboard:index", LEADS, "/dashboard/"),
    s(
        "dashboard:index",
        LEADS,
        f"/dashboard/?initiative={INITIATIVE}&since=2025-01-01&until=2027-12-31",
        state="filtered",
    ),
    s("dashboard:index", LEADS, "/dashboard/?since=1800-01-01", state="a wrong date", status=400),
    s("dashboard:packet", LEADS, "/dashboard/packet/"),
    s("dashboard:packet", LEADS, f"/dashboard/packet/?site={SITES[0]}", state="filtered"),
    s("dashboard:export", LEADS, "/dashboard/export/engagement.csv", state="too large"),
    s("dashboard:export_start", LEADS, None, send(), "started"),
    s("dashboard:export_job", LEADS, None, reload, "done"),
    s(
        "dashboard:export_job",
        LEADS,
        lambda w: f"/dashboard/exports/{w.running_export}/",
        state="running",
    ),
    s("dashboard:organization", LEADS, f"/dashboard/organizations/{OTHER_ORGANIZATION}/"),
    s("partners:applications", LEADS, "/partners/applications/"),
    s("partners:application_decide", LEADS, None, send(), "approved"),
    s("events:suggestions", LEADS, "/events/suggestions/"),
    s("events:suggestions", LEADS, "/events/suggestions/?status=new", state="filtered"),
    s("events:suggestion_review", LEADS, None, send(), "reviewed"),
    s("events:roster", LEADS, f"/events/{LYNN}/organize/roster/", state="needs"),
    s("network:leads", LEADS, "/network/leads/"),
    s("network:leads", LEADS, None, send(), "empty", 400),
    s("network:leads", LEADS, None, send({"email": EMAILS[MEMBER]}), "made a lead"),
    s(
        "network:lead_revoke",
        LEADS,
        None,
        send(form=lambda w: f'main form[action$="/leads/{w.member}/revoke/"]'),
        "revoked",
    ),
    s("network:audit", LEADS, "/network/audit/"),
    s("network:audit", LEADS, "/network/audit/?action=event", state="filtered"),
    s("network:audit", LEADS, "/network/audit/?since=1800-01-01", state="wrong date", status=400),
    s("network:measurements", LEADS, "/network/measurements/"),
    s("network:measurements", LEADS, None, send(), "empty", 400),
    s(
        "network:measurements",
        LEADS,
        None,
        send(
            {
                "indicator": FIRST,
                "period_start": "2025-09-01",
                "period_label": "2025-26",
                "value": "44",
            }
        ),
        "recorded",
    ),
    s(
        "network:measurements",
        LEADS,
        "/network/measurements/?student_group=all",
        state="filtered",
    ),
    s("network:imports", LEADS, "/network/imports/"),
    s("network:imports", LEADS, None, send(), "empty", 400),
    s(
        "network:import",
        LEADS,
        None,
        send({"kind": "import_measurements", "file": str(MEASUREMENTS_CSV)}),
        "imported",
    ),
    s("network:import", LEADS, lambda w: f"/network/imports/{w.running_import}/", state="running"),
    s("network:emails", LEADS, "/network/emails/"),
    s("network:email_resend", LEADS, None, send(), "sent again"),
]

FAREWELL_STEPS = [
    s("partners:invitation", frozenset({MEMBER}), lambda w: w.invitation),
    s("partners:invitation", frozenset({MEMBER}), None, send(), "accepted"),
    s("account_logout", SIGNED_IN, "/accounts/logout/"),
    s("account_logout", SIGNED_IN - {MEMBER}, None, send(), "signed out"),
    s(
        "me:delete",
        frozenset({MEMBER}),
        "/me/delete/",
        send(lambda w: {"password": w.password}),
        "deleted",
    ),
]

STEPS = [
    *ACCOUNT_STEPS,
    *PUBLIC_STEPS,
    *MEMBER_STEPS,
    *ORGANIZER_STEPS,
    *MANAGER_STEPS,
    *LEAD_STEPS,
    *FAREWELL_STEPS,
]


def visitor_pages() -> list[str]:
    """The pages a visitor without an account opens straight from a link or the address bar,
    in the crawl's order, each once."""
    paths = [
        step.go
        for step in STEPS
        if ANONYMOUS in step.roles and isinstance(step.go, str) and step.act is None
    ]
    return list(dict.fromkeys(paths))
