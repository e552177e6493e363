"""The open data's tables, in one registry that the API (opendata.api), its URLs, the CSV files
and the /open-data/ page all read.

A table is its rows (a function returning a queryset of public rows only, with what its
serializer reads already joined or prefetched), its serializer (the columns: every field with
a label and a help text, which the schema and the page show), its FilterSet (the same filters
as the portal's pages where there is one) and the version scopes of the data it shows
(coalition.versions), under which its answers are cached. Adding a table is a serializer, its
rows and one `register` call in opendata/catalog.py (this app is on the top floor: it imports
the apps, never the reverse):

    register(Table(
        name="resources",
        title=_("Resources"),
        description=_("Recordings, slides, briefs and reports anyone may open."),
        rows=public_resources,
        serializer=ResourceSerializer,
        filterset=ResourceFilter,
        scopes=("resources",),
    ))
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django_filters import FilterSet
from rest_framework import serializers

TABLES: dict[str, "Table"] = {}


@dataclass(frozen=True)
class Table:
    name: str  # in the URL: /api/v1/<name>/ and /api/v1/<name>.csv
    title: str
    description: str
    rows: Callable[[], QuerySet]
    serializer: type[serializers.Serializer]
    filterset: type[FilterSet] | None = None
    scopes: tuple[str, ...] = ()
    # Said on the /open-data/ page under the table (what is left out, how rows are ordered).
    notes: tuple[str, ...] = field(default=())

    def filter_names(self) -> list[str]:
        return list(self.filterset.base_filters) if self.filterset else []

    def columns(self) -> list[tuple[str, serializers.Field]]:
        """The serializer's fields in order: the JSON keys and the CSV header."""
        return list(self.serializer().fields.items())


def register(table: Table) -> Table:
    if table.name in TABLES and TABLES[table.name] != table:
        raise ValueError(f"Two open data tables are named {table.name!r}.")
    TABLES[table.name] = table
    return table
