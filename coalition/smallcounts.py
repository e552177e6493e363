"""Small-cell protection, for every page that counts people: a count from 1 to 4 is written
"fewer than 5", so that nobody can be picked out of a small group. The leads' dashboard
(dashboards.tables) and the organizers' feedback results share it."""

from django.utils.translation import gettext as _

SMALL = 5  # counts of people below this (and above zero) are not shown


class Fewer:
    """A count of people too small to show."""

    def __str__(self):
        return _("fewer than %(n)s") % {"n": SMALL}


FEWER = Fewer()


def people(count: int | None):
    """A count of people as it may be shown."""
    count = count or 0
    return FEWER if 0 < count < SMALL else count
