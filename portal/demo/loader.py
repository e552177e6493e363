"""Load the data files into the database: the networks here, their events in events.py.

Every row is keyed by a natural key (a slug, a name, an email, a title within its parent), so
loading again updates the same rows. Facts are loaded on their real dates with their source;
examples (`example = true`) alone may be dated from the day of the load (days_from_today and
the like), counted from today here. checks.py holds the rules every row must keep.

Texts load in both languages: a row's English `<field>` into the `<field>_en` column (the load
runs with English active, and django-modeltranslation writes `obj.<field>` to the active
language's column) and its `<field>_es` into `<field>_es`. A Spanish text the row does not give
is stored empty, so that a reload drops one taken out of the data. The row's marking
(`translated`, see checks.py) tells which language it was written in: a progress update keeps
it in `language`.
"""

import datetime as dt
from collections import Counter
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import slugify

from coalition import versions
from coalition.models import User
from communities.models import Community
from consultations.models import Comment, Document, Section
from events.models import (
    Event,
    EventLanguage,
    LocationSuggestion,
    Registration,
    SessionReport,
    Theme,
)
from events.services import seats_recount
from initiatives.models import (
    DemonstrationSite,
    FocusArea,
    Indicator,
    Initiative,
    InitiativePartner,
    Measurement,
    Milestone,
    Objective,
    ProgressUpdate,
)
from partners.models import Membership, Organization
from portal.demo import checks
from portal.demo.consultations import load_consultations
from portal.demo.events import LEAD, email_for, load_events, local
from portal.demo.files import Row, bilingual, read
from portal.demo.programs import load_programs
from portal.demo.resources import load_resources
from portal.demo.stories import load_stories

COUNTED = [
    User,
    EmailAddress,
    Community,
    Organization,
    Membership,
    Initiative,
    InitiativePartner,
    FocusArea,
    DemonstrationSite,
    Indicator,
    Measurement,
    Objective,
    Milestone,
    ProgressUpdate,
    Event,
    EventLanguage,
    Registration,
    SessionReport,
    Theme,
    LocationSuggestion,
    Document,
    Section,
    Comment,
]


# The models whose rows may be examples, in the order examples are removed (dependents first).
WITH_EXAMPLES = [
    Document,  # its sections and comments go with it
    LocationSuggestion,
    SessionReport,
    Event,
    Milestone,
    ProgressUpdate,
    Objective,
    Measurement,
    Indicator,
    User,
]


def load(*, facts_only: bool = False) -> dict[str, int]:
    """Create or refresh every demo row, in one transaction; return row counts per model.

    With facts_only, only the seeds' facts: no example row, no demo account, no registration,
    and the examples an earlier full load left are removed.
    """
    data = read()
    checks.check(data)
    if facts_only:
        data = checks.facts(data)
    for rows in data.values():
        for row in rows:
            row.written_in = checks.written_in(row)
    today = timezone.localdate()
    now = timezone.now()
    with translation.override("en"), transaction.atomic():
        if facts_only:
            remove_examples()
        communities = _communities(data["community"])
        orgs = _organizations(data["organization"], communities)
        users = _accounts(data["account"], data["membership_request"], orgs, now)
        initiatives = _initiatives(data["initiative"], data["partnership"], orgs)
        focus = _focus_areas(data["focus_area"], initiatives)
        sites = _sites(data["site"], initiatives, orgs, communities)
        indicators = _indicators(data["indicator"], initiatives, sites, users.get(LEAD))
        objectives = _objectives(data["objective"], initiatives, focus, sites, indicators, orgs)
        updates = _updates(data["progress_update"], objectives, users, orgs, now)
        _milestones(data["milestone"], objectives, updates, today)
        places = {"sites": sites, "communities": communities}
        load_events(data, initiatives, places, orgs, users, objectives, today, now)
        load_consultations(data["consultation"], orgs, objectives, now)
        load_programs(orgs, initiatives, today, now, facts_only=facts_only)
        load_stories(data["story"], now)
        load_resources(data["resource"], orgs, initiatives, focus, communities)
        # Some rows are written in bulk (no signal): every public page is stale after a load.
        versions.bump(
            "partners", "initiatives", "events", "consultations", "resources", "programs", "stories"
        )
    return {model._meta.verbose_name_plural: model.objects.count() for model in COUNTED}


def remove_examples() -> None:
    """Delete every example row, the registrations of example events and example people, and
    the example accounts (their memberships and sign-in data go with them)."""
    examples = Registration.objects.filter(Q(event__is_example=True) | Q(user__is_example=True))
    event_ids = set(examples.values_list("event_id", flat=True))
    examples.delete()
    for model in WITH_EXAMPLES:
        model.objects.filter(is_example=True).delete()
    seats_recount(event_ids=event_ids)  # of the events that remain


def accounts() -> list[Row]:
    """The demo accounts as the data files give them: email, two_factor and the rest."""
    return read()["account"]


