"""The leads' dashboard rendered once per snapshot: its headline figures and panels as HTML,
kept in the shared cache and reused by every view of the same snapshot.

A snapshot's panels never change for its row, stamp and computed time (dashboards.services
writes a new stamp and time with every computation), so its HTML is kept (coalition.fragments)
under them, the language and time zone it is written in, and the query string its links carry
(an export's filters, a page's neighbours): the filters and pages alone, so that any other
parameter (a tracking tag, a bookmark's leftovers) neither changes the links nor makes a copy.
Nothing personal is in it: the forms of the page (the refresh button with its CSRF token, the
filters) and the "as of" line (which says "today") are rendered on every request, outside it.
While Redis is unreachable, or for a snapshot not stored, it is rendered on the request.
"""

import copy
import re

from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from coalition import fragments
from dashboards.filters import DashboardFilter
from dashboards.services import PAGES

# The key is exact; this only lets the HTML of snapshots no longer viewed leave the cache.
HTML_TIMEOUT = 60 * 60

# A run of whitespace across lines: one newline says the same in HTML (no <pre>, no
# white-space: pre in the panels), and each view of the page carries a tenth less.
_BLANKS = re.compile(r"\s*\n\s*")

# What dashboards.snapshot.page_panels gives the templates.
PANELS_CONTEXT = ("panels", "indicators", "headline")


def _as_read(request):
    """The request with only the parameters the panels read: the filters and pages."""
    known = {*DashboardFilter.base_filters, *PAGES}
    query = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        if name in known:
            query.setlist(name, values)
    stand_in = copy.copy(request)
    stand_in.GET = query
    return stand_in


def _rendered(request, snapshot, scope, panels) -> dict:
    context = {
        "scope": scope,
        "snapshot": snapshot,
        **{name: panels[name] for name in PANELS_CONTEXT},
    }
    return {
        name: _BLANKS.sub("\n", render_to_string(template, context, request=request))
        for name, template in (
            ("headline_html", "dashboards/_headline.html"),
            ("panels_html", "dashboards/_panels.html"),
        )
    }


def dashboard_html(request, snapshot, scope, panels) -> dict:
    """`headline_html` and `panels_html` of the snapshot's view, from the cache when they are
    there; else rendered from `panels` (its decoded panels, read only then)."""
    # What the HTML was made from: the row, its stamp and computed time (none for a snapshot
    # not stored, which is rendered on the request).
    made = (
        f"{snapshot.pk}:{snapshot.stamp}:{snapshot.computed_at.isoformat()}"
        if snapshot.pk is not None and snapshot.stamp
        else None
    )
    request = _as_read(request)
    html = fragments.keep(
        "dashboard",
        made,
        (snapshot.key, timezone.get_current_timezone_name(), request.GET.urlencode()),
        lambda: _rendered(request, snapshot, scope, panels),
        timeout=HTML_TIMEOUT,
    )
    # Rendered by our templates (autoescaped) on this or an earlier request.
    return {name: mark_safe(value) for name, value in html.items()}  # nosec B308 B703
