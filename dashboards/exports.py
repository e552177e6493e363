"""Reads behind the CSV exports: every row of one table, written line by line."""

import csv
import datetime as dt
import io
from collections.abc import Iterator

from django.utils.translation import gettext as _

from dashboards.panels import TABLES
from dashboards.scope import Scope
from dashboards.tables import Table, csv_cell


def export_lines(table: Table, *, as_of: dt.datetime | None = None) -> Iterator[str]:
    """The CSV of a table, line by line; its first line says when the figures were computed
    (the snapshot the page shows, `as_of`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush():
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    if as_of:
        writer.writerow([_("Figures as of %(moment)s") % {"moment": csv_cell(as_of)}])
    if table.not_applied:
        writer.writerow([table.not_applied])
    writer.writerow(table.csv_header)
    yield flush()
    for row in table.rows:
        writer.writerow(table.csv_row(row))
        yield flush()


def export_table(name: str, scope: Scope) -> Table:
    """Every row of one table, lazily, with their number counted."""
    return TABLES[name](scope, limit=None)


def export_filename(name: str, scope: Scope) -> str:
    return f"{name}-{scope.today.isoformat()}.csv"
