"""The demo writes its registrations as they stood: every event's seat counter follows them,
after a full load and after --facts-only removes the examples."""

from io import StringIO

import pytest
from django.core.management import call_command

from events import services
from events.models import Event

pytestmark = pytest.mark.django_db


def test_the_demo_leaves_every_seat_counter_equal_to_its_count(load_demo):
    load_demo()
    assert services.seats_miscounted() == []
    assert Event.objects.filter(seats_taken__gt=0).exists()
    out = StringIO()
    call_command("seats_check", stdout=out)
    assert "Every seat counter equals" in out.getvalue()

    call_command("load_demo", "--facts-only", verbosity=0)
    assert services.seats_miscounted() == []
