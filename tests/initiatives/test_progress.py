"""Progress updates posted by partner staff of an owner organization (and leads): what is
stored, who may post, who may read partners-only updates, and that nothing is ever rewritten."""

import re

import pytest
from django.contrib import admin
from django.urls import Resolver404, resolve

from coalition.models import AuditLog
from initiatives.models import Indicator, ProgressUpdate
from tests.factories import (
    IndicatorFactory,
    MilestoneFactory,
    ObjectiveFactory,
    OrganizationFactory,
    join_staff,
    progress_update,
)
from tests.factories import verified_user as verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return OrganizationFactory(name="EdVestors", slug="edvestors")


@pytest.fixture
def objective(owner):
    indicator = IndicatorFactory(name="Pilot schools", unit=Indicator.Unit.PERCENT)
    return ObjectiveFactory(
        title="Expand high-quality career pathways",
        owners=[owner],
        indicator=indicator,
        initiative=indicator.initiative,
    )


@pytest.fixture
def staff(client, owner):
    user = verified("staff@example.org", name="Sam Staff")
    join_staff(owner, user)
    client.force_login(user)
    return user


def update_form(owner, **overrides):
    data = {
        "organization": owner.pk if owner else "",
        "status": "on_track",
        "value": "42.5",
        "language": "en",
        "narrative_en": "Three more schools joined the pilot.",
        "evidence_url": "https://example.org/report",
        "visibility": "public",
    }
    data.update(overrides)
    return data


def url(objective):
    return f"/initiatives/objectives/{objective.slug}/update/"


def test_staff_post_an_update_and_see_it_on_the_objective_and_initiative(
    client, staff, owner, objective
):
    done = MilestoneFactory(objective=objective, title="Pick the pilot schools")
    response = client.post(url(objective), {**update_form(owner), "milestones": [done.pk]})
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert (update.author, update.organization, update.status) == (staff, owner, "on_track")
    assert str(update.value) == "42.50"
    done.refresh_from_db()
    assert done.completed_on is not None and done.completed_by_update == update
    assert AuditLog.objects.filter(action="progress.posted", actor=staff).exists()
    page = client.get(objective.get_absolute_url()).content.decode()
    assert "Three more schools joined the pilot." in page
    client.logout()
    initiative = client.get(objective.initiative.get_absolute_url()).content.decode()
    assert "On track" in initiative


def test_staff_of_an_organization_that_does_not_own_it_are_refused(client, owner, objective):
    outsider = verified("outsider@example.org")
    other = OrganizationFactory()
    join_staff(other, outsider)
    client.force_login(outsider)
    assert client.get(url(objective)).status_code == 403
    response = client.post(url(objective), update_form(other))
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_staff_cannot_post_in_the_name_of_another_owner(client, staff, owner, objective):
    other_owner = OrganizationFactory()
    objective.owners.add(other_owner)
    response = client.post(url(objective), update_form(other_owner))
    assert response.status_code == 400
    assert 'id="id_organization_error"' in response.content.decode()
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"value": "101"}, "value", "at most 100"),
        ({"value": "-1"}, "value", "at least 0"),
        ({"narrative_en": ""}, "narrative_en", "Write it in English, in Spanish or in both."),
        ({"narrative_en": "x" * 2001}, "narrative_en", "at most 2000 characters"),
        ({"evidence_url": "javascript:alert(1)"}, "evidence_url", "Enter a valid URL."),
        ({"evidence_url": "ftp://example.org/x"}, "evidence_url", "Enter a valid URL."),
        ({"status": "great"}, "status", "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_stored(
    client, staff, owner, objective, overrides, field, message
):
    response = client.post(url(objective), update_form(owner, **overrides))
    assert response.status_code == 400
    html = response.content.decode()
    errors = re.search(rf'<ul class="field__errors" id="id_{field}_error">(.*?)</ul>', html, re.S)
    assert errors and message in errors.group(1)
    assert not ProgressUpdate.objects.exists()


