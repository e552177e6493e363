"""Helpers for tests that count what a page costs to render."""

import itertools

from django.test import Client

from coalition import versions

_visits = itertools.count()


def render_next_visit() -> None:
    """As after a write anywhere in the data: every kept page, public or a person's own, is
    rendered again on its next visit (coalition.pagecache), while the person's roles and
    session stay kept. For a query count of the page itself, not of its kept copy."""
    versions.bump(*versions.PERSONAL)


def at_new_address(url: str, client=None, **headers):
    """The response to `url` with a query parameter of its own: never a whole page kept for
    another address, as for a link with a tracking tag."""
    glue = "&" if "?" in url else "?"
    return (client or Client()).get(f"{url}{glue}visit={next(_visits)}", **headers)
