"""CSV import of organizations by a lead: every row checked first, then all added or none.
Imported organizations are approved: a lead vouches for the whole file."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coalition import versions
from coalition.imports import check_all, rows_of, too_long
from coalition.models import Job
from coalition.services import audit_log, job_finish
from partners.models import Organization, Sector
from partners.services import RESERVED_SLUGS

# `name` and `description` in English; `name_es` and `description_es`, optional, in Spanish.
REQUIRED = {"name", "sector"}
OPTIONAL = {"name_es", "city", "website", "description", "description_es"}
COLUMNS = ["name", "name_es", "sector", "city", "website", "description", "description_es"]


def organizations_import(*, job: Job) -> Job:
    rows, problems = rows_of(job, required=REQUIRED, optional=OPTIONAL)
    if problems:
        return job_finish(job=job, errors=problems)
    sectors = {}
    for code, label in Sector.choices:
        sectors[code.lower()] = code
        sectors[str(label).lower()] = code
    # Names in either language: each is unique, and nobody should find two of one.
    taken_names = {
        name.lower()
        for names in Organization.objects.values_list("name_en", "name_es")
        for name in names
        if name
    }
    taken_slugs = set(Organization.objects.values_list("slug", flat=True)) | RESERVED_SLUGS
    is_url = URLValidator(schemes=["http", "https"])
    seen: dict[str, int] = {}
    new: list[Organization] = []
    now = timezone.now()

    def check(line: int, row: dict) -> list[str]:
        errors = too_long(
            row,
            Organization,
            ["name", "name_es", "city", "website", "description", "description_es"],
        )
        name, name_es = row["name"], row.get("name_es", "")
        if not name:
            errors.append(_("The name is missing."))
        for each in (name, name_es):
            if each and each.lower() in taken_names:
                errors.append(_("“%(name)s” is already in the directory.") % {"name": each})
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
        for each in (name, name_es):
            if each and each.lower() in seen:
                return [_("The same organization as line %(line)s.") % {"line": seen[each.lower()]}]
        for each in (name, name_es):
            if each:
                seen[each.lower()] = line
        base = slugify(name)[:190] or "organization"
        slug, n = base, 1
        while slug in taken_slugs:
            n += 1
            slug = f"{base}-{n}"
        taken_slugs.add(slug)
        new.append(
            Organization(
                name_en=name,
                # A missing translation of a unique name is NULL, so that many rows may lack one.
                name_es=name_es or None,
                slug=slug,
                sector=sector,
                city=row.get("city", ""),
                website=website,
                description_en=row.get("description", ""),
                description_es=row.get("description_es", ""),
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
        versions.bump("partners")  # bulk_create sends no signal
        result = {"created": len(new)}
        audit_log(actor=job.created_by, action="organizations.imported", target=job, data=result)
        return job_finish(job=job, result=result)
