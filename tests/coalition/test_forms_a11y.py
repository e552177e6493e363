"""Every form of the portal, refused: the page answers as before (4xx for our forms, 200 for
allauth's own), names the problem in its title ("Error: …"), opens with an error summary that is
the page's alert and takes the focus, each error a link to its field (the first option of a
group), and every group of radio buttons or checkboxes is a fieldset with its legend above the
options, its errors tied to it. tests/support/forms.py says what is checked on each page.

The forms, by page: registration, change of needs, suggestion (events, public); event new and
edit, its cancellation, check-in search, message to registrants, what we heard and its themes
(organizers); progress update and its withdrawal (initiatives); measurement, CSV import, lead
grant (network); invitation, role, organization application (partners); profile and account
deletion (/me/); sign-in, sign-in by code, sign-up, password reset, password change, password
confirmation, adding an email address, an authenticator app (allauth); and the filters of the
dashboard, events, audit log and the site comparison, given dates or choices they cannot take.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import Membership
from tests.events.helpers import confirmed, event_form, signed_in_organizer
from tests.factories import (
    DEFAULT_PASSWORD,
    DemonstrationSiteFactory,
    EventFactory,
    EventLanguageFactory,
    IndicatorFactory,
    MembershipFactory,
    MilestoneFactory,
    ObjectiveFactory,
    OrganizationFactory,
    join_staff,
    progress_update,
    two_factor_lead,
    verified_user,
    with_two_factor,
)
from tests.support.forms import control_problems, parse, refused_page

pytestmark = pytest.mark.django_db


def refused(response, status: int, *expected: str):
    """The refused page, checked; `expected` are ids the summary must link to (others may
    follow)."""
    assert response.status_code == status, response.status_code
    page = refused_page(response.content.decode())
    assert page.problems == [], page.problems
    assert page.title.startswith("Error: ")
    missing = [anchor for anchor in expected if anchor not in page.links]
    assert missing == [], (missing, page.links)
    assert all(page.links), page.texts  # every error is a link
    return page


# Events: the public forms


@pytest.fixture
def event():
    event = EventFactory(childcare_offered=True, hosts=[OrganizationFactory()])
    EventLanguageFactory(event=event, language="es", interpretation=True)
    return event


# What a browser sends for the registration form left empty (an unticked box sends nothing).
EMPTY_REGISTRATION = {"name": "", "email": "", "phone": "", "language": "", "website": ""}


def test_registration(client, event):
    response = client.post(f"/events/{event.slug}/register/", EMPTY_REGISTRATION)
    page = refused(response, 400, "id_name", "id_email", "id_language", "id_consent")
    assert (
        "I agree to the privacy notice above. Please agree to the privacy notice"
        in (page.texts[-1])
    )


def test_registration_already_registered_links_to_the_address(client, event):
    confirmed(event, email="ana@example.org")
    response = client.post(
        f"/events/{event.slug}/register/",
        {"name": "Ana", "email": "ana@example.org", "language": "en", "consent": "on"},
    )
    page = refused(response, 400, "id_email")
    assert page.links == ["id_email"]


def test_change_of_needs(client, event):
    registration = confirmed(event)
    response = client.post(
        f"/events/manage/{registration.manage_token}/",
        {"action": "needs", "children_count": "99", "interpretation_language": "xx"},
    )
    refused(response, 400, "id_interpretation_language", "id_children_count")


def test_suggestion(client):
    response = client.post("/events/suggest/", {"contact_email": "nope"})
    refused(response, 400, "id_place", "id_community", "id_reason", "id_contact_email")


def test_event_filters_with_a_date_out_of_range(client):
    response = client.get("/events/?from_date=3000-01-01")
    html = response.content.decode()
    refused(response, 400, "id_from_date")
    assert '<details class="filters" open>' in html


# Events: the organizers' forms


@pytest.fixture
def host():
    return OrganizationFactory(name="Lynn Families United", slug="lynn-families")


@pytest.fixture
def organizer(client, host):
    return signed_in_organizer(client, host)


def test_new_event_groups_are_fieldsets_and_the_hosts_error_links_to_the_first(
    client, organizer, host
):
    OrganizationFactory()  # not the organizer's: not offered
    response = client.post(
        "/events/organize/new/", event_form(hosts=None, title_en="", spoken=["zz"], capacity="-1")
    )
    page = refused(response, 400, "id_title_en", "id_hosts_0", "id_spoken_0", "id_capacity")
    html = response.content.decode()
    for legend in ("Host organizations", "Held in", "Interpretation offered into"):
        assert f"<legend>{legend}:</legend>" in html
    assert (
        '<fieldset class="field field--group field--error" '
        'aria-describedby="id_spoken_helptext id_spoken_error">'
    ) in html
    assert 'aria-invalid="true" id="id_hosts_0"' in html
    # In the order of the fields on the page.
    assert page.links == sorted(page.links, key=lambda anchor: html.index(f'id="{anchor}"'))
    assert page.texts[page.links.index("id_hosts_0")] == (
        "Host organizations: This field is required."
    )


def test_edited_event(client, organizer, host):
    event = EventFactory(hosts=[host], status="draft")
    response = client.post(
        f"/events/{event.slug}/organize/", event_form(hosts=[host.pk], format="online")
    )
    refused(response, 400, "id_online_url")


def test_cancellation_with_a_reason_too_long_is_refused_on_the_page(client, organizer, host):
    event = EventFactory(hosts=[host])
    response = client.post(f"/events/{event.slug}/organize/cancel/", {"reason": "x" * 501})
    refused(response, 400, "id_reason")
    event.refresh_from_db()
    assert event.status == "published"
    assert "x" * 501 in response.content.decode()  # kept, to shorten


def test_check_in_search(client, organizer, host):
    event = EventFactory(hosts=[host])
    response = client.get(f"/events/{event.slug}/organize/check-in/?q={'a' * 201}")
    refused(response, 400, "id_q")


def test_message_to_registrants(client, organizer, host):
    event = EventFactory(hosts=[host])
    response = client.post(f"/events/{event.slug}/organize/message/", {"audience": "nobody"})
    refused(response, 400, "id_audience", "id_subject", "id_body")


def test_what_we_heard_and_its_themes(client, organizer, host):
    ended = timezone.now() - dt.timedelta(days=2)
    event = EventFactory(hosts=[host], starts_at=ended - dt.timedelta(hours=2), ends_at=ended)
    objective = ObjectiveFactory()
    data = {
        "summary_en": "",
        "themes-TOTAL_FORMS": "2",
        "themes-INITIAL_FORMS": "0",
        "themes-MIN_NUM_FORMS": "0",
        "themes-MAX_NUM_FORMS": "20",
        "themes-0-description_en": "Buses are too far.",
        "themes-0-objectives": [objective.pk],
        "themes-1-objectives": ["999999"],
    }
    response = client.post(f"/events/{event.slug}/organize/report/", data)
    page = refused(
        response, 400, "id_summary_en", "id_themes-0-title_en", "id_themes-1-objectives_0"
    )
    html = response.content.decode()
    assert "<legend>Objectives that answer it:</legend>" in html
    assert page.links.index("id_summary_en") < page.links.index("id_themes-0-title_en")


def test_too_many_themes_link_to_the_message_over_them(client, organizer, host):
    ended = timezone.now() - dt.timedelta(days=2)
    event = EventFactory(hosts=[host], starts_at=ended - dt.timedelta(hours=2), ends_at=ended)
    data = {
        "summary": "Said.",
        "themes-TOTAL_FORMS": "21",
        "themes-INITIAL_FORMS": "0",
        "themes-MIN_NUM_FORMS": "0",
        "themes-MAX_NUM_FORMS": "20",
        **{f"themes-{n}-title": f"Theme {n}" for n in range(21)},
    }
    response = client.post(f"/events/{event.slug}/organize/report/", data)
    refused(response, 400, "themes-errors")


# Initiatives


@pytest.fixture
def owner():
    return OrganizationFactory(name="EdVestors", slug="edvestors")


@pytest.fixture
def objective(owner):
    indicator = IndicatorFactory(name="Pilot schools")
    objective = ObjectiveFactory(
        owners=[owner], indicator=indicator, initiative=indicator.initiative
    )
    MilestoneFactory(objective=objective, title="Pick the pilot schools")
    return objective


@pytest.fixture
def staff(client, owner):
    user = verified_user("staff@example.org", name="Sam Staff")
    join_staff(owner, user)
    client.force_login(user)
    return user


def test_progress_update_status_is_a_group_named_by_its_legend(client, staff, owner, objective):
    response = client.post(
        f"/initiatives/objectives/{objective.slug}/update/",
        {"organization": owner.pk, "visibility": "nobody", "milestones": ["0"]},
    )
    page = refused(response, 400, "id_status_0", "id_narrative_en", "id_visibility_0")
    assert page.texts[0] == "Status: This field is required."
    html = response.content.decode()
    status = html[
        html.index(
            '<fieldset class="field field--group field--error" aria-describedby="id_status_error">'
        ) :
    ]
    assert status.index("<legend>Status:</legend>") < status.index('id="id_status_0"')
    assert status.index('<ul class="field__errors" id="id_status_error">') < status.index(
        'id="id_status_0"'
    )
    assert "<legend>Who may read it:</legend>" in html
    assert "<legend>Milestones reached:</legend>" in html
    assert "<label>Status" not in html  # no label without its control any more


def test_withdrawal(client, staff, owner, objective):
    update = progress_update(objective, organization=owner, author=staff)
    response = client.post(
        f"/initiatives/objectives/{objective.slug}/updates/{update.pk}/withdraw/",
        {"withdrawal_reason": ""},
    )
    refused(response, 400, "id_withdrawal_reason")


def test_site_comparison_of_one_site(client):
    site = DemonstrationSiteFactory()
    response = client.get(f"/sites/compare/?site={site.slug}&group=nobody")
    page = refused(response, 400, "id_site_0", "id_group")
    html = response.content.decode()
    assert "<legend>Sites to compare:</legend>" in html
    assert page.texts[0] == "Sites to compare: Choose two sites or more to compare."


# Partners


def test_organization_application(client):
    client.force_login(verified_user("applicant@example.org"))
    response = client.post("/partners/apply/", {"website": "not a site"})
    refused(response, 400, "id_name", "id_sector", "id_website")


@pytest.fixture
def admin(client, owner):
    user = with_two_factor(verified_user("admin@example.org", name="Ada Admin"))
    MembershipFactory(user=user, organization=owner, role=Membership.Role.ADMIN)
    client.force_login(user)
    return user


def test_invitation(client, admin, owner):
    response = client.post(f"/partners/{owner.slug}/staff/invite/", {"email": "nope", "role": "x"})
    refused(response, 400, "id_email", "id_role", "id_language")


def test_role_of_the_last_admin(client, admin, owner):
    membership = admin.memberships.get()
    response = client.post(
        f"/partners/{owner.slug}/staff/members/{membership.pk}/role/", {"role": "staff"}
    )
    page = refused(response, 400, f"role-{membership.pk}")
    assert page.texts == [
        "Role of Ada Admin: Ada Admin is the organization's last admin: make someone else admin "
        "first."
    ]


def test_role_that_does_not_exist(client, admin, owner):
    other = join_staff(owner, verified_user("colleague@example.org"))
    response = client.post(f"/partners/{owner.slug}/staff/members/{other.pk}/role/", {"role": "x"})
    page = refused(response, 400, f"role-{other.pk}")
    assert page.texts[0].endswith("Choose one of the roles.")
    other.refresh_from_db()
    assert other.role == Membership.Role.STAFF


# The network (leads)


@pytest.fixture
def lead(client):
    user = two_factor_lead()
    client.force_login(user)
    return user


def test_measurement(client, lead):
    response = client.post("/network/measurements/", {"period_start": "3000-01-01"})
    refused(response, 400, "id_indicator", "id_period_start", "id_period_label_en", "id_value")


def test_import(client, lead):
    response = client.post("/network/imports/", {"kind": "nothing"})
    refused(response, 400, "id_kind", "id_file")


def test_lead_grant(client, lead):
    response = client.post("/network/leads/", {"email": "nobody@example.org"})
    refused(response, 400, "id_email")
    response = client.post("/network/leads/", {"email": "nope"})
    refused(response, 400, "id_email")


def test_audit_log_filters(client, lead):
    response = client.get("/network/audit/?since=1800-01-01")
    refused(response, 400, "id_since")


def test_dashboard_filters_with_bad_dates(client, lead):
    response = client.get("/dashboard/?since=2026-06-01&until=1800-05-01")
    refused(response, 400, "id_until")


# My account


def test_profile(client):
    client.force_login(verified_user("member@example.org"))
    response = client.post("/me/", {"name": "Ana", "preferred_language": "xx"})
    refused(response, 400, "id_preferred_language")


def test_account_delete(client):
    client.force_login(verified_user("member@example.org"))
    response = client.post("/me/delete/", {"password": "wrong"})
    refused(response, 400, "id_password")


# allauth's pages answer 200 when they refuse a form, as they always have.


def test_sign_in(client):
    verified_user("member@example.org")
    response = client.post(
        reverse("account_login"), {"login": "member@example.org", "password": "wrong"}
    )
    refused(response, 200, "form-errors")
    response = client.post(reverse("account_login"), {})
    refused(response, 200, "id_login", "id_password")


def test_sign_up(client):
    response = client.post(
        reverse("account_signup"), {"email": "nope", "password1": "short", "password2": "other"}
    )
    refused(response, 200, "id_email", "id_password1")


def test_password_reset(client):
    response = client.post(reverse("account_reset_password"), {"email": "nope"})
    refused(response, 200, "id_email")


def test_password_change(client):
    client.force_login(verified_user("member@example.org"))
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": DEFAULT_PASSWORD + "x", "password2": "y"},
    )
    refused(response, 200, "id_oldpassword", "id_password2")


def test_adding_an_email_address(client):
    client.force_login(verified_user("member@example.org"))
    response = client.post(reverse("account_email"), {"action_add": "", "email": "nope"})
    refused(response, 200, "id_email")


def test_a_page_without_a_refused_form_has_no_summary(client, event):
    response = client.get(f"/events/{event.slug}/register/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" not in html and "<title>Error" not in html
    assert "aria-invalid" not in html


def test_spanish_title(client, event):
    client.cookies["django_language"] = "es"
    response = client.post(f"/events/{event.slug}/register/", EMPTY_REGISTRATION)
    page = refused(response, 400, "id_name", "id_consent")
    assert 'lang="es"' in response.content.decode()
    assert page.texts[0].startswith("Su nombre: ")


def test_a_form_the_page_does_not_show_is_not_summed_up(client, event):
    # Registration has closed: the form sent is not read, and the page does not show it.
    event.starts_at = timezone.now() - dt.timedelta(hours=1)
    event.save()
    response = client.post(f"/events/{event.slug}/register/", EMPTY_REGISTRATION)
    html = response.content.decode()
    assert response.status_code == 409
    assert "error-summary" not in html and "<title>Error" not in html


def test_password_confirmation_and_authenticator_app(client):
    user = verified_user("lead@example.org", is_coalition_lead=True)
    client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    response = client.post("/accounts/reauthenticate/", {"password": "wrong"})
    refused(response, 200, "id_password")
    client.post("/accounts/reauthenticate/", {"password": DEFAULT_PASSWORD})
    response = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    page = refused(response, 200, "id_code")
    assert page.texts == ["Authenticator code: Incorrect code."]


def test_sign_in_by_code(client):
    response = client.post(reverse("account_request_login_code"), {"email": "nope"})
    refused(response, 200, "id_email")


def test_groups_are_fieldsets_on_the_blank_forms_too(client, staff, owner, objective, host):
    """The forms as they first show, with every kind of group: radio buttons, checkboxes of
    organizations, languages, milestones, objectives and sites."""
    join_staff(host, staff)
    ended = timezone.now() - dt.timedelta(days=2)
    past = EventFactory(hosts=[host], starts_at=ended - dt.timedelta(hours=2), ends_at=ended)
    DemonstrationSiteFactory.create_batch(2)
    pages = {
        f"/initiatives/objectives/{objective.slug}/update/": ["status", "visibility", "milestones"],
        "/events/organize/new/": ["hosts", "spoken", "interpreted"],
        f"/events/{past.slug}/organize/report/": ["themes-0-objectives", "themes-1-objectives"],
        "/sites/compare/": ["site"],
    }
    for url, groups in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert control_problems(parse(html)) == [], url
        assert "error-summary" not in html and "<title>Error" not in html, url
        # The groups are there (so the check above had them to check), each in its fieldset.
        options = [node for node in parse(html).walk() if node.tag == "input"]
        for name in groups:
            found = [node for node in options if node.attrs.get("name") == name]
            assert found, (url, name)
            assert {node.attrs["type"] for node in found} <= {"radio", "checkbox"}, (url, name)
