"""/open-data/: the page that explains the open data's tables, their columns and filters, how
to cite them, small counts and rate limits, with links to each table's JSON and CSV."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from coalition.pagecache import public_page
from coalition.smallcounts import SMALL
from opendata import api
from opendata.tables import TABLES

# DRF reads a rate's period by its first letter ("120/minute", "1000/day").
PERIODS = {"s": _("second"), "m": _("minute"), "h": _("hour"), "d": _("day")}


def _filters(table):
    if table.filterset is None:
        return []
    return [(name, f.label) for name, f in table.filterset.base_filters.items()]


@require_safe
@public_page()
def index(request):
    tables = [
        {
            "table": table,
            "columns": [(name, field.label, field.help_text) for name, field in table.columns()],
            "filters": _filters(table),
        }
        for table in TABLES.values()
    ]
    rate, _slash, period = settings.OPEN_DATA_RATE_LIMIT.partition("/")
    return render(
        request,
        "opendata/index.html",
        {
            "tables": tables,
            "licence": api.LICENCE,
            "page_size": api.PAGE_SIZE,
            "max_page_size": api.MAX_PAGE_SIZE,
            "csv_page_size": api.CSV_PAGE_SIZE,
            "small": SMALL,
            "rate": rate,
            "period": PERIODS.get(period[:1], period),
        },
    )
