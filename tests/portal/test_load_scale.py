"""`manage.py load_scale`: the rows it adds, their spread, and pages that still render."""

import statistics

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from django.utils import timezone

from coalition import versions
from events.models import Event, Registration
from initiatives.models import Initiative, Objective, ProgressUpdate
from partners.models import Organization
from portal.scale import SCALE_SOURCE

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    call_command("load_scale", factor=0.04, yes=True, verbosity=0)


def test_refused_with_debug_off_unless_confirmed(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--yes"):
        call_command("load_scale", factor=0.01)
    assert not Organization.objects.exists()


def test_factor_sets_the_counts_and_a_second_run_adds_as_many(capsys):
    call_command("load_scale", factor=0.01, yes=True)
    printed = capsys.readouterr().out
    assert "registrations: 2,500" in printed
    assert Organization.objects.count() == 20
    assert Initiative.objects.count() == 1
    assert Objective.objects.count() == 50
    assert ProgressUpdate.objects.count() == 1_000
    assert Event.objects.count() == 50
    assert Registration.objects.count() == 2_500
    call_command("load_scale", factor=0.01, yes=True, verbosity=0)
    assert Organization.objects.count() == 40
    assert Registration.objects.count() == 5_000


def test_rows_are_examples_that_say_they_are_generated(loaded):
    for model in (Event, Objective, ProgressUpdate):
        assert not model.objects.filter(is_example=False).exists()
        assert set(model.objects.values_list("source", flat=True)) == {SCALE_SOURCE}


def test_spread_like_real_data(loaded):
    per_event = sorted(
        Event.objects.exclude(status=Event.Status.DRAFT)
        .annotate(n=Count("registrations"))
        .values_list("n", flat=True)
    )
    # Most events small, a few large.
    assert per_event[-1] >= 5 * statistics.median(per_event)
    # Some full, with people waiting; no event confirms more than its seats.
    events = Event.objects.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
        waiting=Count("registrations", filter=Q(registrations__status="waitlisted")),
    )
    full = [e for e in events if e.waiting]
    assert full
    assert all(e.confirmed == e.capacity for e in full)
    assert all(e.capacity is None or e.confirmed <= e.capacity for e in events)
    if any(field.name == "seats_taken" for field in Event._meta.concrete_fields):
        assert all(e.seats_taken == e.confirmed for e in events)
    # A few large initiatives, many small.
    per_initiative = sorted(
        Initiative.objects.annotate(n=Count("objectives")).values_list("n", flat=True)
    )
    assert per_initiative[-1] >= 3 * per_initiative[0]
    # Past and future; both languages for some rows, English alone for others.
    now = timezone.now()
    assert Event.objects.filter(starts_at__lt=now).exists()
    assert Event.objects.filter(starts_at__gt=now).exists()
    assert Event.objects.exclude(title_es="").exists()
    assert Event.objects.filter(title_es="").exists()
    assert ProgressUpdate.objects.filter(language="es").exists()


def test_versions_are_bumped():
    before = versions.current("partners", "initiatives", "events")
    call_command("load_scale", factor=0.01, yes=True, verbosity=0)
    after = versions.current("partners", "initiatives", "events")
    assert all(after[scope] != before[scope] for scope in before)


def test_pages_render_the_generated_rows(client, loaded):
    event = (
        Event.objects.filter(status=Event.Status.PUBLISHED, ends_at__gt=timezone.now())
        .annotate(n=Count("registrations"))
        .order_by("-n")
        .first()
    )
    initiative = Initiative.objects.annotate(n=Count("objectives")).order_by("-n").first()
    objective = Objective.objects.annotate(n=Count("updates")).order_by("-n").first()
    site = objective.site or Objective.objects.exclude(site=None).first().site
    pages = {
        "/": None,
        "/events/": None,
        event.get_absolute_url(): event.title,
        "/partners/": None,
        initiative.get_absolute_url(): initiative.name,
        objective.get_absolute_url(): objective.title,
        "/sites/": None,
        site.get_absolute_url(): site.name,
    }
    for url, shown in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        if shown:
            assert shown in response.content.decode(), url