def _communities(rows):
    """The places the seeds name. A place's name is a proper noun: its Spanish is the same
    unless the row gives `name_es`."""
    communities = {}
    for row in rows:
        slug = row.take("slug")
        fields = {"name_es": row.get("name"), "state": "MA", **row.fields(Community)}
        community, _ = Community.objects.update_or_create(
            slug=slug, defaults={**bilingual(Community, fields), "listed": True}
        )
        communities[slug] = community
    return communities


def _organizations(rows, communities):
    orgs = {}
    for row in rows:
        works_in = row.many(communities, row.take("communities", []), "community")
        fields = {"city": "", "region": "", "website": "", **row.fields(Organization)}
        fields = bilingual(Organization, fields)
        org, _ = Organization.objects.update_or_create(
            slug=slugify(fields["name"]), defaults={**fields, "approved": True}
        )
        org.communities.set(works_in)
        orgs[org.name] = org
    return orgs


def _verified_address(user):
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def _accounts(rows, requests, orgs, now):
    users = {}
    for row in rows:
        email = row.take("email")
        membership = row.table("membership")
        two_factor = row.take("two_factor", False)
        row.take("example")  # every demo account is an example (checks.EXAMPLE_ONLY)
        user, _ = User.objects.update_or_create(
            email=email, defaults=row.fields(User, is_example=True)
        )
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
        _verified_address(user)
        users[email] = user
        if two_factor:
            _demo_authenticator(user)
        if membership:
            org = membership.one(orgs, membership.take("organization"), "organization")
            Membership.objects.update_or_create(
                user=user,
                organization=org,
                defaults=membership.fields(
                    Membership, status=Membership.Status.ACTIVE, decided_at=now
                ),
            )
    for row in requests:
        name = row.take("name")
        row.take("example")
        org = row.one(orgs, row.take("organization"), "organization")
        asking, _ = User.objects.update_or_create(
            email=email_for(name), defaults={"name": name, "is_example": True}
        )
        _verified_address(asking)
        Membership.objects.update_or_create(
            user=asking,
            organization=org,
            defaults=row.fields(Membership, status=Membership.Status.REQUESTED),
        )
    return users


def _demo_authenticator(user):
    """The authenticator app of a demo account, from DEMO_TOTP_SECRET, with recovery codes."""
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing and decrypt(existing.data["secret"]) == settings.DEMO_TOTP_SECRET:
        return
    Authenticator.objects.filter(user=user).delete()
    TOTP.activate(user, settings.DEMO_TOTP_SECRET)
    RecoveryCodes.activate(user)


def _initiatives(rows, partnerships, orgs):
    initiatives = {}
    for row in rows:
        slug = row.take("slug")
        parent = row.one(initiatives, row.take("parent", None), "earlier initiative")
        fields = {"short_name": "", "vision": "", "start_date": None, "end_date": None}
        fields.update(row.fields(Initiative, parent=parent))
        initiatives[slug], _ = Initiative.objects.update_or_create(
            slug=slug, defaults=bilingual(Initiative, fields)
        )
    for row in partnerships:
        InitiativePartner.objects.update_or_create(
            initiative=row.one(initiatives, row.take("initiative"), "initiative"),
            organization=row.one(orgs, row.take("organization"), "organization"),
            defaults=row.fields(InitiativePartner),
        )
    return initiatives


def _focus_areas(rows, initiatives):
    focus = {}
    positions = Counter()  # an initiative's focus areas in the order of its file
    for row in rows:
        initiative = row.one(initiatives, row.take("initiative"), "initiative")
        positions[initiative] += 1
        fields = {"description": "", **row.fields(FocusArea, position=positions[initiative])}
        fields = bilingual(FocusArea, fields)
        title = fields.pop("title")
        focus[title], _ = FocusArea.objects.update_or_create(
            initiative=initiative, kind=fields.pop("kind"), title=title, defaults=fields
        )
    return focus


def _sites(rows, initiatives, orgs, communities):
    sites = {}
    for row in rows:
        slug = row.take("slug")
        linked = row.many(initiatives, row.take("initiatives"), "initiative")
        lead = row.one(orgs, row.take("lead", None), "organization")
        community = row.one(communities, row.take("community", None), "community")
        fields = {
            "state": "MA",
            **row.fields(DemonstrationSite, lead_organization=lead, community=community),
        }
        site, _ = DemonstrationSite.objects.update_or_create(
            slug=slug, defaults=bilingual(DemonstrationSite, fields)
        )
        site.initiatives.set(linked)
        sites[slug] = site
    return sites


def _indicators(rows, initiatives, sites, recorder):
    indicators = {}
    for row in rows:
        slug = row.take("slug")
        example = row.take("example", False)
        measurements = row.nested("measurement")
        series = row.table("demo_series")
        initiative = row.one(initiatives, row.take("initiative"), "initiative")
        fields = {
            "higher_is_better": True,
            "source_url": "",
            **row.fields(Indicator, initiative=initiative, is_example=example),
        }
        indicator, _ = Indicator.objects.update_or_create(
            slug=slug, defaults=bilingual(Indicator, fields)
        )
        indicators[slug] = indicator
        for measurement in measurements:
            value = _decimal(measurement.take("value"))
            # A figure is an example if it says so or its indicator is one.
            is_example = measurement.take("example", False) or example
            fields = measurement.fields(Measurement, value=value, is_example=is_example)
            _measure(indicator, None if not is_example else recorder, **fields)
        if series:
            _demo_series(series, indicator, sites, recorder)
    return indicators


