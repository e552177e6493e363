"""The tables of the leads' dashboard, and the cells in them.

Each panel's table is a `Table` that the page, the board packet and the CSV export all draw
from, so they cannot disagree. A list comes with its full count in the same query (a window
count) and shows its first rows; the export writes every row.

Small-cell protection: a count of people from 1 to 4 is written "fewer than 5" everywhere,
together with anything it could be worked out from (a rate, or a total beside one hidden cell).
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition import charts
from coalition.smallcounts import FEWER, SMALL, Fewer, people  # noqa: F401 (the panels read them here)
from coalition.spreadsheets import safe_cell
from coalition.translation import Localized

NARRATIVE_CHARS = 200  # of an update's narrative on the page and in the packet; the CSV has it all
LIST_ROWS = 10  # rows of a list shown on the page; the export has them all
GROUPS_SHOWN = 12  # initiatives or communities in a grouped table on the page
LINKS_SHOWN = 5  # links in one cell on the page (a theme's sessions); the export has them all


# -- cells --


@dataclass(frozen=True)
class Link:
    text: str | Localized  # a Localized text carries its language to the page
    url: str

    def __str__(self):
        return str(self.text)


@dataclass(frozen=True)
class Texts:
    """Several names in one cell (an objective's owners), each in its own language."""

    items: list[str | Localized]

    def __str__(self):
        return ", ".join(str(item) for item in self.items)


@dataclass(frozen=True)
class Source:
    """Who states a row's figure or fact, the day it is as of, and whether it is an example
    (shows how the portal works; did not happen). One cell on the page (the badge, the source
    and the date), three columns in the CSV: source, as of, example."""

    source: str
    as_of: dt.date | None = None
    is_example: bool = False
    source_url: str = ""
    # The language the source is named in: "en" for a row's own source (named as it
    # publishes), an organization's name's language, "" for words of the page's own.
    source_lang: str = ""

    def __str__(self):
        return str(self.source)


@dataclass(frozen=True)
class Narrative:
    """What an update says: its first NARRATIVE_CHARS characters on the page and in the packet,
    all of it in the CSV; a `Localized` text keeps its language."""

    text: str | Localized

    def __str__(self):
        return str(self.text)

    @property
    def shown(self) -> str:
        text = str(self.text)
        if len(text) <= NARRATIVE_CHARS:
            return text
        return text[: NARRATIVE_CHARS - 1].rstrip() + "\u2026"


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


@dataclass(frozen=True)
class Percent:
    value: int

    def __str__(self):
        return _("%(number)s%%") % {"number": self.value}


@dataclass(frozen=True)
class Links:
    """Several links in one cell. On the page a cell lists the first LINKS_SHOWN and says how
    many `more` there are (the export, read with no limit, lists them all)."""

    items: list[Link]
    more: int = 0

    @classmethod
    def first(cls, links: list[Link], limit: int | None) -> "Links":
        if limit is None or len(links) <= limit:
            return cls(links)
        return cls(links[:limit], more=len(links) - limit)

    def __str__(self):
        return "; ".join(link.text for link in self.items)


def rate(part: int | None, whole: int | None, *, whole_is_people: bool = True):
    """part/whole as a percentage; hidden when either is a small count of people (a capacity
    is a count of seats, public on the event's page)."""
    if not whole:
        return None
    if people(part) is FEWER or (whole_is_people and people(whole) is FEWER):
        return FEWER
    return Percent(round(100 * (part or 0) / whole))


def protect(matrix: dict[str, dict], columns: list) -> dict[str, dict]:
    """Small cells hidden, and one more cell in a column where a single hidden cell could be
    worked out from the column's total (shown in the chart)."""
    shown = {
        row: {col: people(cells.get(col, 0)) for col in columns} for row, cells in matrix.items()
    }
    for col in columns:
        hidden = [row for row in shown if shown[row][col] is FEWER]
        if len(hidden) == 1:
            others = [
                (matrix[row].get(col, 0), row)
                for row in shown
                if row not in hidden and matrix[row].get(col, 0)
            ]
            if others:
                shown[min(others)[1]][col] = FEWER
    return shown


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Percent):
        return str(value.value)
    if isinstance(value, Links):
        return safe_cell(str(value))
    return safe_cell(value)


def csv_cells(value) -> list[str]:
    """A cell as it is written in the CSV: a source is three columns."""
    if isinstance(value, Source):
        return [safe_cell(value.source), csv_cell(value.as_of), yes_no(value.is_example)]
    return [csv_cell(value)]


# -- tables --


