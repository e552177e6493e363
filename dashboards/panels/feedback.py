"""The feedback panel: whether the needs people asked for (an interpreter, childcare, a ride,
accommodations) were met, as they said in the survey the morning after a session, by need and
by the community of the session."""

from django.db.models import Case, Count, Q, Value, When, Window
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from coalition.translation import as_read, in_language, language_of
from dashboards.scope import Scope
from dashboards.tables import (
    GROUPS_SHOWN,
    Source,
    Table,
    columns_of,
    people,
    rate,
    source_column,
)
from events.models import FEEDBACK_NEEDS, Feedback, Met


def _answers(scope: Scope):
    """The survey answers about the sessions in view (the date range applies to when each
    session was held), each with its session's community as the reader reads it."""
    return (
        Feedback.objects.filter(
            scope.q(
                initiative="event__initiative",
                site="event__site",
                organization="event__hosts",
                moment="event__starts_at",
            )
        )
        .filter(created_at__lt=scope.as_of)
        .annotate(
            community=Coalesce(in_language("event__community__name"), Value("")),
            community_lang=Case(
                When(event__community__isnull=False, then=language_of("event__community__name")),
                default=Value(""),
            ),
        )
    )


def needs_met(scope: Scope, limit=GROUPS_SHOWN) -> Table:
    """A row per community with answers (the most answered on the page, every one in the
    export): for each need, how many who asked for it answered, and the share who said it was
    met (partly met counts as not met). Counts of people from 1 to 4 show as "fewer than 5",
    and so does a share worked out from one."""
    # One query: every community's counts, the most answered first, with how many there are.
    counts = (
        _answers(scope)
        .values("community", "community_lang")
        .annotate(
            n=Count("pk"),
            groups_in_all=Window(Count("community")),
            examples=Count("pk", filter=Q(event__is_example=True)),
            **{
                f"{need}_{answer}": Count("pk", filter=Q(**{f"{need}_met": answer}))
                for need in FEEDBACK_NEEDS
                for answer in Met.values
            },
        )
        .order_by("-n", "community")
    )
    counts = list(counts if limit is None else counts[:limit])
    total = counts[0]["groups_in_all"] if counts else 0
    counts.sort(key=lambda row: row["community"])
    source = _("Answers to the survey after each session")
    rows = []
    for row in counts:
        cells = []
        for need in FEEDBACK_NEEDS:
            met, partly, unmet = (row[f"{need}_{answer}"] for answer in Met.values)
            answered = met + partly + unmet
            cells += [people(answered), rate(met, answered)]
        rows.append(
            [
                as_read(row["community"] or _("No community given"), row["community_lang"]),
                *cells,
                Source(source, scope.as_of_day, bool(row["examples"])),
            ]
        )
    labels = []
    for label in FEEDBACK_NEEDS.values():
        labels += [
            _("%(need)s: answers") % {"need": label},
            _("%(need)s: share met") % {"need": label},
        ]
    return Table(
        name="needs-met",
        caption=_("Needs met, as people said after the session, by community"),
        columns=[
            *columns_of(_("Community"), *labels, numeric=range(1, len(labels) + 1)),
            source_column(),
        ],
        rows=rows,
        total=total,
        has_example=any(row["examples"] for row in counts),
        note=_(
            "Only the people who asked for a need are asked whether it was met; partly met "
            "counts as not met. The date range applies to when the session was held."
        ),
    )
