"""The leads' dashboard rendered once per snapshot: its headline figures and panels as HTML,
kept in the shared cache and reused by every view of the same snapshot.

A snapshot's panels never change for its row, stamp and computed time (dashboards.services
writes a new stamp and time with every computation), so its HTML is keyed on them, the
language and time zone it is written in, and the query string its links carry (an export's
filters, a page's neighbours). Nothing personal is in it: the forms of the page (the refresh
button with its CSRF token, the filters) and the "as of" line (which says "today") are rendered
on every request, outside it. While Redis is unreachable, or for a snapshot not stored, it is
rendered on the request.
"""

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from coalition.cache import shared_cache_away

# The key is exact; this only lets the HTML of snapshots no longer viewed leave the cache.
HTML_TIMEOUT = 60 * 60


def cache_key(request, snapshot) -> str:
    query = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:16]
    return ":".join(
        (
            "dashboard-html",
            str(snapshot.pk),
            snapshot.key,
            snapshot.stamp,
            snapshot.computed_at.isoformat(),
            translation.get_language(),
            timezone.get_current_timezone_name(),
            query,
        )
    )


# What dashboards.snapshot.page_panels gives the templates.
PANELS_CONTEXT = ("panels", "indicators", "headline")


def _rendered(request, snapshot, scope, panels) -> dict:
    context = {
        "scope": scope,
        "snapshot": snapshot,
        **{name: panels[name] for name in PANELS_CONTEXT},
    }
    return {
        "headline_html": render_to_string("dashboards/_headline.html", context, request=request),
        "panels_html": render_to_string("dashboards/_panels.html", context, request=request),
    }


def dashboard_html(request, snapshot, scope, panels) -> dict:
    """`headline_html` and `panels_html` of the snapshot's view, from the cache when they are
    there; else rendered from `panels` (its decoded panels, read only then)."""
    if snapshot.pk is None or not snapshot.stamp or shared_cache_away():
        html = _rendered(request, snapshot, scope, panels)
    else:
        key = cache_key(request, snapshot)
        html = cache.get(key)
        if html is None:
            html = _rendered(request, snapshot, scope, panels)
            cache.set(key, html, HTML_TIMEOUT)
    # Rendered by our templates (autoescaped) on this or an earlier request.
    return {name: mark_safe(value) for name, value in html.items()}  # nosec B308 B703