@dataclass(frozen=True)
class Column:
    label: str | Localized
    numeric: bool = False
    source: bool = False  # a Source cell: three columns in the CSV

    @property
    def csv_labels(self) -> list[str]:
        if self.source:
            return [_("Source"), _("As of"), _("Example")]
        return [str(self.label)]


def source_column() -> Column:
    return Column(_("Source"), source=True)


@dataclass
class Table:
    name: str  # its name in the export URL
    caption: str
    columns: list[Column]
    rows: Iterable[list]
    total: int = 0  # rows in all; the page may show fewer
    chart: charts.BarChart | None = None
    chart_title: str = ""
    chart_description: str = ""
    note: str = ""
    anchor: str = ""  # the id of its heading, where several tables share a name
    # The filters that do not apply to it, and why: said on the page, in the packet and in the
    # CSV's first line.
    not_applied: str = ""
    pages: Page | None = None  # a table paged through on the page, `?<page_param>=<n>`
    page_param: str = ""
    has_example: bool = False  # a figure in it is counted from example rows
    source: Source | None = None  # one source for the whole table, said under it

    def __post_init__(self):
        self.anchor = self.anchor or self.name

    @property
    def csv_header(self) -> list[str]:
        return [label for column in self.columns for label in column.csv_labels]

    def csv_row(self, row) -> list[str]:
        return [text for value in row for text in csv_cells(value)]

    @cached_property
    def shared_source(self) -> Source | None:
        """The Source every row names, when each names the same one (who states it, as of
        when, whether an example): the page says it once, under the table, and leaves its
        column out; the packet too. The CSV keeps it on every row."""
        index = next((i for i, column in enumerate(self.columns) if column.source), None)
        if index is None or not isinstance(self.rows, list) or not self.rows:
            return None
        first = self.rows[0][index]
        if isinstance(first, Source) and all(row[index] == first for row in self.rows):
            return first
        return None

    @property
    def said_source(self) -> Source | None:
        """What the page says under the table: its one source, or the one all rows share."""
        return self.source or self.shared_source

    @cached_property
    def _shown(self) -> list[bool]:
        """For each column, whether the page shows it: all but a shared source's."""
        return [self.shared_source is None or not column.source for column in self.columns]

    @property
    def shown_columns(self) -> list[Column]:
        """The columns the page shows: all but a source column whose rows all say the same."""
        return [column for column, shown in zip(self.columns, self._shown, strict=True) if shown]

    @property
    def aligned_rows(self):
        """Each row's cells as the page shows them (`shown_columns`), with whether its column
        holds figures (aligned right)."""
        numeric = [column.numeric for column in self.columns]
        return [
            [
                (value, figures)
                for value, figures, shown in zip(row, numeric, self._shown, strict=True)
                if shown
            ]
            for row in self.rows
        ]

    @property
    def shown(self) -> int:
        return len(self.rows) if isinstance(self.rows, list) else self.total

    @property
    def more(self) -> int:
        return max(self.total - self.shown, 0)


def columns_of(*labels, numeric=()) -> list[Column]:
    """Columns by their labels (a `Localized` one keeps its language); `numeric` holds the
    positions of those with figures."""
    return [
        Column(label if isinstance(label, Localized) else str(label), index in numeric)
        for index, label in enumerate(labels)
    ]


# -- rows --


def first_rows(queryset, limit: int | None, row: Callable[..., list]):
    """Rows of a table, one per object: the first `limit` and the number of all of them in one
    query; or every row, lazily, and their number (one more query) when `limit` is None."""
    if limit is None:
        return (row(obj) for obj in queryset.iterator(chunk_size=500)), queryset.count()
    found = list(queryset.annotate(rows_in_all=Window(Count("pk")))[:limit])
    return [row(obj) for obj in found], found[0].rows_in_all if found else 0


def page_rows(queryset, page, per_page: int, row: Callable[..., list]):
    """One page of a list's rows, and the Paginator page (two queries: the count, the rows)."""
    page_obj = Paginator(queryset, per_page).get_page(page)
    return [row(obj) for obj in page_obj.object_list], page_obj


def largest_groups(groups, field: str, limit: int | None, *, ties: str | None = None):
    """The values of `field` in the `limit` largest groups (by their count; `ties` in order),
    and how many groups there are, in one query; None and 0 when every group is wanted."""
    if limit is None:
        return None, 0
    ranked = list(
        groups.values(field)
        .annotate(n=Count("pk"), groups_in_all=Window(Count(field)))
        .order_by("-n", ties or field)[:limit]
    )
    return [row[field] for row in ranked], ranked[0]["groups_in_all"] if ranked else 0
