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
from consultations.models import Document
from events.models import Registration
from partners import services as partners_services
from partners.models import Organization, Sector
from tests import factories
from tests.e2e.crawl import FIRST, Step, submit
from tests.e2e.totp import authenticator_code

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
HELD_SESSION = "example-listening-session-springfield-held"  # its survey answered by some
SITES = ("holyoke-massachusetts", "springfield-massachusetts")
RESOURCE = "reinventing-child-care-in-massachusetts-webinar-recordings"  # the Action Lab's
DRAFT = "example-draft-policy-agenda"  # Brown's Promise's, open for comment
COMMUNITY = "lynn"  # followed by email
STORY = "the-opportunity-coalition-story"  # the Opportunity Coalition's, published
SUBSCRIBER = "subscriber@example.org"  # subscribes to the newsletter
STORY_FORM = 'main form[enctype="multipart/form-data"]'

FOLLOWER = "follower@example.org"
FOLLOW_FORM = 'main form[action^="/follows/"]'
TOPICS_FORM = 'main form[action$="/topics/"]'
UNFOLLOW_FORM = 'main form[action$="/unfollow/"]'
NEW_PASSWORD = "a-new-long-passphrase-for-the-crawl"
MEASUREMENTS_CSV = Path(settings.BASE_DIR) / "static" / "examples" / "measurements.csv"


@dataclass
class World:
    """What the crawl needs beyond the demo, made before it starts; and what it learns on the
    way (the password, once changed)."""

    language: str
    password: str
    invitation: str  # the path of an invitation to EdVestors for the member
    colleague: int  # a membership at EdVestors that its managers change and remove
    member: int  # the member's account (a lead makes them a lead, then not)
    running_import: int  # a job of the lead's, still running
    running_export: int
    email: str = ""  # the crawling person's address


def prepare(language: str) -> World:
    """Add to the demo what some pages need, through the services where the site makes it."""
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
    # A story of EdVestors' waiting for a lead's review.
    factories.story(
        organization=edvestors, status="submitted", title="Example: a story waiting for review"
    )
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


def code_in_email(to: str) -> str:
    """The sign-in code in the last email to `to`: alone on its line."""
    [message, *_] = [m for m in reversed(mail.outbox) if to in m.to]
    return re.search(r"(?m)^([A-Z0-9-]{6,})$", message.body)[1]


def activate_totp(page, world):
    """Set up an authenticator app: the code it would show for the secret on the page."""
    secret = page.locator("#authenticator_secret").input_value()
    submit(page, fields={"code": authenticator_code(secret)})


def own_registration(slug):
    """The path of the signed-in person's own registration for the event (its manage link)."""

    def go(world):
        registration = Registration.objects.get(event__slug=slug, email=world.email)
        return reverse("events:manage", kwargs={"token": registration.manage_token})

    return go


def unanswered_survey(slug):
    """The survey of someone who came to the held session and has not answered (the demo's
    answers are the first people's)."""

    def go(world):
        came = Registration.objects.filter(
            event__slug=slug, checked_in_at__isnull=False, feedback__isnull=True
        )
        return reverse("events:feedback", kwargs={"token": came.latest("id").manage_token})

    return go


def register(page, world):
    """Register for an event: a signed-in person's name and address are already there."""
    form = page.locator("main form[method=post]").first
    for name, value in (("name", "Rosa Díaz"), ("email", "rosa.diaz@example.org")):
        if not form.locator(f'[name="{name}"]').input_value():
            form.locator(f'[name="{name}"]').fill(value)
    submit(page, fields={"children_count": "1", "consent": True})


def comment_on_draft(page, world):
    """Comment on a draft: a signed-in person's name and address are already there."""
    form = page.locator("main form[method=post]").first
    for name, value in (("name", "Rosa Díaz"), ("email", "rosa.diaz@example.org")):
        if not form.locator(f'[name="{name}"]').input_value():
            form.locator(f'[name="{name}"]').fill(value)
    submit(page, fields={"section": FIRST, "text": "Please add a session in Lynn about this."})


def confirm_link(world):
    """The confirmation link of the last comment sent."""
    [message, *_] = [m for m in reversed(mail.outbox) if "/consult/confirm/" in m.body]
    return re.search(r"https?://[^/\s]+(/consult/confirm/\S*)", message.body)[1]


def my_document(rest=""):
    """A page of the document the crawling person started."""

    def go(world):
        document = Document.objects.filter(created_by__email=world.email).latest("created_at")
        return f"/consult/manage/{document.slug}/{rest}"

    return go


def my_section(world):
    document = Document.objects.filter(created_by__email=world.email).latest("created_at")
    return f"/consult/manage/{document.slug}/sections/{document.sections.first().pk}/"


