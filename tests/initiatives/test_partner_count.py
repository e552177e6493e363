"""Each initiative keeps its count of approved partner organizations: every write that changes
it (a lead's decision, the admin, a bulk load) leaves the count the pages show true."""

import re

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from initiatives.models import Initiative, InitiativePartner, PartnerRole
from partners.models import Organization
from tests.factories import (
    InitiativeFactory,
    InitiativePartnerFactory,
    OrganizationFactory,
    UserFactory,
    two_factor_lead,
)

pytestmark = pytest.mark.django_db


def live_counts() -> dict[str, int]:
    """What the partnerships say, counted now."""
    return dict(
        Initiative.objects.annotate(
            n=Count("partnerships", filter=Q(partnerships__organization__approved=True))
        ).values_list("slug", "n")
    )


def kept_counts() -> dict[str, int]:
    return dict(Initiative.objects.values_list("slug", "partner_count"))


def listed(client) -> dict[str, str]:
    """The initiatives list's "N partners" line, by initiative name."""
    html = client.get("/initiatives/").text
    return dict(
        re.findall(
            r'<a href="/initiatives/[^"]+/">([^<]+)</a>.*?<p class="meta">(\d+ partners?)',
            html,
            re.S,
        )
    )


def test_a_lead_approving_an_organization_counts_it_on_the_pages(client):
    lead = two_factor_lead()
    pathways = InitiativeFactory(name="Pathways", slug="pathways")
    waiting = OrganizationFactory(name="Sociedad Latina", approved=False, applied_by=UserFactory())
    InitiativePartnerFactory(initiative=pathways, organization=waiting)
    InitiativePartnerFactory(initiative=pathways)
    assert listed(client)["Pathways"] == "1 partner"  # the one awaiting a decision is not public

    client.force_login(lead)
    client.post(f"/partners/applications/{waiting.pk}/", {"decision": "approve"})
    client.logout()

    assert listed(client)["Pathways"] == "2 partners"
    assert kept_counts() == live_counts() == {"pathways": 2}


def test_the_admin_moving_and_deleting_partnerships_keeps_both_counts(client, superuser):
    first, second = InitiativeFactory(slug="first"), InitiativeFactory(slug="second")
    moved, kept = InitiativePartnerFactory.create_batch(2, initiative=first)
    client.force_login(superuser)

    response = client.post(
        f"/admin/initiatives/initiativepartner/{moved.pk}/change/",
        {"organization": moved.organization_id, "initiative": second.pk, "role": "partner"},
    )
    assert response.status_code == 302
    assert kept_counts() == {"first": 1, "second": 1}

    client.post(f"/admin/initiatives/initiativepartner/{kept.pk}/delete/", {"post": "yes"})
    assert kept_counts() == {"first": 0, "second": 1}

    # An organization deleted takes its partnerships, and its place in the count, with it.
    client.post(f"/admin/partners/organization/{moved.organization_id}/delete/", {"post": "yes"})
    assert not Organization.objects.filter(pk=moved.organization_id).exists()
    assert kept_counts() == live_counts() == {"first": 0, "second": 0}


def test_partners_added_and_removed_through_the_relation_are_counted():
    initiative = InitiativeFactory(slug="early-learning")
    approved, waiting = OrganizationFactory(), OrganizationFactory(approved=False)
    initiative.partners.add(approved, waiting, through_defaults={"role": PartnerRole.FUNDER})
    assert kept_counts() == {"early-learning": 1}

    approved.initiatives.remove(initiative)
    assert kept_counts() == {"early-learning": 0}

    waiting.approved = True
    waiting.save()
    assert kept_counts() == {"early-learning": 1}

    InitiativePartner.objects.filter(initiative=initiative).delete()
    assert kept_counts() == live_counts() == {"early-learning": 0}


def test_a_bulk_load_leaves_every_count_true():
    call_command("load_scale", factor=0.02, yes=True, verbosity=0)
    kept = kept_counts()
    assert kept == live_counts()
    assert max(kept.values()) > 2  # a large initiative among small ones: the counts differ
