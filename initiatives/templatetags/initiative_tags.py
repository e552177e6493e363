"""What templates/initiatives/_status.html renders, in Python, for the lists of objectives (a
site's, an initiative's): an include per objective costs a template render each time. The
markup and the messages are the same."""

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, pgettext

from coalition.templatetags.coalition_tags import provenance, tr

register = template.Library()


@register.simple_tag
def objective_status(objective):
    """`{% objective_status objective %}`: its current status, who states it and as of when,
    its latest figure, and whether it is overdue (partner views only: `is_stale`)."""
    status = getattr(objective, "current_status", None)
    if status:
        parts = [
            format_html(
                '<span class="status status--{}">{}</span> <span class="meta">',
                status,
                objective.current_status_label,
            ),
            provenance(objective.status_provenance, objective.status_updated_at),
        ]
        if objective.status_value_display:
            parts.append(
                " · "
                + conditional_escape(
                    gettext("figure: %(value)s") % {"value": objective.status_value_display}
                )
            )
        parts.append("</span>")
    else:
        parts = [
            format_html(
                '<span class="status status--not_started">{}</span>', gettext("No update yet")
            )
        ]
    if getattr(objective, "is_stale", False):
        date = date_filter(template_localtime(objective.update_due_at), "DATE_FORMAT")
        parts.append(
            format_html(
                ' <span class="status status--stale">{}</span>',
                gettext("Update overdue since %(date)s") % {"date": date},
            )
        )
    return mark_safe("".join(parts))  # nosec B308 B703: every part above is escaped


@register.simple_tag
def milestone_item(milestone, show_objective=False):
    """`{% milestone_item milestone show_objective %}`: one milestone of a timeline (see
    initiatives/_milestones.html): its date, its state in words, its title, who states it, and
    its objective when the timeline has several."""
    due = milestone.due_date
    if milestone.state == "done":
        done_on = date_filter(milestone.completed_on, "DATE_FORMAT")
        state = format_html(
            '<span class="status status--done">{}</span>',
            gettext("Done on %(date)s") % {"date": done_on},
        )
    elif milestone.state == "overdue":
        state = format_html('<span class="status status--off_track">{}</span>', gettext("Overdue"))
    else:
        state = format_html(
            '<span class="status status--not_started">{}</span>',
            pgettext("milestone status", "Upcoming"),
        )
    parts = [
        format_html(
            '<li class="timeline__item timeline__item--{}">\n      <p><time datetime="{}">{}</time>'
            " ·\n        {}\n      </p>\n"
            '      <p class="timeline__title">{}</p>\n',
            milestone.state,
            date_filter(due, "Y-m-d"),
            date_filter(due, "DATE_FORMAT"),
            state,
            tr(milestone, "title"),
        )
    ]
    if milestone.source or milestone.is_example:
        parts.append(
            format_html("      <p>{}</p>\n", provenance(milestone, milestone.completed_on))
        )
    if show_objective:
        objective = milestone.objective
        parts.append(
            format_html(
                '      <p class="meta">{} <a href="{}">{}</a></p>\n',
                gettext("Objective:"),
                objective.get_absolute_url(),
                tr(objective, "title"),
            )
        )
    parts.append("    </li>")
    return mark_safe("".join(parts))  # nosec B308 B703: every part above is escaped
