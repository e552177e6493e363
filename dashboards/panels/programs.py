"""The programs panel: applications to the networks' programs by program and status, with
counts of people below 5 written "fewer than 5" (coalition.smallcounts)."""

from django.db.models import Count, Q, Window
from django.utils.translation import gettext as _

from coalition.translation import as_read, in_language, language_of
from dashboards.scope import Scope
from dashboards.tables import GROUPS_SHOWN, Source, Table, columns_of, people, source_column
from programs.models import Application

# The statuses a lead reads: a draft or an unconfirmed address is nobody's application yet.
SHOWN = (
    Application.Status.SUBMITTED,
    Application.Status.WAITLISTED,
    Application.Status.ACCEPTED,
    Application.Status.DECLINED,
    Application.Status.WITHDRAWN,
)


def applications_by_program(scope: Scope, limit=GROUPS_SHOWN) -> Table:
    """A row per program with applications sent in the range (by the day they were
    submitted): how many stand in each status. No total beside them, so that a hidden count
    cannot be worked out from it. One query."""
    counts = (
        Application.objects.filter(status__in=SHOWN, submitted_at__lte=scope.as_of)
        .filter(
            scope.q(
                initiative="call__program__initiative",
                organization="call__program__host",
                moment="submitted_at",
            )
        )
        .values("call__program")
        .annotate(
            program=in_language("call__program__name"),
            program_lang=language_of("call__program__name"),
            n=Count("pk"),
            groups_in_all=Window(Count("call__program")),
            examples=Count("pk", filter=Q(is_example=True) | Q(call__is_example=True)),
            **{status: Count("pk", filter=Q(status=status)) for status in SHOWN},
        )
        .order_by("-n", "program")
    )
    counts = list(counts if limit is None else counts[:limit])
    total = counts[0]["groups_in_all"] if counts else 0
    counts.sort(key=lambda row: row["program"])
    source = _("Applications sent through the portal")
    rows = [
        [
            as_read(row["program"], row["program_lang"]),
            *[people(row[status]) for status in SHOWN],
            Source(source, scope.as_of_day, bool(row["examples"])),
        ]
        for row in counts
    ]
    labels = [str(Application.Status(status).label) for status in SHOWN]
    return Table(
        name="applications-by-program",
        caption=_("Applications to programs by status"),
        columns=[
            *columns_of(_("Program"), *labels, numeric=range(1, len(SHOWN) + 1)),
            source_column(),
        ],
        rows=rows,
        total=total,
        has_example=any(row["examples"] for row in counts),
        note=_(
            "Submitted applications only (drafts are their authors' own). The date range "
            "applies to the day each was submitted."
        ),
        not_applied=_("The site filter does not apply: programs are not held at one site.")
        if scope.site
        else "",
    )