def new_resource(world):
    return {
        "title_en": "Slides of our family engagement session",
        "kind": "slides",
        "url": "https://example.org/slides",
        "source": "EdVestors",
        "published_on": timezone.localdate().isoformat(),
        "organization": FIRST,
    }


def my_resource(rest=""):
    """A page of the resource the crawling person added."""

    def go(world):
        from resources.models import Resource

        resource = Resource.objects.filter(created_by__email=world.email).latest("created_at")
        return f"/resources/{resource.slug}/{rest}"

    return go


def comment_dates(world):
    now = timezone.localtime()
    return {
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + dt.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"),
    }


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


def follow(selector: str):
    """Follow the first link matching `selector`, waiting for the page it leads to."""

    def act(page, world):
        with page.expect_navigation():
            page.locator(selector).first.click()

    return act


def reload(page, world):
    page.reload()


def no_topic(form: str):
    """Send the follow form (or a follow's topics on /me/) with no topic chosen."""

    def act(page, world):
        for box in page.locator(form).first.locator('[name="topics"]').all():
            box.uncheck()
        submit(page, form)

    return act


def my_story(rest=""):
    """A page of the story the crawling person wrote last."""

    def go(world):
        from stories.models import Story

        story = Story.objects.filter(author__email=world.email).latest("created_at")
        return f"/stories/{story.slug}/{rest}"

    return go


EVENT_FORM = 'main form[action$="/organize/"], main form[action$="/organize/new/"]'
NEEDS_FORM = 'main form:has(input[name="action"][value="needs"])'
CANCEL_LINK = 'main a[href$="/cancel/"]'
ADD_EMAIL_FORM = 'main form:has([name="action_add"])'


def new_event(world):
    day = (timezone.localdate() + dt.timedelta(days=90)).isoformat()
    return {
        "title_en": "Family listening session in Roxbury",
        "kind": "listening_session",
        "starts_at": f"{day}T18:00",
        "ends_at": f"{day}T20:00",
        "format": "in_person",
        "venue": "Roxbury Branch Library",
        "city": "Boston",
        "hosts": FIRST,
        "spoken": ["en", "es"],
    }


def visit(name, roles, go=None, act=None, state="", status=200, *, fresh=False):
    """A step of the crawl (tests.e2e.crawl.Step), in the order of its fields."""
    return Step(name, roles, go, act, state, status, fresh)


# --- The crawl, in the order it runs (each role takes the steps that name it) -------------------

