"""Withdrawing a progress update: its author or a lead, within seven days, with a reason. It
leaves every public page, status and total; it stays in the audit log and, marked, in the
history that staff of the owner organizations and leads read. Milestones it closed reopen."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format

from coalition.models import AuditLog
from initiatives import tasks
from initiatives.models import Indicator, Objective, ProgressStatus, ProgressUpdate
from tests.factories import (
    DemonstrationSiteFactory,
    IndicatorFactory,
    MilestoneFactory,
    ObjectiveFactory,
    OrganizationFactory,
    join_staff,
    progress_update,
    two_factor_lead,
    verified_user,
)

pytestmark = pytest.mark.django_db


def days_ago(days: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


@pytest.fixture
def owner():
    return OrganizationFactory(name="Private Industry Council", slug="pic")


@pytest.fixture
def objective(owner):
    indicator = IndicatorFactory(
        name="Summer work placements", unit=Indicator.Unit.COUNT, maximum=Decimal(5000)
    )
    return ObjectiveFactory(
        title="Sustain summer work placements",
        slug="sustain-summer-work-placements",
        owners=[owner],
        indicator=indicator,
        initiative=indicator.initiative,
        update_cadence_days=30,
    )


@pytest.fixture
def author(owner):
    user = verified_user("author@example.org", name="Ana Author")
    join_staff(owner, user)
    return user


@pytest.fixture
def lead():
    # Withdrawing someone else's update is a power over their data: leads have two-factor.
    return two_factor_lead("lead@example.org", name="Lee Lead")


def url(update):
    return f"/initiatives/objectives/{update.objective.slug}/updates/{update.pk}/withdraw/"


def page(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, path
    return response.content.decode()


def history(objective, owner, author):
    """A standing update from three weeks ago and a wrong one posted yesterday that closed a
    milestone."""
    good = progress_update(
        objective,
        organization=owner,
        author=author,
        status=ProgressStatus.ON_TRACK,
        narrative="Placements confirmed with 40 employers.",
        value=Decimal(400),
        at=days_ago(21),
    )
    milestone = MilestoneFactory(objective=objective, title="Sign the employers")
    wrong = progress_update(
        objective,
        organization=owner,
        author=author,
        status=ProgressStatus.OFF_TRACK,
        narrative="Typo: every employer pulled out.",
        value=Decimal(380),
        milestones=[milestone],
        at=days_ago(1),
    )
    return good, wrong, milestone


def test_the_author_withdraws_an_update_and_it_leaves_every_public_page(
    client, owner, objective, author
):
    good, wrong, milestone = history(objective, owner, author)
    milestone.refresh_from_db()
    assert milestone.completed_by_update == wrong
    assert "Off track" in page(client, objective.get_absolute_url())

    client.force_login(author)
    html = page(client, objective.get_absolute_url())
    # One inline form per update the author may still withdraw: the recent one only.
    assert html.count("Withdraw this update") == 1
    assert f'action="{url(wrong)}"' in html and f'action="{url(good)}"' not in html
    assert f'<label for="withdrawal-reason-{wrong.pk}">' in html

    response = client.post(url(wrong), {"withdrawal_reason": "  Posted on the wrong objective. "})
    assert response.status_code == 302
    assert response["Location"] == f"{objective.get_absolute_url()}#update-{wrong.pk}"

    wrong.refresh_from_db()
    assert wrong.withdrawn_by == author
    assert wrong.withdrawal_reason == "Posted on the wrong objective."
    assert timezone.now() - wrong.withdrawn_at < dt.timedelta(minutes=1)
    entry = AuditLog.objects.get(action="progress_update.withdrawn")
    assert entry.actor == author
    assert entry.data == {
        "objective": objective.pk,
        "reason": "Posted on the wrong objective.",
        "milestones_reopened": [milestone.pk],
    }
    # The milestone it said was done is open again.
    milestone.refresh_from_db()
    assert (milestone.completed_on, milestone.completed_by_update) == (None, None)
    # The posting stays in the audit log too.
    assert AuditLog.objects.filter(action="progress.posted", object_id=str(wrong.pk)).exists()

    client.logout()
    public = [
        objective.get_absolute_url(),
        objective.initiative.get_absolute_url(),
        "/initiatives/",
        "/partners/pic/",
    ]
    for path in public:
        html = page(client, path)
        assert "every employer pulled out" not in html, path
        assert "Off track" not in html, path
        assert "Withdrawn" not in html, path
    # The status is the standing update's again.
    assert "On track" in page(client, objective.get_absolute_url())
    assert "figure: 400" in page(client, objective.initiative.get_absolute_url())


def test_the_partners_history_shows_the_withdrawn_update_marked_with_reason_and_date(
    client, owner, objective, author, lead
):
    _good, wrong, _milestone = history(objective, owner, author)
    client.force_login(lead)
    assert client.post(url(wrong), {"withdrawal_reason": "Duplicate."}).status_code == 302
    wrong.refresh_from_db()
    withdrawn_on = date_format(timezone.localtime(wrong.withdrawn_at), "DATE_FORMAT")
    for viewer in (author, lead):
        client.force_login(viewer)
        html = page(client, objective.get_absolute_url())
        card = re.search(
            rf'<li class="card card--withdrawn" id="update-{wrong.pk}">(.*?)</li>', html, re.S
        )
        assert card, viewer
        text = card.group(1)
        assert "every employer pulled out" in text
        assert "Withdrawn" in text and f"on {withdrawn_on}" in text and "by Lee Lead" in text
        assert "Why: Duplicate." in text
        assert "Withdraw this update" not in text
        # Its status no longer counts, even for them.
        assert 'status--on_track">On track</span> <span class="meta">' in html
    # Staff of an organization that does not own the objective see partners-only updates, not
    # the withdrawn ones.
    other = verified_user("other@example.org")
    join_staff(OrganizationFactory(), other)
    client.force_login(other)
    assert "every employer pulled out" not in page(client, objective.get_absolute_url())


def test_a_withdrawn_update_no_longer_keeps_the_objective_fresh(client, owner, objective, author):
    progress_update(objective, organization=owner, author=author, at=days_ago(40))
    recent = progress_update(objective, organization=owner, author=author, at=days_ago(2))
    assert not Objective.objects.with_cadence().get().is_stale
    client.force_login(author)
    client.post(url(recent), {"withdrawal_reason": "Wrong objective."})
    assert Objective.objects.with_cadence().get().is_stale
    assert "Update overdue since" in page(client, objective.get_absolute_url())


def test_a_lead_may_withdraw_anyones_update(client, owner, objective, author, lead):
    update = progress_update(objective, organization=owner, author=author)
    client.force_login(lead)
    assert "Withdraw this update" in page(client, objective.get_absolute_url())
    html = page(client, url(update))
    assert "Withdraw an update" in html and 'name="withdrawal_reason"' in html
    assert client.post(url(update), {"withdrawal_reason": "Not ours to say."}).status_code == 302
    update.refresh_from_db()
    assert update.withdrawn_by == lead


def test_someone_else_is_refused(client, owner, objective, author):
    update = progress_update(objective, organization=owner, author=author)
    colleague = verified_user("colleague@example.org")
    join_staff(owner, colleague)
    client.force_login(colleague)
    assert "Withdraw this update" not in page(client, objective.get_absolute_url())
    for response in (
        client.get(url(update)),
        client.post(url(update), {"withdrawal_reason": "I disagree."}),
    ):
        assert response.status_code == 403
    update.refresh_from_db()
    assert update.withdrawn_at is None
    assert not AuditLog.objects.filter(action="progress_update.withdrawn").exists()
    client.logout()
    response = client.post(url(update), {"withdrawal_reason": "Anonymous."})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_partners_only_update_is_not_found_by_those_who_may_not_read_it(
    client, owner, objective, author
):
    update = progress_update(
        objective, organization=owner, author=author, visibility=ProgressUpdate.Visibility.PARTNERS
    )
    client.force_login(verified_user("member@example.org"))
    assert client.get(url(update)).status_code == 404
    assert (
        client.get(f"/initiatives/objectives/other/updates/{update.pk}/withdraw/").status_code
        == 404
    )


def test_after_seven_days_the_author_is_told_to_post_a_correction(client, owner, objective, author):
    update = progress_update(objective, organization=owner, author=author, at=days_ago(7.01))
    client.force_login(author)
    assert "Withdraw this update" not in page(client, objective.get_absolute_url())
    html = page(client, url(update))
    assert "within seven days of posting" in html and 'name="withdrawal_reason"' not in html
    response = client.post(url(update), {"withdrawal_reason": "Too late?"})
    assert response.status_code == 400
    html = response.content.decode()
    errors = re.search(
        r'<div class="form-errors" id="form-errors" tabindex="-1">(.*?)</div>', html, re.S
    )
    assert "within 7 days of posting" in errors.group(1)
    assert "Post a correction instead." in errors.group(1)
    update.refresh_from_db()
    assert update.withdrawn_at is None
    assert not AuditLog.objects.filter(action="progress_update.withdrawn").exists()


def test_just_inside_the_window_it_may_still_be_withdrawn(client, owner, objective, author):
    update = progress_update(objective, organization=owner, author=author, at=days_ago(6.99))
    client.force_login(author)
    assert client.post(url(update), {"withdrawal_reason": "Wrong."}).status_code == 302


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(client, owner, objective, author, reason):
    update = progress_update(objective, organization=owner, author=author)
    client.force_login(author)
    response = client.post(url(update), {"withdrawal_reason": reason})
    assert response.status_code == 400
    html = response.content.decode()
    errors = re.search(
        r'<ul class="field__errors" id="id_withdrawal_reason_error">(.*?)</ul>', html, re.S
    )
    assert errors and "Say why the update is withdrawn." in errors.group(1)
    update.refresh_from_db()
    assert update.withdrawn_at is None and update.withdrawal_reason == ""
    assert not AuditLog.objects.filter(action="progress_update.withdrawn").exists()


def test_an_update_is_withdrawn_once(client, owner, objective, author):
    update = progress_update(objective, organization=owner, author=author)
    client.force_login(author)
    client.post(url(update), {"withdrawal_reason": "First."})
    response = client.post(url(update), {"withdrawal_reason": "Second."})
    assert response.status_code == 400
    assert "This update is already withdrawn." in response.content.decode()
    update.refresh_from_db()
    assert update.withdrawal_reason == "First."
    assert AuditLog.objects.filter(action="progress_update.withdrawn").count() == 1


def test_a_withdrawn_update_cannot_be_corrected_nor_set_the_last_figure(
    client, owner, objective, author
):
    first = progress_update(objective, organization=owner, author=author, value=Decimal(400))
    typo = progress_update(
        objective, organization=owner, author=author, value=Decimal(4000), confirmed=True
    )
    client.force_login(author)
    client.post(url(typo), {"withdrawal_reason": "Extra zero."})
    form = page(client, f"{objective.get_absolute_url()}update/")
    assert f'<option value="{first.pk}"' in form and f'<option value="{typo.pk}"' not in form
    # 410 is measured against the standing 400, not the withdrawn 4000: no tick needed.
    response = client.post(
        f"{objective.get_absolute_url()}update/",
        {
            "organization": owner.pk,
            "status": "on_track",
            "value": "410",
            "language": "en",
            "narrative_en": "The right figure.",
            "visibility": "public",
        },
    )
    assert response.status_code == 302


def test_my_data_keeps_my_withdrawn_updates_marked(client, owner, objective, author):
    update = progress_update(objective, organization=owner, author=author, narrative="Mine.")
    client.force_login(author)
    client.post(url(update), {"withdrawal_reason": "Wrong objective."})
    response = client.post("/me/data/")
    [row] = json.loads(response.content)["progress_updates"]
    assert row["narrative"] == "Mine."
    assert row["withdrawn"] is not None
    assert row["withdrawal_reason"] == "Wrong objective."


def test_the_weekly_emails_leave_out_a_withdrawn_update(
    client, owner, objective, author, lead, django_capture_on_commit_callbacks
):
    """The leads' digest lists no withdrawn update; the staff hear the objective is stale when
    its only recent update was withdrawn."""
    progress_update(objective, organization=owner, author=author, at=days_ago(40))
    recent = progress_update(objective, organization=owner, author=author, at=days_ago(2))
    client.force_login(author)
    client.post(url(recent), {"withdrawal_reason": "Wrong objective."})
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_weekly_reporting_emails.delay().get() == 2
    to_lead = next(m for m in mail.outbox if m.to == ["lead@example.org"])
    to_staff = next(m for m in mail.outbox if m.to == ["author@example.org"])
    assert "0 progress updates were posted this week." in to_lead.body
    assert "Sustain summer work placements" in to_staff.body


def test_a_site_page_shows_the_standing_status(client, owner, objective, author):
    objective.site = DemonstrationSiteFactory(name="Boston")
    objective.save()
    _good, wrong, _milestone = history(objective, owner, author)
    assert "Off track" in page(client, objective.site.get_absolute_url())
    client.force_login(author)
    client.post(url(wrong), {"withdrawal_reason": "Wrong site."})
    client.logout()
    html = page(client, objective.site.get_absolute_url())
    assert "Off track" not in html and "On track" in html
