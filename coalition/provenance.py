"""Provenance of what a page derives from rows: who states it, and whether it is an example.

`templates/partials/provenance.html` reads `source`, `source_url` and `is_example` from its
`item`. A row that is a `coalition.models.Provenance` is passed as it is; a figure a page derives
(an objective's status from its latest update, an update credited to its organization when it
names no source) is passed as a `Cited`.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Cited:
    source: str = ""
    source_url: str = ""
    is_example: bool = False


def cited(item, *, reporter: str = "") -> Cited:
    """The provenance of `item`, its source falling back to `reporter` (the organization or
    person whose report it is) when it names none."""
    return Cited(
        source=item.source or reporter,
        source_url=item.source_url if item.source else "",
        is_example=item.is_example,
    )