ACCOUNT_STEPS = [
    # Signing in, the second factor, signing up, resetting a password: visitors.
    visit("account_login", ANONYMOUS_ONLY, "/accounts/login/"),
    visit("account_login", ANONYMOUS_ONLY, None, send(), "empty"),
    visit(
        "account_login",
        ANONYMOUS_ONLY,
        None,
        send({"login": EMAILS[MEMBER], "password": "not-the-password"}),
        "wrong password",
    ),
    visit(
        "account_login",
        ANONYMOUS_ONLY,
        None,
        send(lambda w: {"login": EMAILS[MEMBER], "password": w.password}),
        "signed in",
    ),
    visit(
        "mfa_authenticate",
        ANONYMOUS_ONLY,
        "/accounts/login/",
        send(lambda w: {"login": EMAILS[LEAD], "password": w.password}),
        "the second factor",
        fresh=True,
    ),
    visit("mfa_authenticate", ANONYMOUS_ONLY, None, send({"code": "000000"}), "wrong code"),
    visit("account_signup", ANONYMOUS_ONLY, "/accounts/signup/", fresh=True),
    visit("account_signup", ANONYMOUS_ONLY, None, send(), "empty"),
    visit(
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
    visit("account_email_verification_sent", ANONYMOUS_ONLY, "/accounts/confirm-email/"),
    visit(
        "account_confirm_email",
        ANONYMOUS_ONLY,
        link_in_email("new.parent@example.org", "/accounts/confirm-email/"),
        state="from the email",
    ),
    visit("account_confirm_email", ANONYMOUS_ONLY, None, send(), "confirmed"),
    visit(
        "account_confirm_email",
        ANONYMOUS_ONLY,
        "/accounts/confirm-email/not-a-key/",
        state="a wrong link",
        fresh=True,
    ),
    visit("account_inactive", ANONYMOUS_ONLY, "/accounts/inactive/"),
    visit("account_reset_password", ANONYMOUS_ONLY, "/accounts/password/reset/"),
    visit("account_reset_password", ANONYMOUS_ONLY, None, send(), "empty"),
    visit(
        "account_reset_password_done",
        ANONYMOUS_ONLY,
        None,
        send({"email": EMAILS[MEMBER]}),
        "sent",
    ),
    visit(
        "account_reset_password_from_key",
        ANONYMOUS_ONLY,
        link_in_email(EMAILS[MEMBER], "/accounts/password/reset/key/"),
        state="from the email",
    ),
    visit("account_reset_password_from_key", ANONYMOUS_ONLY, None, send(), "empty"),
    visit(
        "account_reset_password_from_key_done",
        ANONYMOUS_ONLY,
        None,
        send({"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}),
        "changed",
    ),
    visit(
        "account_reset_password_from_key",
        ANONYMOUS_ONLY,
        "/accounts/password/reset/key/1-not-a-key/",
        state="a wrong link",
    ),
    visit("account_request_login_code", ANONYMOUS_ONLY, "/accounts/login/code/"),
    visit("account_request_login_code", ANONYMOUS_ONLY, None, send(), "empty"),
    visit(
        "account_confirm_login_code",
        ANONYMOUS_ONLY,
        None,
        send({"email": EMAILS[STAFF]}),
        "code sent",
    ),
    visit(
        "account_confirm_login_code", ANONYMOUS_ONLY, None, send({"code": "WRONG1"}), "wrong code"
    ),
    visit(
        "account_confirm_login_code",
        ANONYMOUS_ONLY,
        None,
        send(lambda w: {"code": code_in_email(EMAILS[STAFF])}),
        "signed in",
    ),
    visit("home", ANONYMOUS_ONLY, "/", state="signed out", fresh=True),
    # One's own account: a sign-in confirmed again, two-factor, addresses, the password.
    visit("account_reauthenticate", SIGNED_IN, "/accounts/reauthenticate/"),
    visit(
        "account_reauthenticate",
        SIGNED_IN,
        None,
        send({"password": "not-the-password"}),
        "wrong password",
    ),
    visit(
        "account_reauthenticate",
        SIGNED_IN,
        None,
        send(lambda w: {"password": w.password}),
        "confirmed",
    ),
    visit("mfa_index", SIGNED_IN, "/accounts/2fa/"),
    visit("mfa_activate_totp", SIGNED_IN, "/accounts/2fa/totp/activate/"),
    visit("mfa_activate_totp", ONE_FACTOR, None, send({"code": "000000"}), "wrong code"),
    visit("mfa_activate_totp", ONE_FACTOR, None, activate_totp, "activated"),
    visit("mfa_deactivate_totp", TWO_FACTOR, "/accounts/2fa/totp/deactivate/"),
    visit("mfa_reauthenticate", TWO_FACTOR, "/accounts/2fa/reauthenticate/"),
    visit("mfa_reauthenticate", TWO_FACTOR, None, send({"code": "000000"}), "wrong code"),
    visit("mfa_generate_recovery_codes", TWO_FACTOR, "/accounts/2fa/recovery-codes/generate/"),
    visit("mfa_view_recovery_codes", TWO_FACTOR, None, send(), "made"),
    visit("mfa_list_webauthn", SIGNED_IN, "/accounts/2fa/webauthn/"),
    visit("mfa_add_webauthn", SIGNED_IN, "/accounts/2fa/webauthn/add/"),
    visit("mfa_reauthenticate_webauthn", SIGNED_IN, "/accounts/2fa/webauthn/reauthenticate/"),
    visit("account_email", SIGNED_IN, "/accounts/email/"),
    visit(
        "account_email", SIGNED_IN, None, send({"email": "not-an-address"}, ADD_EMAIL_FORM), "wrong"
    ),
    visit(
        "account_email",
        SIGNED_IN,
        None,
        send({"email": "second.address@example.org"}, ADD_EMAIL_FORM),
        "another address",  # added; refused to those with two-factor
    ),
    visit("account_change_password", SIGNED_IN, "/accounts/password/change/"),
    visit("account_change_password", SIGNED_IN, None, send(), "empty"),
    visit("account_change_password", SIGNED_IN, None, change_password, "changed"),
    visit("account_set_password", SIGNED_IN, "/accounts/password/set/"),
]

PUBLIC_STEPS = [
    visit("home", EVERYONE, "/"),
    visit(None, EVERYONE, "/no-such-page/", state="not found", status=404),
    visit("events:list", EVERYONE, "/events/"),
    visit("events:list", EVERYONE, "/events/?when=past", state="past"),
    visit(
        "events:list",
        EVERYONE,
        f"/events/?site={SITES[0]}&language=es&format=in_person",
        state="filtered",
    ),
    visit(
        "events:list", EVERYONE, "/events/?from_date=1800-01-01", state="a wrong date", status=400
    ),
    visit("events:detail", EVERYONE, f"/events/{LYNN}/"),
    visit("events:detail", EVERYONE, f"/events/{HEARD}/", state="what we heard"),
    visit("events:detail", EVERYONE, f"/events/{MEETING}/", state="a working meeting"),
    # EdVestors' staff and admin are registered for its meeting, online too: their link.
    visit("events:manage", frozenset({STAFF, ADMIN}), own_registration(MEETING), state="online"),
    visit("events:register", EVERYONE, f"/events/{UPCOMING}/register/"),
    visit("events:register", EVERYONE, None, send(), "empty", 400),
    visit("events:manage", EVERYONE, None, register, "registered"),
    visit(
        "events:manage", EVERYONE, None, send({"children_count": "-1"}, NEEDS_FORM), "wrong", 400
    ),
    visit(
        "events:manage",
        EVERYONE,
        None,
        send({"children_count": "2", "accessibility_needs": "A ramp, please."}, NEEDS_FORM),
        "needs changed",
    ),
    visit("events:manage_cancel", EVERYONE, None, follow(CANCEL_LINK), "are you sure"),
    visit("events:manage", EVERYONE, None, send(), "cancelled"),
    # The survey after a session, and what an unanswered question looks like (never sent right:
    # every role opens the same one).
    visit("events:feedback", EVERYONE, unanswered_survey(HELD_SESSION)),
    visit("events:feedback", EVERYONE, None, send(), "empty", 400),
    visit("events:suggest", EVERYONE, "/events/suggest/"),
    visit("events:suggest", EVERYONE, None, send(), "empty", 400),
    visit(
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
    visit("resources:list", EVERYONE, "/resources/"),
    visit("resources:list", EVERYONE, "/resources/?kind=video", None, "unreadable filter", 400),
    visit("resources:detail", EVERYONE, f"/resources/{RESOURCE}/"),
    visit("consultations:list", EVERYONE, "/consult/"),
    visit("consultations:detail", EVERYONE, f"/consult/{DRAFT}/"),
    visit("consultations:detail", EVERYONE, None, send({"text": ""}), "empty", 400),
    visit("consultations:detail", EVERYONE, None, comment_on_draft, "sent"),
    visit("consultations:confirm", EVERYONE, confirm_link),
    visit("consultations:confirm", EVERYONE, None, send(), "confirmed"),
    # Following Lynn by email with another address: confirmed by the link, then stopped.
    visit("follows:follow", EVERYONE, f"/follows/{COMMUNITY}/"),
    visit("follows:follow", EVERYONE, None, no_topic(FOLLOW_FORM), "nothing chosen", 400),
    visit(
        "follows:follow",
        EVERYONE,
        None,
        send({"email": FOLLOWER, "topics": ["answers"]}, FOLLOW_FORM),
        "asked",
    ),
    visit("follows:confirm", EVERYONE, link_in_email(FOLLOWER, "/follows/confirm/")),
    visit("follows:confirm", EVERYONE, None, send(), "confirmed"),
    visit("follows:unsubscribe", EVERYONE, link_in_email(FOLLOWER, "/follows/unsubscribe/")),
    visit("follows:unsubscribe", EVERYONE, None, send(), "unsubscribed"),
    visit("follows:confirm", EVERYONE, "/follows/confirm/not-a-token/", state="wrong", status=404),
    visit("stories:list", EVERYONE, "/stories/"),
    visit("stories:detail", EVERYONE, f"/stories/{STORY}/"),
    visit("stories:newsletter", EVERYONE, "/stories/newsletter/"),
    visit("stories:newsletter", EVERYONE, None, send({"email": "not-an-address"}), "wrong", 400),
    visit("stories:newsletter", EVERYONE, None, send({"email": SUBSCRIBER}), "asked"),
    visit("communities:list", EVERYONE, "/communities/"),
    visit("communities:detail", EVERYONE, f"/communities/{COMMUNITY}/"),
    visit("initiatives:list", EVERYONE, "/initiatives/"),
    visit("initiatives:list", EVERYONE, "/initiatives/?q=skills", state="filtered"),
    visit("initiatives:detail", EVERYONE, f"/initiatives/{INITIATIVE}/"),
    visit("initiatives:objective", EVERYONE, f"/initiatives/objectives/{OBJECTIVE}/"),
    visit("sites:list", EVERYONE, "/sites/"),
    visit("sites:list", EVERYONE, f"/sites/?initiative={INITIATIVE}", state="filtered"),
    visit("sites:detail", EVERYONE, f"/sites/{SITES[0]}/"),
    visit("sites:figures", EVERYONE, f"/sites/{SITES[0]}/figures/"),
    visit("sites:compare", EVERYONE, "/sites/compare/"),
    visit(
        "sites:compare", EVERYONE, f"/sites/compare/?site={SITES[0]}&site={SITES[1]}", state="two"
    ),
    visit("sites:compare", EVERYONE, f"/sites/compare/?site={SITES[0]}", state="one", status=400),
    visit("directory:list", EVERYONE, "/partners/"),
    visit("directory:list", EVERYONE, "/partners/?q=boston&sector=schools", state="filtered"),
    visit("directory:detail", EVERYONE, f"/partners/{ORGANIZATION}/"),
    visit("directory:detail", EVERYONE, f"/partners/{OTHER_ORGANIZATION}/"),
    # The open data's page (its tables' JSON and CSV are files, not pages: NOT_CRAWLED).
    visit("opendata:index", EVERYONE, "/open-data/"),
    # The site search: its help, results of every kind, one kind's page, a refused address.
    visit("search", EVERYONE, "/search/"),
    visit("search", EVERYONE, "/search/?q=cuidado+infantil", state="results"),
    visit("search", EVERYONE, "/search/?q=session&kind=events", state="one kind"),
    visit("search", EVERYONE, "/search/?q=session&sort=new", state="refused", status=400),
]

MEMBER_STEPS = [
    visit(
        "partners:join",
        SIGNED_IN,
        f"/partners/{OTHER_ORGANIZATION}/",
        send(form='main form[action$="/join/"]'),
        "asked to join",
    ),
    visit("me:index", SIGNED_IN, "/me/"),
    visit(
        "me:index",
        SIGNED_IN,
        None,
        send(lambda w: {"name": "A. Person", "preferred_language": w.language}),
        "saved",
    ),
    # Following Lynn with one's own verified address: at once, then managed from /me/.
    visit("follows:follow", SIGNED_IN, f"/follows/{COMMUNITY}/", send(form=FOLLOW_FORM), "mine"),
    visit(
        "follows:my_topics",
        SIGNED_IN,
        "/me/",
        send({"topics": ["answers"]}, TOPICS_FORM),
        "topics saved",
    ),
    visit("follows:my_topics", SIGNED_IN, "/me/", no_topic(TOPICS_FORM), "no topic", 400),
    visit("follows:my_unfollow", SIGNED_IN, "/me/", send(form=UNFOLLOW_FORM), "unfollowed"),
    visit("me:data", SIGNED_IN, "/me/data/"),
    visit("me:delete", SIGNED_IN, "/me/delete/"),
    visit("me:delete", SIGNED_IN, None, send({"password": "not-the-password"}), "wrong", 400),
    visit("partners:apply", SIGNED_IN, "/partners/apply/"),
    visit("partners:apply", SIGNED_IN, None, send(), "empty", 400),
    visit(
        "partners:apply",
        SIGNED_IN,
        None,
        send({"name": "Mattapan Parents Network", "sector": "community", "city": "Boston"}),
        "sent",
    ),
    visit(
        "partners:invitation",
        ORGANIZERS,
        lambda w: w.invitation,
        state="someone else's",
        status=403,
    ),
    visit("dashboard:index", ONE_FACTOR, "/dashboard/", state="refused", status=403),
]

ORGANIZER_STEPS = [
    # Writing a story: a draft, then submitting it without its Spanish (refused, beside each
    # field); the image upload is tested in tests/stories.
    visit("stories:mine", ORGANIZERS, "/stories/mine/"),
    visit("stories:new", ORGANIZERS, "/stories/new/"),
    visit("stories:new", ORGANIZERS, None, send(form=STORY_FORM), "empty", 400),
    visit(
        "stories:mine",
        ORGANIZERS,
        None,
        send({"title_en": "Teachers lead the way", "organization": FIRST}, STORY_FORM),
        "a draft",
    ),
    visit("stories:edit", ORGANIZERS, my_story("edit/")),
    visit(
        "stories:edit",
        ORGANIZERS,
        None,
        send(form=STORY_FORM, button='[name="submit"]'),
        "incomplete",
        400,
    ),
    visit(
        "stories:submit",
        ORGANIZERS,
        "/stories/mine/",
        send(form='main form[action$="/submit/"]'),
        "incomplete",
        400,
    ),
    visit("events:organize_index", ORGANIZERS, "/events/organize/"),
    visit("events:new", ORGANIZERS, "/events/organize/new/"),
    visit("events:new", ORGANIZERS, None, send(), "empty", 400),
    visit("events:organize", ORGANIZERS, None, send(new_event), "a draft"),
    visit(
        "events:publish", ORGANIZERS, None, send(form='main form[action$="/publish/"]'), "published"
    ),
    visit("events:organize", ORGANIZERS, None, send({"title_en": ""}, EVENT_FORM), "no title", 400),
    visit(
        "events:cancel",
        ORGANIZERS,
        None,
        send({"reason": "The library is closed that day."}, 'main form[action$="/cancel/"]'),
        "cancelled",
    ),
    visit("events:organize", ORGANIZERS, f"/events/{MEETING}/organize/"),
    visit("events:organize", ORGANIZERS, None, send(form=EVENT_FORM), "saved"),
    visit("events:roster", ORGANIZERS, f"/events/{MEETING}/organize/roster/"),
    visit("events:roster", ORGANIZERS, f"/events/{HELD_MEETING}/organize/roster/", state="held"),
    visit("events:check_in", ORGANIZERS, f"/events/{MEETING}/organize/check-in/"),
    visit(
        "events:check_in", ORGANIZERS, f"/events/{MEETING}/organize/check-in/?q=Example", state="q"
    ),
    visit("events:check_in", ORGANIZERS, None, send(), "checked in"),
    visit("events:message", ORGANIZERS, f"/events/{MEETING}/organize/message/"),
    visit("events:message", ORGANIZERS, None, send(), "empty", 400),
    visit(
        "events:message",
        ORGANIZERS,
        None,
        send({"subject": "The room has changed", "body": "We meet in room 2 on the first floor."}),
        "sent",
    ),
    visit("events:report", ORGANIZERS, f"/events/{MEETING}/organize/report/"),
    visit(
        "events:report",
        ORGANIZERS,
        None,
        send({"summary_en": "Not yet."}),
        "not over yet",
        400,
    ),
    visit("events:report", ORGANIZERS, f"/events/{HELD_MEETING}/organize/report/", state="held"),
    visit("events:report", ORGANIZERS, None, send(), "empty", 400),
    visit(
        "events:report",
        ORGANIZERS,
        None,
        send(
            {
                "summary_en": "Partners agreed on the first data to share.",
                "themes-0-title_en": "Shared data",
                "publish": True,
            }
        ),
        "saved",
    ),
    # The survey's results, after the report's sends (which act on the report's form).
    visit("events:feedback_results", ORGANIZERS, f"/events/{HELD_MEETING}/organize/feedback/"),
    visit(
        "events:feedback_results",
        LEADS,
        f"/events/{HELD_SESSION}/organize/feedback/",
        state="answered",
    ),
    visit(
        "initiatives:objective_update", ORGANIZERS, f"/initiatives/objectives/{OBJECTIVE}/update/"
    ),
    visit("initiatives:objective_update", ORGANIZERS, None, send(), "empty", 400),
    visit(
        "initiatives:objective_update",
        ORGANIZERS,
        None,
        send(
            lambda w: {
                "status": "at_risk",
                "language": w.language,
                f"narrative_{w.language}": "Two districts asked for more time.",
            }
        ),
        "posted",
    ),
    visit(
        "initiatives:update_withdraw",
        ORGANIZERS,
        None,
        send(form='main form[action*="/withdraw/"]'),
        "no reason",
        400,
    ),
    visit(
        "initiatives:update_withdraw",
        ORGANIZERS,
        None,
        send({"withdrawal_reason": "Posted to the wrong objective."}),
        "withdrawn",
    ),
    visit("dashboard:organization", ORGANIZERS, f"/dashboard/organizations/{ORGANIZATION}/"),
    visit("resources:manage_index", ORGANIZERS, "/resources/manage/"),
    visit("resources:new", ORGANIZERS, "/resources/new/"),
    visit("resources:new", ORGANIZERS, None, send(), "empty", 400),
    visit("resources:detail", ORGANIZERS, None, send(new_resource), "added"),
    visit("resources:edit", ORGANIZERS, my_resource("edit/")),
    visit("resources:edit", ORGANIZERS, None, send({"url": "not a link"}), "bad link", 400),
    visit("resources:delete", ORGANIZERS, my_resource("delete/")),
    visit("resources:manage_index", ORGANIZERS, None, send({"confirm": True}), "deleted"),
    visit("consultations:manage_index", ORGANIZERS, "/consult/manage/"),
    visit("consultations:new", ORGANIZERS, "/consult/manage/new/"),
    visit("consultations:new", ORGANIZERS, None, send(), "empty", 400),
    visit(
        "consultations:edit",
        ORGANIZERS,
        None,
        send({"title_en": "Draft of our family engagement plan", "host": FIRST}),
        "a draft",
    ),
    visit("consultations:section_new", ORGANIZERS, my_document("sections/new/")),
    visit("consultations:section_new", ORGANIZERS, None, send(), "empty", 400),
    visit(
        "consultations:edit",
        ORGANIZERS,
        None,
        send({"heading_en": "What we propose", "text_en": "Monthly meetings with families."}),
        "a section",
    ),
    visit("consultations:section_edit", ORGANIZERS, my_section),
    visit("consultations:edit", ORGANIZERS, my_document()),
    visit(
        "consultations:edit",
        ORGANIZERS,
        None,
        send(lambda w: {"opens_at": comment_dates(w)["opens_at"], "closes_at": ""}),
        "no closing date",
        400,
    ),
    visit("consultations:edit", ORGANIZERS, None, send(comment_dates), "opened"),
]

MANAGER_STEPS = [
    visit("partners:staff", MANAGERS, f"/partners/{ORGANIZATION}/staff/"),
    visit(
        "partners:invite", MANAGERS, None, send(form='main form[action$="/invite/"]'), "empty", 400
    ),
    visit(
        "partners:invite",
        MANAGERS,
        None,
        send({"email": "new.staffer@example.org"}, 'main form[action$="/invite/"]'),
        "sent",
    ),
    visit(
        "partners:invitation_revoke",
        MANAGERS,
        None,
        send(form='main form[action$="/revoke/"]'),
        "withdrawn",
    ),
    visit(
        "partners:membership_decide",
        MANAGERS,
        None,
        send(form='main form[action*="/staff/requests/"]'),
        "approved",
    ),
    visit(
        "partners:membership_role",
        MANAGERS,
        None,
        send({"role": "admin"}, lambda w: f'main form[action$="/members/{w.colleague}/role/"]'),
        "role changed",
    ),
    visit(
        "partners:membership_remove",
        MANAGERS,
        None,
        send(form=lambda w: f'main form[action$="/members/{w.colleague}/remove/"]'),
        "removed",
    ),
]

LEAD_STEPS = [
    visit("dashboard:index", LEADS, "/dashboard/"),
    visit(
        "dashboard:index",
        LEADS,
        f"/dashboard/?initiative={INITIATIVE}&since=2025-01-01&until=2027-12-31",
        state="filtered",
    ),
    visit(
        "dashboard:index", LEADS, "/dashboard/?since=1800-01-01", state="a wrong date", status=400
    ),
    visit("dashboard:packet", LEADS, "/dashboard/packet/"),
    visit("dashboard:packet", LEADS, f"/dashboard/packet/?site={SITES[0]}", state="filtered"),
    visit("dashboard:export", LEADS, "/dashboard/export/engagement.csv", state="too large"),
    visit("dashboard:export_start", LEADS, None, send(), "started"),
    visit("dashboard:export_job", LEADS, None, reload, "done"),
    visit(
        "dashboard:export_job",
        LEADS,
        lambda w: f"/dashboard/exports/{w.running_export}/",
        state="running",
    ),
    visit("dashboard:organization", LEADS, f"/dashboard/organizations/{OTHER_ORGANIZATION}/"),
    visit("partners:applications", LEADS, "/partners/applications/"),
    visit("partners:application_decide", LEADS, None, send(), "approved"),
    visit("events:suggestions", LEADS, "/events/suggestions/"),
    visit("events:suggestions", LEADS, "/events/suggestions/?status=new", state="filtered"),
    visit("events:suggestion_review", LEADS, None, send(), "reviewed"),
    visit("events:roster", LEADS, f"/events/{LYNN}/organize/roster/", state="needs"),
    visit("network:leads", LEADS, "/network/leads/"),
    visit("network:leads", LEADS, None, send(), "empty", 400),
    visit("network:leads", LEADS, None, send({"email": EMAILS[MEMBER]}), "made a lead"),
    visit(
        "network:lead_revoke",
        LEADS,
        None,
        send(form=lambda w: f'main form[action$="/leads/{w.member}/revoke/"]'),
        "revoked",
    ),
    visit("network:audit", LEADS, "/network/audit/"),
    visit("network:audit", LEADS, "/network/audit/?action=event", state="filtered"),
    visit(
        "network:audit", LEADS, "/network/audit/?since=1800-01-01", state="wrong date", status=400
    ),
    visit("network:measurements", LEADS, "/network/measurements/"),
    visit("network:measurements", LEADS, None, send(), "empty", 400),
    visit(
        "network:measurements",
        LEADS,
        None,
        send(
            {
                "indicator": FIRST,
                "period_start": "2025-09-01",
                "period_label_en": "2025-26",
                "value": "44",
            }
        ),
        "recorded",
    ),
    visit(
        "network:measurements",
        LEADS,
        "/network/measurements/?student_group=all",
        state="filtered",
    ),
    visit("network:imports", LEADS, "/network/imports/"),
    visit("network:imports", LEADS, None, send(), "empty", 400),
    visit(
        "network:import",
        LEADS,
        None,
        send({"kind": "import_measurements", "file": str(MEASUREMENTS_CSV)}),
        "imported",
    ),
    visit(
        "network:import", LEADS, lambda w: f"/network/imports/{w.running_import}/", state="running"
    ),
    visit("consultations:moderation", LEADS, "/consult/moderation/"),
    visit(
        "consultations:moderate",
        LEADS,
        None,
        send(form='main form:has(input[name="action"][value="hide"])'),
        "no reason",
        400,
    ),
    visit(
        "consultations:moderate",
        LEADS,
        None,
        send(form='main form:has(input[name="action"][value="approve"])'),
        "approved",
    ),
    visit("stories:moderation", LEADS, "/stories/moderation/"),
    visit(
        "stories:review",
        LEADS,
        None,
        send(form='main form:has(input[name="action"][value="return"])'),
        "no reason",
        400,
    ),
    visit(
        "stories:moderation",
        LEADS,
        None,
        send(form='main form:has(input[name="action"][value="approve"])'),
        "published",
    ),
    visit("network:emails", LEADS, "/network/emails/"),
    visit("network:email_resend", LEADS, None, send(), "sent again"),
]

FAREWELL_STEPS = [
    visit("partners:invitation", frozenset({MEMBER}), lambda w: w.invitation),
    visit("partners:invitation", frozenset({MEMBER}), None, send(), "accepted"),
    # Two-factor turned off, after the password is asked again.
    visit(
        "mfa_deactivate_totp",
        TWO_FACTOR,
        "/accounts/reauthenticate/?next=/accounts/2fa/totp/deactivate/",
        send(lambda w: {"password": w.password}),
        "password asked again",
    ),
    visit("mfa_deactivate_totp", TWO_FACTOR, None, send(), "deactivated"),
    visit("account_logout", SIGNED_IN, "/accounts/logout/"),
    visit("account_logout", SIGNED_IN - {MEMBER}, None, send(), "signed out"),
    visit(
        "me:delete",
        frozenset({MEMBER}),
        "/me/delete/",
        send(lambda w: {"password": w.password}),
        "deleted",
    ),
]

# --- Programs: applying (a visitor, by the link emailed to her), reviewing (EdVestors hosts the
# pilot high schools call; leads review any program) ---------------------------------------------

ACADEMY = "/programs/educator-voice-academies/"
PILOT_REVIEW = "/programs/new-skills-pilot-high-schools/review/"
APPLICANT = "rosa.applicant@example.org"
SCORE_FORM = 'main form:has(input[name="action"][value="score"])'
DECIDE_FORM = 'main form:has(input[name="action"][value="decide"])'


def pilot_application(world):
    """The review page of the demo's first example application to the pilot schools call."""
    from programs.models import Application

    application = Application.objects.get(email="pilot.one@example.org")
    return f"{PILOT_REVIEW}{application.pk}/"


PROGRAM_STEPS = [
    visit("programs:list", EVERYONE, "/programs/"),
    visit("programs:detail", EVERYONE, ACADEMY),
    visit("programs:apply", EVERYONE, f"{ACADEMY}apply/"),
    visit("programs:apply", EVERYONE, None, send({"name": "", "email": ""}), "empty", 400),
    visit(
        "programs:apply",
        ANONYMOUS_ONLY,
        None,
        send({"name": "Rosa Díaz", "email": APPLICANT, "language": "es"}),
        "sent",
    ),
    visit("programs:application", ANONYMOUS_ONLY, link_in_email(APPLICANT, "/programs/")),
    visit(
        "programs:application",
        ANONYMOUS_ONLY,
        None,
        send(button="button[name=confirm]"),
        "confirmed",
    ),
    visit(
        "programs:application",
        ANONYMOUS_ONLY,
        None,
        send(button="button[name=submit]"),
        "answers missing",
        400,
    ),
    visit(
        "programs:withdraw",
        ANONYMOUS_ONLY,
        None,
        send(form='main form[action$="/withdraw/"]'),
        "withdrawn",
    ),
    visit("programs:review_list", ORGANIZERS, PILOT_REVIEW),
    visit("programs:review_list", ORGANIZERS, f"{PILOT_REVIEW}?status=submitted", state="filtered"),
    visit("programs:review", ORGANIZERS, pilot_application),
    visit("programs:review", ORGANIZERS, None, send(form=SCORE_FORM), "no score", 400),
    visit(
        "programs:review",
        ORGANIZERS,
        None,
        send({"score": "4", "reason": "A clear plan."}, form=SCORE_FORM),
        "scored",
    ),
    visit("programs:review", LEADS, None, send(form=DECIDE_FORM), "no decision", 400),
    visit(
        "programs:review",
        LEADS,
        None,
        send({"decision": "waitlisted", "reason": "A strong plan."}, form=DECIDE_FORM),
        "decided",
    ),
]

STEPS = [
    *ACCOUNT_STEPS,
    *PUBLIC_STEPS,
    *MEMBER_STEPS,
    *ORGANIZER_STEPS,
    *MANAGER_STEPS,
    *LEAD_STEPS,
    *PROGRAM_STEPS,
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
