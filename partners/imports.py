"""CSV import of organizations by a lead: every row checked first, then all added or none.
Imported organizations are approved: a lead vouches for the whole file."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coalition.imports import check_all, rows_of, too_long
from coalition.models import Job
from coalition.services import audit_log, job_finish
from partners.models import Organization, Sector
from partners.services import RESERVED_SLUGS

REQUIRED = {"name", "sector"}
OPTIONAL = {"city", "website", "description"}
COLUMNS = ["name", "sector", "city", "website", "description"]


def organizations_import(*, job: Job) -> Job:
    rows, problems = rows_of(job, required=REQUIRED, optional=OPTIONAL)
    if problems:
        return job_finish(job=job, errors=problems)
    sectors = {}
    for code, label in Sector.choices:
        sectors[code.lower()] = code
        sectors[str(label).lower()] = code
    taken_names = {name.lower() for name in Organization.objects.values_list("name", flat=True)}
    taken_slugs = set(Organization.objects.values_list("slug", flat=True)) | RESERVED_SLUGS
    is_url = URLValidator(schemes=["http", "https"])
    seen: dict[str, int] = {}
    new: list[Organization] = []
    now = timezone.now()

    def check(line: int, row: dict) -> list[str]:
        errors = too_long(row, Organization, ["name", "city", "website", "description"])
        name = row["name"]
        if not name:
            errors.append(_("The name is missing."))
        elif name.lower() in taken_names:
            errors.append(_("“%(name)s” is already in the directory.") % {"name": name})
        sector = sectors.get(row["sector"].lower())
        if sector is None:
            errors.append(_("Unknown sector “%(value)s”.") % {"value": row["sector"]})
        website = row.get("website", "")
        if website:
            try:
                is_url(website)
            except ValidationError:
                errors.append(_("“%(value)s” is not a web address.") % {"value": website})
        if errors:
            return errors
        if name.lower() in seen:
            return [_("The same organization as line %(line)s.") % {"line": seen[name.lower()]}]
        seen[name.lower()] = line
        base = slugify(name)[:190] or "organization"
        slug, n = base, 1
        while slug in taken_slugs:
            n += 1
            slug = f"{base}-{n}"
        taken_slugs.add(slug)
        new.append(
            Organization(
                name=name,
                slug=slug,
                sector=sector,
                city=row.get("city", ""),
                website=website,
                description=row.get("description", ""),
                approved=True,
                decided_at=now,
                decided_by=job.created_by,
            )
        )
        return []

    problems = check_all(job, rows, check)
    if problems:
        return job_finish(job=job, errors=problems)
    with transaction.atomic():
        Organization.objects.bulk_create(new, batch_size=1000)
        result = {"created": len(new)}
        audit_log(actor=job.created_by, action="organizations.imported", target=job, data=result)
        return job_finish(job=job, result=result)
