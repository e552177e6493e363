"""Reads behind the CSV exports: every row of one table, written line by line."""

import csv
import io
from collections.abc import Iterator

from dashboards.panels import TABLES
from dashboards.scope import Scope
from dashboards.tables import Table


def export_lines(table: Table) -> Iterator[str]:
    """The CSV of a table, line by line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush():
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

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
