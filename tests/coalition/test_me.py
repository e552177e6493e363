"""My account: profile and language, organizations and registrations, download, deletion."""

import datetime as dt
import json

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coalition.models import AuditLog, User
from events.models import LocationSuggestion, Registration
from initiatives.models import ProgressUpdate
from partners.models import Membership
from tests import factories
from tests.factories import DEFAULT_PASSWORD
from tests.support.markup import markup_problems
from tests.support.pages import render_next_visit


def _verified(user, email=None):
    EmailAddress.objects.create(
        user=user, email=email or user.email, verified=True, primary=email is None
    )
    return user


@pytest.fixture
def ana(db):
    return _verified(factories.UserFactory(email="ana@example.org", name="Ana Souza"))


def _past_event(**fields):
    start = timezone.now() - dt.timedelta(days=30)
    return factories.EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=2), **fields)


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in ("/me/", "/me/data/", "/me/delete/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={url}"


def test_the_page_shows_my_organizations_and_registrations(client, ana):
    upcoming = factories.EventFactory(title="Lynn listening session", city="Lynn")
    past = _past_event(title="Springfield listening session", city="Springfield")
    factories.RegistrationFactory(
        event=upcoming, user=ana, email=ana.email, children_count=2, interpretation_language="pt"
    )
    factories.RegistrationFactory(
        event=past, user=ana, email=ana.email, status=Registration.Status.WAITLISTED
    )
    # Someone else's registration for the same session is not mine.
    factories.RegistrationFactory(event=upcoming, name="Other Person", email="other@example.org")
    factories.MembershipFactory(
        user=ana,
        organization=factories.OrganizationFactory(name="EdVestors"),
        title="Program officer",
    )
    factories.MembershipFactory(
        user=ana,
        organization=factories.OrganizationFactory(name="Lynn Public Schools"),
        status=Membership.Status.REQUESTED,
    )
    client.force_login(ana)

    response = client.get("/me/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    assert markup_problems(response.text) == []
    page = response.text
    assert "EdVestors" in page and "Program officer" in page
    assert "Lynn Public Schools" in page and "Waiting for approval" in page
    assert f'href="{upcoming.get_absolute_url()}"' in page
    assert f'href="{past.get_absolute_url()}"' in page
    assert "On the waiting list" in page
    assert "Childcare for 2 children" in page and "Interpretation into Portuguese" in page
    assert "Other Person" not in page
    # The header names the person and leads to this page.
    assert '<a class="account-nav__who" href="/me/" aria-current="page">' in page


def test_updating_my_name_and_language_switches_the_site_language(client, ana):
    client.force_login(ana)

    response = client.post("/me/", {"name": "Ana María Souza", "preferred_language": "es"})

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "es"
    ana.refresh_from_db()
    assert (ana.name, ana.preferred_language) == ("Ana María Souza", "es")
    page = client.get(response["Location"])
    assert '<html lang="es">' in page.text
    assert 'value="Ana María Souza"' in page.text


def test_a_profile_change_is_audited_by_field_without_its_values(client, ana):
    client.force_login(ana)

    client.post("/me/", {"name": "Ana María Souza", "preferred_language": "en"})
    client.post("/me/", {"name": "Ana María Souza", "preferred_language": "en"})  # no change

    entries = AuditLog.objects.filter(action="account.updated")
    assert [(e.actor, e.data) for e in entries] == [(ana, {"fields": ["name"]})]
    assert "Souza" not in str(entries[0].data)
    assert entries[0].ip_address == "127.0.0.1"


def test_an_unknown_language_is_refused_next_to_the_field(client, ana):
    client.force_login(ana)

    response = client.post("/me/", {"name": "Ana", "preferred_language": "xx"})

    assert response.status_code == 400
    assert 'id="id_preferred_language_error"' in response.text
    ana.refresh_from_db()
    assert ana.preferred_language == "en"


def test_the_page_runs_the_same_queries_for_5_and_50_registrations(client, ana):
    client.force_login(ana)

    def add(n):
        for _ in range(n):
            factories.RegistrationFactory(event=factories.EventFactory(), user=ana)
            factories.RegistrationFactory(event=_past_event(), user=ana)
            factories.MembershipFactory(user=ana)

    def count():
        client.get("/me/")  # the first reads the person's roles into the cache
        render_next_visit()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/me/").status_code == 200
        return len(queries.captured_queries)

    add(5)
    small = count()
    add(45)
    assert count() == small


def _download(client):
    response = client.post("/me/data/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def test_the_download_page_explains_what_is_in_the_file(client, ana):
    client.force_login(ana)
    response = client.get("/me/data/")
    assert response.status_code == 200
    assert markup_problems(response.text) == []
    assert "It holds nothing about anyone else." in response.text


def test_my_data_holds_my_registrations_and_nothing_of_anyone_else(client, ana):
    event = factories.EventFactory(title="Holyoke listening session")
    factories.RegistrationFactory(
        event=event,
        user=ana,
        email=ana.email,
        phone="413-555-0100",
        accessibility_needs="Step-free entrance",
    )
    # Registered without signing in, with an address Ana has verified: hers too.
    _verified(ana, "ana.souza@example.net")
    factories.RegistrationFactory(event=_past_event(), email="Ana.Souza@example.net")
    # Other people's rows, including one with an address Ana added but never verified.
    bruno = factories.UserFactory(email="bruno@example.org", name="Bruno Lima")
    factories.RegistrationFactory(event=event, user=bruno, email=bruno.email, name="Bruno Lima")
    EmailAddress.objects.create(user=ana, email="shared@example.org", verified=False)
    factories.RegistrationFactory(event=event, email="shared@example.org", name="Carla Dias")
    factories.ProgressUpdateFactory(author=ana, narrative="Pilot schools met in March.")
    factories.ProgressUpdateFactory(author=bruno, narrative="Bruno's update.")
    LocationSuggestion.objects.create(
        place="Holyoke Public Library",
        community=factories.community_named("Holyoke"),
        reason="On the bus lines.",
        submitted_by=ana,
    )
    factories.MembershipFactory(
        user=ana, organization=factories.OrganizationFactory(name="EdVestors")
    )
    AuditLog.objects.create(actor=ana, action="membership.requested", data={"email": "x@y.z"})
    AuditLog.objects.create(actor=bruno, action="lead.granted")
    client.force_login(ana)

    data = _download(client)

    assert data["profile"]["email"] == "ana@example.org"
    assert data["profile"]["name"] == "Ana Souza"
    assert {a["email"] for a in data["email_addresses"]} == {
        "ana@example.org",
        "ana.souza@example.net",
        "shared@example.org",
    }
    emails = sorted(r["email"] for r in data["registrations"])
    assert emails == ["Ana.Souza@example.net", "ana@example.org"]
    mine = next(r for r in data["registrations"] if r["email"] == "ana@example.org")
    assert mine["event"] == "Holyoke listening session"
    assert (mine["phone"], mine["accessibility_needs"]) == ("413-555-0100", "Step-free entrance")
    assert [u["narrative"] for u in data["progress_updates"]] == ["Pilot schools met in March."]
    assert [s["place"] for s in data["location_suggestions"]] == ["Holyoke Public Library"]
    assert [m["organization"] for m in data["memberships"]] == ["EdVestors"]
    assert [e["action"] for e in data["audit_log"]] == ["membership.requested"]
    text = json.dumps(data)
    for someone_else in ("Bruno", "bruno@example.org", "Carla Dias", "x@y.z", "lead.granted"):
        assert someone_else not in text


def test_my_data_never_holds_two_factor_secrets(client, ana):
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(ana, "JBSWY3DPEHPK3PXP")
    client.force_login(ana)

    data = _download(client)

    assert [a["type"] for a in data["two_factor"]] == ["totp"]
    assert "secret" not in json.dumps(data)


@pytest.mark.django_db
def test_deleting_my_account_anonymizes_my_registrations_and_keeps_the_counts(client, ana):
    event = factories.EventFactory(capacity=10)
    mine = factories.RegistrationFactory(
        event=event,
        user=ana,
        email=ana.email,
        name="Ana Souza",
        phone="617-555-0100",
        accessibility_needs="Wheelchair seating",
        children_count=2,
        needs_transportation=True,
        interpretation_language="pt",
    )
    waitlisted = factories.RegistrationFactory(
        event=_past_event(),
        user=ana,
        email=ana.email,
        status=Registration.Status.WAITLISTED,
        checked_in_at=timezone.now(),
    )
    other = factories.RegistrationFactory(event=event, name="Bruno Lima")
    factories.MembershipFactory(user=ana)
    update = factories.ProgressUpdateFactory(author=ana, narrative="Pilot schools met in March.")
    suggestion = LocationSuggestion.objects.create(
        place="Lynn Public Library",
        community=factories.community_named("Lynn"),
        reason="Near the high school.",
        contact_name="Ana Souza",
        contact_email=ana.email,
        submitted_by=ana,
    )
    before = {
        status: Registration.objects.filter(event=event, status=status).count()
        for status in Registration.Status.values
    }
    client.force_login(ana)

    response = client.post("/me/delete/", {"password": DEFAULT_PASSWORD}, follow=True)

    assert "Your account is deleted." in response.text
    assert not User.objects.filter(email="ana@example.org").exists()
    assert "_auth_user_id" not in client.session
    mine.refresh_from_db()
    assert (mine.name, mine.phone, mine.accessibility_needs, mine.user) == ("", "", "", None)
    assert mine.email == f"anonymized-{mine.pk}@invalid.example"
    assert mine.anonymized_at is not None
    # What the organizers count stays: status, needs, check-in.
    assert (mine.status, mine.children_count, mine.needs_transportation) == ("confirmed", 2, True)
    assert mine.interpretation_language == "pt"
    waitlisted.refresh_from_db()
    assert waitlisted.status == Registration.Status.WAITLISTED
    assert waitlisted.checked_in_at is not None
    after = {
        status: Registration.objects.filter(event=event, status=status).count()
        for status in Registration.Status.values
    }
    assert after == before
    other.refresh_from_db()
    assert other.name == "Bruno Lima" and other.anonymized_at is None
    assert not Membership.objects.exists()
    update = ProgressUpdate.objects.get(pk=update.pk)
    assert (update.narrative, update.author) == ("Pilot schools met in March.", None)
    suggestion.refresh_from_db()
    assert (suggestion.place, suggestion.contact_name, suggestion.contact_email) == (
        "Lynn Public Library",
        "",
        "",
    )
    entry = AuditLog.objects.get(action="account.deleted")
    assert entry.actor is None
    assert entry.data == {"registrations_anonymized": 2}
    row = json.dumps([entry.action, entry.object_id, entry.data, str(entry)])
    assert "ana" not in row.lower() and "@" not in row


def test_a_wrong_password_deletes_nothing(client, ana):
    client.force_login(ana)
    page = client.get("/me/delete/")
    assert markup_problems(page.text) == []

    response = client.post("/me/delete/", {"password": "not-my-password"})

    assert response.status_code == 400
    assert "That is not your password." in response.text
    assert User.objects.filter(pk=ana.pk).exists()
    assert not AuditLog.objects.exists()


def test_guessing_the_password_again_and_again_gets_429(client, ana, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reauthenticate": "3/m/user"}
    client.force_login(ana)
    for _ in range(3):
        assert client.post("/me/delete/", {"password": "guess"}).status_code == 400

    response = client.post("/me/delete/", {"password": DEFAULT_PASSWORD})

    assert response.status_code == 429
    assert "Too many tries" in response.text
    assert "Nothing was changed." in response.text
    assert User.objects.filter(pk=ana.pk).exists()


def test_the_only_coalition_lead_cannot_delete_their_account(client, ana):
    ana.is_coalition_lead = True
    ana.save()
    client.force_login(ana)

    response = client.post("/me/delete/", {"password": DEFAULT_PASSWORD})

    assert response.status_code == 400
    assert "only coalition lead" in response.text
    assert User.objects.filter(pk=ana.pk).exists()


def test_someone_without_a_password_is_asked_to_set_one_before_deleting(client, ana):
    ana.set_unusable_password()
    ana.save()
    client.force_login(ana)

    page = client.get("/me/delete/")

    assert 'href="/accounts/password/set/"' in page.text
    assert 'name="password"' not in page.text
