"""Provenance of what a page derives from rows: who states it, and whether it is an example.

`templates/partials/provenance.html` reads `source`, `source_url`, `is_example` and
`source_lang` (the language the source is named in; "" for the page's own) from its `item`.
A row that is a `coalition.models.Provenance` is passed as it is; a figure a page derives (an
objective's status from its latest update, an update credited to its organization when it
names no source) is passed as a `Cited`.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Cited:
    source: str = ""
    source_url: str = ""
    is_example: bool = False
    source_lang: str = "en"  # sources are named in English; "" for a text in the page's language


def cited(item, *, reporter="") -> Cited:
    """The provenance of `item`, its source falling back to `reporter` (the organization or
    person whose report it is: a name, or a `Localized` one with its language) when it names
    none."""
    if item.source:
        return Cited(item.source, item.source_url, item.is_example, item.source_lang)
    return Cited(
        source=str(reporter),
        is_example=item.is_example,
        source_lang=getattr(reporter, "lang", ""),
    )
