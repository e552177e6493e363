import datetime as dt
from decimal import Decimal

from django import template
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext

from coalition.templatetags.coalition_tags import lang_attr, tr
from coalition.translation import Localized
from dashboards.charts import lay_out
from dashboards.tables import Fewer, Link, Links, Narrative, Source, Texts

register = template.Library()


@register.filter
def cell(value):
    """A dashboard table's cell as the page shows it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Localized):
        return tr(value) if value else "—"
    if isinstance(value, Link):
        return format_html('<a href="{}"{}>{}</a>', value.url, lang_attr(value.text), value.text)
    if isinstance(value, Links):
        if not value.items:
            return "—"
        links = format_html_join(
            "; ",
            '<a href="{}"{}>{}</a>',
            ((i.url, lang_attr(i.text), i.text) for i in value.items),
        )
        if not value.more:
            return links
        more = ngettext(
            "and %(count)s more (the CSV lists them all)",
            "and %(count)s more (the CSV lists them all)",
            value.more,
        ) % {"count": formats.number_format(value.more, force_grouping=True)}
        return format_html("{}; {}", links, more)
    if isinstance(value, Texts):
        return format_html_join(", ", "{}", ((tr(item),) for item in value.items)) or "—"
    if isinstance(value, Source):
        return render_to_string("partials/provenance.html", {"item": value, "as_of": value.as_of})
    if isinstance(value, Narrative):
        if lang_attr(value.text):
            return format_html("<span{}>{}</span>", lang_attr(value.text), value.shown)
        return value.shown
    if isinstance(value, Fewer):
        return format_html('<span class="fewer">{}</span>', value)
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


@register.simple_tag
def figures_as_of(moment) -> str:
    """When the view's figures were computed (its DashboardSnapshot), with the day if it is not
    today: on every view of the page, so written here rather than with a template's filters."""
    local = timezone.localtime(moment)
    text = gettext("Figures as of %(time)s") % {"time": formats.time_format(local, "TIME_FORMAT")}
    if local.date() != timezone.localdate():
        text = f"{text} ({formats.date_format(local, 'DATE_FORMAT')})"
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), text)


@register.filter
def laid_out(chart):
    """A chart from coalition.charts as the dashboard draws it (dashboards.charts)."""
    return lay_out(chart)
