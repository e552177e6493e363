"""Helpers for tests that count what a page costs to render."""

from coalition import versions


def render_next_visit() -> None:
    """As after a write anywhere in the data: every kept page, public or a person's own, is
    rendered again on its next visit (coalition.pagecache), while the person's roles and
    session stay kept. For a query count of the page itself, not of its kept copy."""
    versions.bump(*versions.PERSONAL)
