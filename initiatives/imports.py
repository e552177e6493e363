"""CSV import of measurements: every row checked first, then all written or none."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition import versions
from coalition.imports import check_all, rows_of, too_long
from coalition.models import Job
from coalition.services import audit_log, job_finish
from coalition.validators import validate_date_in_range
from initiatives.models import DemonstrationSite, Indicator, Measurement, StudentGroup

# `period_label` is the period as said in English; `period_label_es`, optional, in Spanish.
REQUIRED = {"indicator", "period_start", "period_label", "student_group", "value"}
OPTIONAL = {"period_label_es", "site", "source", "as_of"}
COLUMNS = [
    "indicator",
    "period_start",
    "period_label",
    "period_label_es",
    "student_group",
    "value",
    "site",
    "source",
    "as_of",
]


def _date(text: str, unreadable: str, errors: list[str]) -> dt.date | None:
    """The date a cell holds, or None with the problem added to the line's errors."""
    try:
        day = dt.date.fromisoformat(text)
        validate_date_in_range(day)
    except ValueError:
        errors.append(unreadable)
    except ValidationError as error:
        errors.extend(error.messages)
    else:
        return day
    return None


def _groups() -> dict[str, str]:
    """A student group by its code or its English name, in any case."""
    groups = {}
    for code, label in StudentGroup.choices:
        groups[code.lower()] = code
        groups[str(label).lower()] = code
    return groups


def measurements_import(*, job: Job) -> Job:
    rows, problems = rows_of(job, required=REQUIRED, optional=OPTIONAL)
    if problems:
        return job_finish(job=job, errors=problems)
    indicators = {i.slug: i for i in Indicator.objects.select_related("initiative")}
    sites = {s.slug: s for s in DemonstrationSite.objects.all()}
    groups = _groups()
    existing = {
        (m.indicator_id, m.period_start, m.student_group, m.site_id): m
        for m in Measurement.objects.filter(
            indicator__slug__in={row["indicator"] for _line, row in rows}
        )
    }
    today = timezone.localdate()
    seen: dict[tuple, int] = {}
    new: list[Measurement] = []
    changed: list[Measurement] = []

    def check(line: int, row: dict) -> list[str]:
        errors = too_long(row, Measurement, ["period_label", "period_label_es", "source"])
        indicator = indicators.get(row["indicator"])
        if indicator is None:
            errors.append(_("Unknown indicator “%(value)s”.") % {"value": row["indicator"]})
        site = None
        if row.get("site"):
            site = sites.get(row["site"])
            if site is None:
                errors.append(_("Unknown site “%(value)s”.") % {"value": row["site"]})
        group = groups.get(row["student_group"].lower())
        if group is None:
            errors.append(_("Unknown student group “%(value)s”.") % {"value": row["student_group"]})
        period_start = _date(
            row["period_start"], _("The period start must be a date like 2024-09-01."), errors
        )
        as_of = None
        if row.get("as_of"):
            as_of = _date(
                row["as_of"], _("as_of: enter a date like 2024-10-15, or leave it empty."), errors
            )
        if not row["period_label"]:
            errors.append(_("The period needs a label, like 2024-25."))
        try:
            value = Decimal(row["value"].replace(",", ""))
            if not value.is_finite() or abs(value) >= Decimal("1e12"):
                raise InvalidOperation
        except InvalidOperation:
            value = None
            errors.append(_("“%(value)s” is not a number.") % {"value": row["value"]})
        if indicator is not None:
            # The same rules as a figure entered by hand, each named by its column.
            candidate = Measurement(
                indicator=indicator, period_start=period_start, as_of=as_of, value=value
            )
            errors.extend(
                _("%(column)s: %(problem)s") % {"column": column, "problem": problem}
                for column, problem in candidate.problems(today=today).items()
            )
        if errors:
            return errors
        key = (indicator.pk, period_start, group, site.pk if site else None)
        if key in seen:
            return [_("The same figure as line %(line)s.") % {"line": seen[key]}]
        seen[key] = line
        fields = {
            "period_label_en": row["period_label"],
            "period_label_es": row.get("period_label_es", ""),
            "value": value.quantize(Decimal("0.01")),
            "source": row.get("source", ""),
            "as_of": as_of,
            "recorded_by": job.created_by,
        }
        if key in existing:
            measurement = existing[key]
            for name, field_value in fields.items():
                setattr(measurement, name, field_value)
            changed.append(measurement)
        else:
            new.append(
                Measurement(
                    indicator=indicator,
                    period_start=period_start,
                    student_group=group,
                    site=site,
                    **fields,
                )
            )
        return []

    problems = check_all(job, rows, check)
    if problems:
        return job_finish(job=job, errors=problems)
    with transaction.atomic():
        # A figure recorded again replaces the old row: deleting and inserting in bulk is far
        # quicker than updating ten thousand rows one CASE at a time.
        replaced = [m.pk for m in changed]
        for start in range(0, len(replaced), 1000):
            Measurement.objects.filter(pk__in=replaced[start : start + 1000]).delete()
        for measurement in changed:
            measurement.pk = None
        Measurement.objects.bulk_create([*new, *changed], batch_size=1000)
        versions.bump("initiatives")  # bulk_create sends no signal
        result = {"created": len(new), "updated": len(changed)}
        audit_log(actor=job.created_by, action="measurements.imported", target=job, data=result)
        return job_finish(job=job, result=result)
