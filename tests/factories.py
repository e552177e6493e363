"""factory_boy factories for every model, and helpers that build state through the services
(`progress_update`, `join_staff`) where a factory could make a state the services refuse."""

import contextlib
import datetime as dt
import itertools
from decimal import Decimal

import factory
import time_machine
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from coalition.models import OutboxEmail, User
from communities.models import Community
from communities.services import community_for
from events import services as events_services
from events.models import (
    Event,
    EventLanguage,
    LocationSuggestion,
    Registration,
    SessionReport,
    Theme,
)
from initiatives import services as initiatives_services
from initiatives.models import (
    DemonstrationSite,
    FocusArea,
    Indicator,
    Initiative,
    InitiativePartner,
    Measurement,
    Milestone,
    Objective,
    PartnerRole,
    ProgressStatus,
    ProgressUpdate,
)
from partners import services as partners_services
from partners.models import Invitation, Membership, Organization, Sector
from programs.models import Call, Program, Question

DEFAULT_PASSWORD = "correct-horse-battery"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OutboxEmailFactory(DjangoModelFactory):
    """An email recorded in the outbox, as the broker left it (nothing queued on commit).
    `unsent=True`: one the portal gave up on after many tries, as a lead sees it."""

    class Meta:
        model = OutboxEmail

    to = factory.LazyFunction(lambda: ["parent@example.org"])
    subject = "Reminder: Family listening session in Springfield, Thursday 6 pm"
    body = "Interpretation in Spanish and childcare are offered. We look forward to hearing you."
    status = OutboxEmail.Status.PENDING

    class Params:
        unsent = factory.Trait(
            to=factory.LazyFunction(lambda: ["parent.rivera@example.org"]),
            subject="You are registered: Family listening session",
            body="See you there.",
            status=OutboxEmail.Status.FAILED,
            attempts=19,
            last_error="SMTPServerDisconnected('Connection unexpectedly closed')",
            message_id="<170000.1@example.org>",
        )


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"organization-{n}")
    sector = Sector.COMMUNITY
    city = "Boston"
    approved = True


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.STAFF
    status = Membership.Status.ACTIVE


