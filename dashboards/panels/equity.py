"""The equity indicators panel: each indicator at each site by student group, with the gaps
between groups and the trend, a page of them at a time; and every figure in long form for the
CSV."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Case, Count, F, Max, Min, Q, Value, When, Window
from django.db.models.functions import DenseRank
from django.utils import formats
from django.utils.translation import gettext as _

from coalition import charts
from coalition.translation import in_language, localized
from dashboards.scope import Scope
from dashboards.tables import FEWER, SMALL, Source, Table, columns_of, people, source_column
from initiatives.charts import format_value
from initiatives.models import Indicator, Measurement, StudentGroup

INDICATORS_PER_PAGE = 4
PERIODS_SHOWN = 4


@dataclass
class IndicatorByGroup:
    """One indicator at one site (or network-wide) by student group: each group over the
    latest periods, with its gaps. (initiatives.selectors.IndicatorView is another thing: one
    indicator's figures for all students over time, on the initiative's page.)"""

    indicator: Indicator
    site_name: str
    table: Table


def measurements_in_scope(scope: Scope):
    """The range applies to the period a figure is for."""
    return Measurement.objects.filter(
        scope.q(initiative="indicator__initiative", site="site", day="period_start")
    )


def organization_not_applied(scope: Scope) -> str:
    if not scope.organization:
        return ""
    return _(
        "The organization filter does not apply: figures are for a site or the whole network, "
        "not for one organization."
    )


def measurement_source(m: Measurement) -> Source:
    """Who states a figure and the day it is as of (its source's date, or its period's start)."""
    return Source(
        m.source or m.indicator.source or _("Not stated"),
        m.as_of or m.period_start,
        bool(m.is_example or m.indicator.is_example),
        m.source_url or m.indicator.source_url,
        source_lang=m.source_lang if m.source or m.indicator.source else "",
    )


def _gap(value, base, unit) -> str:
    """value - base with its sign (a true minus sign): "-12 points", "+$1,200", "+2 places"."""
    if value is None or base is None:
        return ""
    difference = Decimal(value) - Decimal(base)
    sign = "+" if difference > 0 else "\u2212" if difference < 0 else ""  # a minus sign
    if unit == Indicator.Unit.RANK:
        return _("%(number)s places") % {"number": f"{sign}{abs(difference):.0f}"}
    if unit == Indicator.Unit.PERCENT:
        places = max(0, -abs(difference).normalize().as_tuple().exponent)
        number = formats.number_format(abs(difference), decimal_pos=places, use_l10n=True)
        return _("%(number)s points") % {"number": sign + number}
    return sign + format_value(abs(difference), unit)


def _figure(value, unit, group):
    """A value as shown; a count of students in one group under five is hidden."""
    if value is None:
        return None
    if unit == Indicator.Unit.COUNT and group != StudentGroup.ALL and people(int(value)) is FEWER:
        return FEWER
    return format_value(value, unit)


def latest_periods(measurements):
    """Measurements of the latest periods of each indicator and site, each with the value for
    all students and the best value of any group in the same period, from the database."""
    same_period = [F("indicator_id"), F("site_id"), F("period_start")]
    # The best value among those shown: a hidden small count must not be worked out from it.
    shown = Case(
        When(
            Q(indicator__unit=Indicator.Unit.COUNT, value__gt=0, value__lt=SMALL)
            & ~Q(student_group=StudentGroup.ALL),
            then=Value(None),
        ),
        default=F("value"),
    )
    ranked = measurements.annotate(
        period_rank=Window(
            DenseRank(),
            partition_by=[F("indicator_id"), F("site_id")],
            order_by=F("period_start").desc(),
        ),
        all_value=Window(
            Max(Case(When(student_group=StudentGroup.ALL, then=F("value")))),
            partition_by=same_period,
        ),
        groups_in_period=Window(Count("pk"), partition_by=same_period),
        highest=Window(Max(shown), partition_by=same_period),
        lowest=Window(Min(shown), partition_by=same_period),
    )
    return (
        ranked.filter(period_rank__lte=PERIODS_SHOWN)
        .select_related("indicator", "site")
        .order_by(
            in_language("indicator__name"),
            "indicator_id",
            in_language("site__name"),
            "period_start",
            "student_group",
        )
    )


GROUP_ORDER = {group: index for index, group in enumerate(StudentGroup.values)}


def equity(scope: Scope, *, page: int | str | None = 1, per_page=INDICATORS_PER_PAGE):
    """The indicator and site pairs of one page, and a Paginator page of the pairs; every pair
    and no page when `per_page` is None (the board packet)."""

    pairs = (
        measurements_in_scope(scope)
        .values("indicator_id", "site_id")
        .annotate(
            indicator_name=Max(in_language("indicator__name")),
            site_name=Max(in_language("site__name")),
            groups=Count("student_group", distinct=True),
        )
        # Figures broken down by student group first: they show the gaps.
        .order_by("-groups", "indicator_name", "indicator_id", "site_name", "site_id")
    )
    if per_page is None:
        page_obj, chosen = None, list(pairs)
    else:
        page_obj = Paginator(pairs, per_page).get_page(page)
        chosen = page_obj.object_list
    if not chosen:
        return [], page_obj
    which = Q()
    for pair in chosen:
        which |= Q(indicator_id=pair["indicator_id"], site_id=pair["site_id"])
    measurements = latest_periods(measurements_in_scope(scope).filter(which))
    grouped = defaultdict(list)
    for m in measurements:
        grouped[m.indicator_id, m.site_id].append(m)
    views = [
        indicator_by_group(grouped[pair["indicator_id"], pair["site_id"]])
        for pair in chosen
        if grouped[pair["indicator_id"], pair["site_id"]]
    ]
    return views, page_obj


def indicator_by_group(measurements: list[Measurement]) -> IndicatorByGroup:
    indicator = measurements[0].indicator
    site = measurements[0].site
    unit = indicator.unit
    # Each period's label as the reader reads it.
    labels = {m.period_start: localized(m, "period_label") for m in measurements}
    periods = sorted(labels.items(), key=lambda period: period[0])
    latest_start, latest_label = periods[-1]
    by_group = defaultdict(dict)
    for m in measurements:
        by_group[m.student_group][m.period_start] = m
    groups = sorted(by_group, key=lambda g: GROUP_ORDER.get(g, 99))
    group_labels = dict(StudentGroup.choices)
    rows, bars, reference = [], [], None
    for group in groups:
        cells = [
            _figure(getattr(by_group[group].get(s), "value", None), unit, group) for s, _ in periods
        ]
        latest = by_group[group].get(latest_start)
        if latest is None:
            gaps = ["", ""]
        else:
            best = latest.highest if indicator.higher_is_better else latest.lowest
            hidden = _figure(latest.value, unit, group) is FEWER
            gaps = (
                ["", ""]
                if hidden or latest.groups_in_period == 1  # nothing to compare with
                else [
                    _gap(latest.value, latest.all_value, unit) if group != StudentGroup.ALL else "",
                    _gap(latest.value, best, unit),
                ]
            )
            if group == StudentGroup.ALL:
                reference = latest.value
            bars.append(
                (
                    str(group_labels.get(group, group)),
                    latest.value,
                    str(_figure(latest.value, unit, group)),
                    hidden,
                )
            )
        first = by_group[group].get(periods[0][0])
        trend = (
            _gap(latest.value, first.value, unit)
            if latest is not None and first is not None and FEWER not in cells
            else ""
        )
        rows.append(
            [
                str(group_labels.get(group, group)),
                *cells,
                *(gaps if len(periods) == 1 else [trend, *gaps]),
            ]
        )
    site_name = str(localized(site, "name")) if site else _("Network-wide")
    change = [_("Change since %(period)s") % {"period": periods[0][1]}] if len(periods) > 1 else []
    table = Table(
        name="equity-indicators",
        caption=_("%(indicator)s, %(site)s, by student group")
        % {"indicator": indicator.name, "site": site_name},
        columns=columns_of(
            _("Student group"),
            *(label for _, label in periods),
            *change,
            _("Gap to all students"),
            _("Gap to the best group"),
            numeric=range(1, len(periods) + len(change) + 3),
        ),
        rows=rows,
        total=len(rows),
        anchor=f"indicator-{indicator.pk}-{site.pk if site else 'all'}",
        has_example=any(m.is_example or indicator.is_example for m in measurements),
    )
    latest_figures = [m for m in measurements if m.period_start == latest_start]
    table.source = measurement_source(latest_figures[0])
    chart = None
    if unit != Indicator.Unit.RANK and len(bars) > 1:
        chart = charts.bar_chart(bars, reference=reference)
    description = _("%(period)s: %(figures)s.") % {
        "period": latest_label,
        "figures": "; ".join(f"{label}, {text}" for label, _, text, _ in bars),
    }
    table.chart = chart
    table.chart_title = _("%(indicator)s, %(site)s, %(period)s: each group") % {
        "indicator": indicator.name,
        "site": site_name,
        "period": latest_label,
    }
    table.chart_description = description
    return IndicatorByGroup(
        indicator=indicator,
        site_name=site_name,
        table=table,
    )


def equity_export(scope: Scope, limit=None) -> Table:
    """Every figure in view in long form, with its gaps, for the CSV."""
    measurements = latest_periods(measurements_in_scope(scope))
    # The window functions need every row of a period; no paging of the query itself.
    labels = dict(StudentGroup.choices)

    units = dict(Indicator.Unit.choices)

    def rows():
        # Figures and gaps as plain numbers in the indicator's unit, for spreadsheets.
        for m in measurements.iterator(chunk_size=500):
            unit, group = m.indicator.unit, m.student_group
            best = m.highest if m.indicator.higher_is_better else m.lowest
            hidden = _figure(m.value, unit, group) is FEWER
            alone = m.groups_in_period == 1
            yield [
                localized(m.indicator, "name"),
                localized(m.site, "name") if m.site_id else _("Network-wide"),
                localized(m, "period_label"),
                str(labels.get(group, group)),
                str(units.get(unit, unit)),
                FEWER if hidden else m.value,
                ""
                if hidden or group == StudentGroup.ALL or m.all_value is None
                else m.value - m.all_value,
                "" if hidden or alone else m.value - best,
                measurement_source(m),
            ]

    return Table(
        name="equity-indicators",
        caption=_("Equity indicators by student group"),
        columns=[
            *columns_of(
                _("Indicator"),
                _("Site"),
                _("Period"),
                _("Student group"),
                _("Unit"),
                _("Value"),
                _("Gap to all students"),
                _("Gap to the best group"),
            ),
            source_column(),
        ],
        rows=rows(),
        total=measurements.count(),
        not_applied=organization_not_applied(scope),
    )