def _demo_series(series, indicator, sites, recorder):
    # Kept as code, from its parameters in the data: value = the site's base + the student
    # group's gap + the period's index. The 45 figures it gives would be harder to read.
    # An invented series, so every figure is an example (checks.py refuses it on a fact).
    base = {series.one(sites, slug, "site"): n for slug, n in series.take("site_base").items()}
    gap = {
        series.choice(Measurement, "student_group", group): n
        for group, n in series.take("group_gap").items()
    }
    for index, period in enumerate(series.take("periods")):
        period = Row(period, f"{series.where}, periods number {index + 1}")
        for site, site_base in base.items():
            for group, group_gap in gap.items():
                value = Decimal(site_base + group_gap + index)
                fields = period.fields(
                    Measurement, student_group=group, site=site, value=value, is_example=True
                )
                _measure(indicator, recorder, **fields)


def _measure(
    indicator,
    recorder,
    *,
    period_start,
    period_label,
    value,
    period_label_es=None,
    is_example,
    student_group="all",
    site=None,
    as_of=None,
    source=None,
    source_url=None,
):
    # A figure's source is its indicator's unless the row gives its own.
    Measurement.objects.update_or_create(
        indicator=indicator,
        period_start=period_start,
        student_group=student_group,
        site=site,
        defaults={
            "period_label": period_label,
            "period_label_es": period_label_es,
            "value": value,
            "as_of": as_of,
            "source": indicator.source if source is None else source,
            "source_url": indicator.source_url if source_url is None else source_url,
            "is_example": is_example,
            "recorded_by": recorder,
        },
    )


def _decimal(value):
    return None if value is None else Decimal(str(value))


def _objectives(rows, initiatives, focus, sites, indicators, orgs):
    objectives = {}
    for row in rows:
        slug = row.take("slug")
        owners = row.many(orgs, row.take("owners"), "organization")
        fields = row.fields(
            Objective,
            initiative=row.one(initiatives, row.take("initiative"), "initiative"),
            focus_area=row.one(focus, row.take("focus", None), "focus area"),
            site=row.one(sites, row.take("site", None), "site"),
            indicator=row.one(indicators, row.take("indicator", None), "indicator"),
            target_value=_decimal(row.take("target_value", None)),
            is_example=row.take("example", False),
        )
        fields = bilingual(Objective, {"source": "", "source_url": "", **fields})
        objective, _ = Objective.objects.update_or_create(slug=slug, defaults=fields)
        objective.owners.set(owners)
        objectives[slug] = objective
    return objectives


def _updates(rows, objectives, users, orgs, now):
    """Progress updates; a fact's on its real `date` (noon in Massachusetts) with no author,
    an example's counted from the load in `days_from_today`. Keyed by objective and day."""
    updates = {}
    for row in rows:
        slug = row.take("objective")
        example = row.take("example", False)
        if example and "days_from_today" in row:
            created_at = now + dt.timedelta(days=row.take("days_from_today"))
        else:
            created_at = local(row.take("date"), 12)
        fields = {
            "evidence_url": "",
            "visibility": ProgressUpdate.Visibility.PUBLIC,
            "source": "",
            "source_url": "",
            **row.fields(
                ProgressUpdate,
                author=row.one(users, row.take("author", None), "demo account"),
                organization=row.one(orgs, row.take("organization"), "organization"),
                value=_decimal(row.take("value", None)),
                created_at=created_at,
                is_example=example,
                language=row.written_in,
            ),
        }
        fields = bilingual(ProgressUpdate, fields)
        update, _ = ProgressUpdate.objects.update_or_create(
            objective=row.one(objectives, slug, "objective"),
            narrative=fields.pop("narrative"),
            defaults=fields,
        )
        updates[slug, timezone.localdate(created_at)] = update
    return updates


def _milestones(rows, objectives, updates, today):
    for row in rows:
        slug = row.take("objective")
        objective = row.one(objectives, slug, "objective")
        title = row.take("title")
        example = row.take("example", False)
        if "due_date" in row:  # on a real date
            fields = {"completed_on": None, **row.fields(Milestone, is_example=example)}
        else:
            due = row.take("due_days_from_today")
            done = row.take("done_days_from_today", None)
            fields = row.fields(
                Milestone,
                due_date=today + dt.timedelta(days=due),
                completed_on=None if done is None else today + dt.timedelta(days=done),
                is_example=example,
            )
        # The update posted the day it was done, if there is one, marked it done.
        done_on = fields["completed_on"]
        fields = {
            "source": "",
            "source_url": "",
            "completed_by_update": None if done_on is None else updates.get((slug, done_on)),
            **fields,
        }
        fields = bilingual(Milestone, fields)
        Milestone.objects.update_or_create(objective=objective, title=title, defaults=fields)