class InvitationFactory(DjangoModelFactory):
    class Meta:
        model = Invitation

    organization = factory.SubFactory(OrganizationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    invited_by = factory.SubFactory(UserFactory)


class InitiativeFactory(DjangoModelFactory):
    class Meta:
        model = Initiative

    name = factory.Sequence(lambda n: f"Initiative {n}")
    slug = factory.Sequence(lambda n: f"initiative-{n}")
    summary = "A shared effort of the network."


class InitiativePartnerFactory(DjangoModelFactory):
    class Meta:
        model = InitiativePartner

    initiative = factory.SubFactory(InitiativeFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = PartnerRole.PARTNER


class FocusAreaFactory(DjangoModelFactory):
    class Meta:
        model = FocusArea

    initiative = factory.SubFactory(InitiativeFactory)
    kind = FocusArea.Kind.STRATEGY
    title = factory.Sequence(lambda n: f"Focus area {n}")


class DemonstrationSiteFactory(DjangoModelFactory):
    class Meta:
        model = DemonstrationSite

    name = factory.Sequence(lambda n: f"Site {n}")
    slug = factory.Sequence(lambda n: f"site-{n}")
    kind = DemonstrationSite.Kind.COMMUNITY
    city = "Lynn"


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    initiative = factory.SubFactory(InitiativeFactory)
    name = factory.Sequence(lambda n: f"Indicator {n}")
    slug = factory.Sequence(lambda n: f"indicator-{n}")
    unit = Indicator.Unit.COUNT


class MeasurementFactory(DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    period_start = factory.Sequence(lambda n: dt.date(2000 + n % 50, 1, 1))
    period_label = factory.LazyAttribute(lambda m: str(m.period_start.year))
    value = Decimal("100")


class ObjectiveFactory(DjangoModelFactory):
    class Meta:
        model = Objective
        skip_postgeneration_save = True

    initiative = factory.SubFactory(InitiativeFactory)
    title = factory.Sequence(lambda n: f"Objective {n}")
    slug = factory.Sequence(lambda n: f"objective-{n}")

    @factory.post_generation
    def owners(self, create, extracted, **kwargs):
        if create and extracted:
            self.owners.set(extracted)


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    objective = factory.SubFactory(ObjectiveFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_date = dt.date(2026, 6, 30)


class ProgressUpdateFactory(DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    objective = factory.SubFactory(ObjectiveFactory)
    author = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    status = ProgressStatus.ON_TRACK
    narrative = "Work is moving as planned."
    created_at = factory.LazyFunction(timezone.now)


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = Event.Kind.LISTENING_SESSION
    title = factory.Sequence(lambda n: f"Listening session {n}")
    slug = factory.Sequence(lambda n: f"listening-session-{n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + dt.timedelta(hours=2))
    venue = "Lynn Public Library"
    city = "Lynn"
    community = factory.LazyAttribute(lambda e: community_named(e.city) if e.city else None)
    capacity = 20
    status = Event.Status.PUBLISHED

    @factory.post_generation
    def hosts(self, create, extracted, **kwargs):
        if create and extracted:
            self.hosts.set(extracted)


class EventLanguageFactory(DjangoModelFactory):
    class Meta:
        model = EventLanguage

    event = factory.SubFactory(EventFactory)
    language = "en"


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"registrant{n}@example.org")
    status = Registration.Status.CONFIRMED
    consented_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Written directly, past the services that keep the event's seat counter: count again.
        registration = super()._create(model_class, *args, **kwargs)
        events_services.seats_recount(event_ids=[registration.event_id])
        return registration


class CommunityFactory(DjangoModelFactory):
    class Meta:
        model = Community
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Town {n}")
    name_en = factory.LazyAttribute(lambda c: c.name)
    name_es = factory.LazyAttribute(lambda c: c.name)
    slug = factory.LazyAttribute(lambda c: slugify(c.name))


def community_named(value):
    """A test may name a community in words ("Holyoke"), as people type it."""
    return community_for(name=value) if isinstance(value, str) else value


class LocationSuggestionFactory(DjangoModelFactory):
    class Meta:
        model = LocationSuggestion

    place = "Holyoke Public Library"
    community = "Holyoke"
    reason = "Central, on the bus lines, and families already go there."

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        kwargs["community"] = community_named(kwargs.get("community"))
        return kwargs


class SessionReportFactory(DjangoModelFactory):
    class Meta:
        model = SessionReport

    event = factory.SubFactory(EventFactory)
    summary = "Families asked for integrated, well-resourced schools."
    published_at = factory.LazyFunction(timezone.now)


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme

    report = factory.SubFactory(SessionReportFactory)
    title = factory.Sequence(lambda n: f"Theme {n}")


def verified_user(email: str, **fields) -> User:
    """A person whose address is verified: partner and lead powers count only then."""
    from allauth.account.models import EmailAddress

    user = UserFactory(email=email, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def with_two_factor(user: User) -> User:
    """The person has set up an authenticator app: leads, organization admins and the admin
    site's staff need it before any power over other people's data."""
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, TOTP_SECRET)
    return user


def two_factor_lead(email: str = "lead@example.org", **fields) -> User:
    """A coalition lead with a verified address and an authenticator app: all a lead's powers."""
    return with_two_factor(verified_user(email, is_coalition_lead=True, **fields))


def totp_code(secret: str = TOTP_SECRET, *, at: dt.datetime | None = None) -> str:
    """The code an authenticator app shows for `secret` at `at` (default: now, by the clock the
    test may have frozen), as allauth counts its windows."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    moment = int((at or timezone.now()).timestamp())
    return format_hotp_value(hotp_value(secret, moment // app_settings.TOTP_PERIOD))


# State built through the services, as the site builds it (Zulip's way): each step is checked,
# writes its audit row and queues its emails (sent only in a test that runs commit callbacks).

SITE_URL = "http://testserver"


def progress_update(
    objective: Objective,
    *,
    organization: Organization | None = None,
    author: User | None = None,
    at: dt.datetime | None = None,
    status: str = ProgressStatus.ON_TRACK,
    narrative: str = "Work is moving as planned.",
    **fields,
) -> ProgressUpdate:
    """An update posted through `progress_update_create`: for an organization that owns the
    objective (None: for the network as a whole, as a lead may post), with a figure its
    indicator's unit allows, closing the milestones it names; posted at `at` if given."""
    moment = contextlib.nullcontext() if at is None else time_machine.travel(at, tick=False)
    with moment:
        return initiatives_services.progress_update_create(
            objective=objective,
            author=author or UserFactory(),
            organization=organization,
            status=status,
            narrative=narrative,
            **fields,
        )


def join_staff(
    organization: Organization,
    user: User | None = None,
    *,
    role: str = Membership.Role.STAFF,
    by: User | None = None,
) -> Membership:
    """Someone on an approved organization's staff the way the site puts them there: they ask
    to join, `by` approves (a coalition lead whose address is unverified, so that nobody's
    emails or roles change, if not given) and, for another role, then gives them that role."""
    user = user or UserFactory()
    by = by or UserFactory(email="approver@example.org", is_coalition_lead=True)
    membership = partners_services.membership_request(
        organization=organization, actor=user, ip=None, site_url=SITE_URL
    )
    membership = partners_services.membership_approve(
        membership=membership, actor=by, ip=None, site_url=SITE_URL
    )
    if role != membership.role:
        membership = partners_services.membership_change_role(
            membership=membership, role=role, actor=by, ip=None
        )
    return membership


# --- programs ---------------------------------------------------------------------------------


class ProgramFactory(DjangoModelFactory):
    class Meta:
        model = Program

    name = factory.Sequence(lambda n: f"Program {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")
    summary = "A cohort of the network."
    host = factory.SubFactory(OrganizationFactory)
    attendance_threshold = 2


class CallFactory(DjangoModelFactory):
    class Meta:
        model = Call

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Call {n}")
    eligibility = "Teachers in Massachusetts."
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=7))
    deadline = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=21))


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question

    call = factory.SubFactory(CallFactory)
    prompt = factory.Sequence(lambda n: f"Question {n}?")
    kind = Question.Kind.SHORT
    position = factory.Sequence(lambda n: n)


# --- Stories ------------------------------------------------------------------------------------


def image_upload(*, kind: str = "PNG", size: tuple[int, int] = (400, 300), name: str = "photo.png"):
    """An uploaded image made by Pillow: a solid color of `size`, saved as `kind`."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 110, 90)).save(buffer, format=kind)
    content_types = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_types.get(kind, ""))


def story(
    *,
    organization: Organization | None = None,
    author: User | None = None,
    status: str = "approved",
    title: str = "",
    at: dt.datetime | None = None,
    **fields,
):
    """A story written through the services, complete in both languages with an image, then
    submitted and approved (or returned) as far as `status`; at `at` if given."""
    from stories import services as stories_services

    number = next(_STORY_NUMBERS)
    organization = organization or OrganizationFactory()
    author = author or UserFactory()
    moment = contextlib.nullcontext() if at is None else time_machine.travel(at, tick=False)
    with moment:
        made = stories_services.story_create(
            actor=author,
            fields={
                "title_en": title or f"Teachers lead the way {number}",
                "title_es": f"Los docentes abren el camino {number}",
                "summary_en": "How a school changed.",
                "summary_es": "Cómo cambió una escuela.",
                "body_en": "The whole story.",
                "body_es": "Toda la historia.",
                "image_alt_en": "A green square (an example image).",
                "image_alt_es": "Un cuadrado verde (una imagen de ejemplo).",
                "organization": organization,
                **fields,
            },
            image=image_upload(),
            submit=status != "draft",
        )
        # The lead who reviews it, only when one does (a lead changes the leads' page).
        lead = UserFactory(is_coalition_lead=True) if status in ("approved", "returned") else None
        if status == "approved":
            made = stories_services.story_approve(actor=lead, story=made)
        elif status == "returned":
            made = stories_services.story_return(actor=lead, story=made, reason="Shorter, please.")
    return made


_STORY_NUMBERS = itertools.count(1)
# --- The resource library ---------------------------------------------------------------------


class ResourceFactory(DjangoModelFactory):
    """A public link to a published report; `visibility="partners"` for a partners-only one.
    A resource with a file is made through resources.services.resource_create (tests/resources)."""

    class Meta:
        model = "resources.Resource"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Report {n} on early care")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    kind = "report"
    language = "en"
    url = factory.Sequence(lambda n: f"https://reports.example.org/{n}")
    source = "Example Network, Reports"
    published_on = dt.date(2024, 6, 1)
    visibility = "public"

    @factory.post_generation
    def initiatives(self, create, extracted, **kwargs):
        if create and extracted:
            self.initiatives.set(extracted)

    @factory.post_generation
    def events(self, create, extracted, **kwargs):
        if create and extracted:
            self.events.set(extracted)

    @factory.post_generation
    def communities(self, create, extracted, **kwargs):
        if create and extracted:
            self.communities.set(extracted)

    @factory.post_generation
    def focus_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.focus_areas.set(extracted)
