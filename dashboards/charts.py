"""The dashboard's bar charts laid out to read on a phone: each bar's label written whole above
it (wrapped, never cut), and an SVG drawn at its own size in CSS pixels, so its text is never
scaled below 12 px (a wide chart scrolls sideways in its frame instead of shrinking).

The bars' lengths come from coalition.charts; this only places them.
"""

import textwrap
from dataclasses import dataclass

from coalition import charts

WIDTH = 340  # fits a phone's screen beside the page's margins
VALUE_ROOM = 72  # for the value written after the longest bar
LINE = 16  # height of a line of label text (13 px type)
BAR = charts.BAR
GAP = 10  # between one row and the next
LABEL_CHARS = 44  # characters of a label line at 13 px in the chart's width


@dataclass(frozen=True)
class Line:
    text: str
    y: float


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    color: str
    label: str


@dataclass(frozen=True)
class Row:
    lines: list[Line]
    bar_y: float
    segments: list[Segment]
    text: str
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Layout:
    rows: list[Row]
    width: int
    height: int
    reference_x: float | None
    legend: list


def lay_out(chart: charts.BarChart) -> Layout:
    plot = charts.WIDTH - charts.LABEL_WIDTH - charts.VALUE_ROOM
    scale = (WIDTH - VALUE_ROOM) / plot

    def x_of(x):
        return round((x - charts.LABEL_WIDTH) * scale, 1)

    rows, y = [], charts.TOP
    for row in chart.rows:
        wrapped = textwrap.wrap(row.label, LABEL_CHARS) or [""]
        lines = [Line(text, y + LINE * (index + 1) - 4) for index, text in enumerate(wrapped)]
        bar_y = y + LINE * len(lines) + 2
        segments = [
            Segment(x_of(s.x), round(s.width * scale, 1), s.color, s.label)
            for s in row.segments
            if s.width
        ]
        end = x_of(row.end - 6)
        rows.append(
            Row(
                lines=lines,
                bar_y=bar_y,
                segments=segments,
                text=row.text,
                text_x=end + 6,
                text_y=bar_y + BAR - 3,
            )
        )
        y = bar_y + BAR + GAP
    return Layout(
        rows=rows,
        width=WIDTH,
        height=int(y),
        reference_x=x_of(chart.reference_x) if chart.reference_x is not None else None,
        legend=chart.legend,
    )