def test_a_count_must_be_a_whole_number(client, staff, owner):
    objective = ObjectiveFactory(
        owners=[owner], indicator=IndicatorFactory(unit=Indicator.Unit.COUNT)
    )
    response = client.post(url(objective), update_form(owner, value="2.5"))
    assert response.status_code == 400
    assert "Enter a whole number." in response.content.decode()


def test_partners_only_updates_never_reach_the_public(client, owner, objective):
    progress_update(objective, organization=owner, status="on_track", narrative="Public news")
    progress_update(
        objective,
        organization=owner,
        status="at_risk",
        narrative="Budget gap, between us",
        visibility=ProgressUpdate.Visibility.PARTNERS,
    )
    pages = [
        objective.get_absolute_url(),
        objective.initiative.get_absolute_url(),
        "/partners/edvestors/",
    ]
    member = verified("member@example.org")
    for viewer in (None, member):
        client.logout()
        if viewer:
            client.force_login(viewer)
        for page in pages:
            html = client.get(page).content.decode()
            assert "Budget gap" not in html and "At risk" not in html, page
    staff = verified("staff-b@example.org")
    join_staff(OrganizationFactory(), staff)
    lead = verified("lead@example.org", is_coalition_lead=True)
    for viewer in (staff, lead):
        client.force_login(viewer)
        html = client.get(objective.get_absolute_url()).content.decode()
        assert "Budget gap, between us" in html and "Partners only" in html
        assert "At risk" in client.get(objective.initiative.get_absolute_url()).content.decode()


def test_a_correction_is_a_new_update_and_the_old_one_stays(client, staff, owner, objective):
    first = progress_update(objective, organization=owner, narrative="Wrong")
    client.post(url(objective), update_form(owner, narrative_en="Right", corrects=first.pk))
    assert ProgressUpdate.objects.count() == 2
    first.refresh_from_db()
    assert first.narrative == "Wrong"
    correction = ProgressUpdate.objects.get(narrative_en="Right")
    assert correction.corrects == first
    assert (
        "This corrects the update of" in client.get(objective.get_absolute_url()).content.decode()
    )


def test_a_correction_must_correct_an_update_of_the_same_objective(client, staff, owner, objective):
    elsewhere = progress_update(ObjectiveFactory())
    response = client.post(url(objective), update_form(owner, corrects=elsewhere.pk))
    assert response.status_code == 400
    assert not ProgressUpdate.objects.filter(objective=objective).exists()


def test_updates_cannot_be_edited_or_deleted_anywhere(rf, superuser):
    update = progress_update(ObjectiveFactory())
    for path in (
        f"/initiatives/objectives/{update.objective.slug}/update/{update.pk}/",
        f"/initiatives/updates/{update.pk}/edit/",
        f"/initiatives/updates/{update.pk}/delete/",
    ):
        with pytest.raises(Resolver404):
            resolve(path)
    model_admin = admin.site._registry[ProgressUpdate]
    request = rf.get("/admin/")
    request.user = superuser
    assert not model_admin.has_change_permission(request, update)
    assert not model_admin.has_delete_permission(request, update)
    assert not model_admin.has_add_permission(request)


def test_a_lead_may_post_for_the_network_as_a_whole(client, objective):
    lead = verified("lead@example.org", is_coalition_lead=True)
    client.force_login(lead)
    response = client.post(url(objective), update_form(None, organization=""))
    assert response.status_code == 302
    assert ProgressUpdate.objects.get().organization is None


def test_the_update_form_runs_the_same_queries_whatever_the_history(
    client, staff, owner, objective
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        client.get(url(objective))  # the first reads the person's roles into the cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(objective)).status_code == 200
        return len(queries)

    for _ in range(2):
        progress_update(objective, organization=owner)
    MilestoneFactory.create_batch(2, objective=objective)
    small = count()
    for _ in range(20):
        progress_update(objective, organization=owner)
    MilestoneFactory.create_batch(10, objective=objective)
    assert count() == small
