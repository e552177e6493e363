"""The open data API: one read-only list view per table (opendata.tables), its CSV twin, the
root that lists them and the OpenAPI schema.

Every answer goes through `served`: the address's rate limit first (DRF's throttle, counted in
the project's shared cache, so a cached answer is counted too), then the shared page cache
(coalition.pagecache.public_page, under the table's version scopes: a change shows on the next
request; ETag and 304), then the view. Wrong input is a 400 that names it: an unknown query
parameter, a filter value that is not one of its choices, a page size over the maximum.
"""

from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from coalition.http import csv_response
from coalition.pagecache import public_page
from opendata.tables import TABLES, Table

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
# A CSV file holds this many rows at most (more: ask for the next `page`).
CSV_PAGE_SIZE = 5000

LICENCE = gettext_lazy(
    "Open data of the coalition network. Reuse it freely, naming the coalition's open data and "
    "the source each row gives (its source and as-of date). Rows marked as examples did not "
    "happen: do not cite them."
)


class TablePagination(PageNumberPagination):
    """`?page=` and `?page_size=` (PAGE_SIZE by default, MAX_PAGE_SIZE at most: more is a 400
    that says so, never a silently shorter page)."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        asked = request.query_params.get(self.page_size_query_param)
        if asked is None:
            return self.page_size
        try:
            size = int(asked)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("The page size must be a whole number from 1 to %(max)s.")
                        % {"max": self.max_page_size}
                    ]
                }
            )
        return size


class CsvPagination(TablePagination):
    page_size = CSV_PAGE_SIZE
    max_page_size = CSV_PAGE_SIZE


class AddressThrottle(SimpleRateThrottle):
    """Requests per client address (DRF's `get_ident`: REMOTE_ADDR, or the address the trusted
    proxies saw), at OPEN_DATA_RATE_LIMIT, read when counted so a test may change it."""

    scope = "opendata"

    def get_rate(self):
        return settings.OPEN_DATA_RATE_LIMIT

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def too_many_requests(wait: float | None) -> JsonResponse:
    seconds = max(1, round(wait or 1))
    response = JsonResponse(
        {
            "detail": _(
                "Too many requests from your address. Please wait %(seconds)s seconds and try "
                "again."
            )
            % {"seconds": seconds},
            "retry_after": seconds,
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def served(view, *scopes: str):
    """`view` rate limited per address, then shared from the page cache under `scopes`."""

    def rendered(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()  # the page cache keeps the body
        return response

    cached = public_page(*scopes)(wraps(view)(rendered))

    @wraps(cached)
    def limited(request, *args, **kwargs):
        throttle = AddressThrottle()
        if not throttle.allow_request(request, None):
            return too_many_requests(throttle.wait())
        return cached(request, *args, **kwargs)

    return limited


class TableView(ListAPIView):
    """A page of a table's rows as JSON: `count`, `next`, `previous` and `results`."""

    table: Table
    pagination_class = TablePagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = None
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return self.table.rows()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        allowed = {"page", "page_size", *self.table.filter_names()}
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            raise ValidationError(
                {
                    "unknown_parameters": [
                        _("Unknown query parameters: %(names)s. This table takes: %(allowed)s.")
                        % {"names": ", ".join(unknown), "allowed": ", ".join(sorted(allowed))}
                    ]
                }
            )


class TableCsvView(TableView):
    """The same rows as the JSON, for the same query, as a CSV file (CSV_PAGE_SIZE rows a file):
    one column per JSON key, lists joined by "; ", every cell safe for a spreadsheet."""

    pagination_class = CsvPagination

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        rows = self.paginate_queryset(queryset)
        data = self.get_serializer(rows, many=True).data
        columns = [name for name, _field in self.table.columns()]
        lines = [columns, *([cell(row[name]) for name in columns] for row in data)]
        return csv_response(lines, filename=f"{self.table.name}.csv")


def cell(value) -> str:
    """A JSON value as a CSV cell: a list joined by "; " (an object as its values, by " ")."""
    if isinstance(value, list):
        return "; ".join(cell(item) for item in value)
    if isinstance(value, dict):
        return " ".join(cell(item) for item in value.values() if item not in (None, ""))
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def table_views(table: Table):
    """The JSON view and the CSV view of `table`, served (rate limit, cache)."""
    name = "".join(part.title() for part in table.name.split("_"))
    documented = extend_schema_view(
        get=extend_schema(
            summary=str(table.title), description=str(table.description), tags=["open data"]
        )
    )
    json_class = type(
        f"{name}View",
        (TableView,),
        {
            "table": table,
            "serializer_class": table.serializer,
            "filterset_class": table.filterset,
            "__doc__": str(table.description),
        },
    )
    json_class = documented(json_class)
    csv_class = type(
        f"{name}CsvView",
        (TableCsvView,),
        {
            "table": table,
            "serializer_class": table.serializer,
            "filterset_class": table.filterset,
        },
    )
    csv_class = extend_schema(exclude=True)(csv_class)
    return (
        served(json_class.as_view(), *table.scopes),
        served(csv_class.as_view(), *table.scopes),
    )


class RootView(APIView):
    """The tables of the open data, with their addresses."""

    http_method_names = ["get", "head", "options"]

    @extend_schema(
        summary="The open data's tables",
        tags=["open data"],
        responses=inline_serializer(
            "Root",
            {
                "tables": serializers.DictField(
                    child=serializers.DictField(child=serializers.CharField()),
                    help_text="Each table by name: its title, description, JSON and CSV "
                    "addresses and filters.",
                ),
                "schema": serializers.URLField(help_text="The OpenAPI schema."),
                "documentation": serializers.URLField(help_text="The page that explains it."),
                "licence": serializers.CharField(help_text="How the data may be reused."),
            },
        ),
    )
    def get(self, request):
        if request.query_params:
            raise ValidationError(
                {
                    "unknown_parameters": [
                        _("Unknown query parameters: %(names)s. This address takes none.")
                        % {"names": ", ".join(sorted(request.query_params))}
                    ]
                }
            )

        def absolute(name, **kwargs):
            return request.build_absolute_uri(reverse(name, kwargs=kwargs))

        return Response(
            {
                "tables": {
                    table.name: {
                        "title": str(table.title),
                        "description": str(table.description),
                        "url": absolute(f"opendata:{table.name}"),
                        "csv": absolute(f"opendata:{table.name}_csv"),
                        "filters": ", ".join(table.filter_names()),
                    }
                    for table in TABLES.values()
                },
                "schema": absolute("opendata:schema"),
                "documentation": absolute("opendata:index"),
                "licence": str(LICENCE),
            }
        )


root = served(RootView.as_view())
schema = served(SpectacularJSONAPIView.as_view())
