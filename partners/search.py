"""What the site search finds of organizations (coalition.search): the approved ones."""

from django.utils.translation import gettext_lazy as _

from coalition import search
from partners.models import ORGANIZATION_DOCUMENT, Organization
from partners.selectors import public_organizations


def _line(organization: Organization) -> str:
    sector = organization.get_sector_display()
    return f"{sector} · {organization.city}" if organization.city else str(sector)


def register() -> None:
    search.register(
        search.Kind(
            name="organizations",
            label=_("Organizations"),
            document=ORGANIZATION_DOCUMENT,
            queryset=public_organizations,
            scopes=("partners",),
            line=_line,
            ordering=("id",),
            position=50,
        )
    )
