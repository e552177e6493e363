"""The project's plumbing: health check, admin, migrations, settings, Celery."""

import os
import subprocess
import sys

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from tests import factories
from tests.support.servers import BASE_DIR


def test_healthz_answers_200_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] == "up"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not():
    # A real outage: a process whose database server does not answer at all.
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r.json()['database'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "coalition.settings.test",
            "DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["503", "down"], result.stderr


def _admin_objects():
    """One row of every registered model, so change pages and list columns render."""
    org = factories.OrganizationFactory()
    member = factories.MembershipFactory(organization=org)
    objective = factories.ObjectiveFactory(owners=[org])
    update = factories.ProgressUpdateFactory(objective=objective, organization=org)
    factories.MilestoneFactory(objective=objective)
    factories.InvitationFactory(organization=org)
    factories.InitiativePartnerFactory(initiative=objective.initiative, organization=org)
    factories.FocusAreaFactory(initiative=objective.initiative)
    factories.DemonstrationSiteFactory(lead_organization=org)
    factories.MeasurementFactory()
    event = factories.EventFactory(hosts=[org])
    factories.EventLanguageFactory(event=event)
    factories.RegistrationFactory(event=event)
    factories.LocationSuggestionFactory(event=event)
    theme = factories.ThemeFactory(report=factories.SessionReportFactory(event=event))
    theme.objectives.add(objective)
    from coalition.services import audit_log, email_queue

    audit_log(actor=member.user, action="membership.approved", target=member)
    email_queue(to=["someone@example.org"], subject="Hello", body="Hello")
    return update


@pytest.mark.django_db
def test_every_admin_page_loads_for_a_superuser(client, superuser):
    _admin_objects()
    client.force_login(superuser)
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist
        if model_admin.has_add_permission(_request_for(superuser)):
            add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
            assert client.get(add).status_code == 200, add
        obj = model.objects.first()
        if obj is not None:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            assert client.get(change).status_code == 200, change


@pytest.mark.django_db
def test_the_admin_edits_both_languages_and_searches_either(client, superuser):
    event = factories.EventFactory(title="Riverside session", title_es="Sesión del río")
    factories.EventFactory(title="Holyoke session")
    client.force_login(superuser)
    page = client.get(reverse("admin:events_event_change", args=[event.pk])).text
    assert 'name="title_en"' in page and 'name="title_es"' in page
    assert 'value="Sesión del río"' in page
    change = reverse("admin:events_event_change", args=[event.pk])
    for words in ("Sesión", "Riverside"):
        found = client.get(reverse("admin:events_event_changelist"), {"q": words}).text
        assert change in found and "Holyoke session" not in found


def _request_for(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_every_project_model_is_in_the_admin():
    ours = [
        m
        for m in apps.get_models()
        if m._meta.app_label in {"coalition", "partners", "initiatives", "events"}
    ]
    missing = [m.__name__ for m in ours if m not in admin.site._registry]
    assert missing == []


@pytest.mark.django_db
def test_progress_updates_cannot_be_changed_in_the_admin(client, superuser):
    update = _admin_objects()
    client.force_login(superuser)
    url = reverse("admin:initiatives_progressupdate_change", args=[update.pk])
    response = client.post(url, {"narrative": "rewritten"})
    assert response.status_code == 403
    update.refresh_from_db()
    assert update.narrative != "rewritten"
    delete = reverse("admin:initiatives_progressupdate_delete", args=[update.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403


@pytest.mark.django_db
def test_every_migration_is_applied_and_none_is_missing():
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def _run_settings(module, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.pop("DATABASE_URL", None)
    clean.pop("REDIS_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key_and_hosts():
    result = _run_settings("coalition.settings.production", {})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_passes_the_deploy_check():
    result = _run_settings(
        "coalition.settings.production",
        {
            "DJANGO_SECRET_KEY": "x7" * 32 + "-a-long-random-production-key",
            "DJANGO_ALLOWED_HOSTS": "portal.example.org",
            "SITE_URL": "https://portal.example.org",
            "DATABASE_URL": "postgres://coalition@127.0.0.1:5432/coalition",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_celery_is_configured_from_django_settings():
    from coalition.celery import app

    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    app.loader.import_default_modules()
    assert "coalition.tasks.send_outbox_email" in app.tasks
    schedule = app.conf.beat_schedule
    assert {entry["task"] for entry in schedule.values()} <= set(app.tasks)


@pytest.mark.django_db
def test_deleting_a_person_in_the_admin_anonymizes_their_registrations(client, superuser):
    person = factories.UserFactory(email="gone@example.org")
    registration = factories.RegistrationFactory(user=person, email=person.email, name="Gone Soon")
    client.force_login(superuser)
    url = reverse("admin:coalition_user_delete", args=[person.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    registration.refresh_from_db()
    assert (registration.name, registration.user, registration.status) == ("", None, "confirmed")
    assert registration.anonymized_at is not None
    assert not type(person).objects.filter(pk=person.pk).exists()


@pytest.mark.django_db
def test_the_lead_role_cannot_be_changed_in_the_admin(client, superuser):
    person = factories.UserFactory(email="someone@example.org")
    client.force_login(superuser)
    page = client.get(reverse("admin:coalition_user_change", args=[person.pk])).text
    assert 'name="is_coalition_lead"' not in page
