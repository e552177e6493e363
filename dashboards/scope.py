"""The dashboard's filters as every panel, the export and the packet apply them."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from dashboards.filters import DashboardFilter
from initiatives.models import DemonstrationSite, Initiative
from partners.models import Organization


@dataclass(frozen=True)
class Scope:
    """The dashboard's filters as each panel applies them, and the time the page was asked."""

    initiative: Initiative | None = None
    site: DemonstrationSite | None = None
    organization: Organization | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    now: dt.datetime = field(default_factory=timezone.now)

    @classmethod
    def of(cls, filterset: DashboardFilter, *, now=None) -> "Scope":
        data = filterset.form.cleaned_data if filterset.is_valid() else {}
        return cls(
            **{name: data.get(name) for name in DashboardFilter.base_filters},
            now=now or timezone.now(),
        )

    @property
    def today(self) -> dt.date:
        return timezone.localdate(self.now)

    @staticmethod
    def midnight(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time()))

    @property
    def start(self) -> dt.datetime | None:
        return self.midnight(self.since) if self.since else None

    @property
    def end(self) -> dt.datetime | None:
        """Midnight after the last day of the range."""
        return self.midnight(self.until + dt.timedelta(days=1)) if self.until else None

    @property
    def is_filtered(self) -> bool:
        return any([self.initiative, self.site, self.organization, self.since, self.until])

    def q(self, *, initiative=None, site=None, organization=None, moment=None, day=None) -> Q:
        """The filters on a model, given the path from it to each thing filtered on.

        An initiative brings the ones inside it; `moment` is a date-time field kept within the
        range, `day` a date field."""
        q = Q()
        if initiative and self.initiative:
            parent = f"{initiative}__parent"
            q &= Q(**{initiative: self.initiative}) | Q(**{parent: self.initiative})
        if site and self.site:
            q &= Q(**{site: self.site})
        if organization and self.organization:
            q &= Q(**{organization: self.organization})
        if moment and self.since:
            q &= Q(**{f"{moment}__gte": self.start})
        if moment and self.until:
            q &= Q(**{f"{moment}__lt": self.end})
        if day and self.since:
            q &= Q(**{f"{day}__gte": self.since})
        if day and self.until:
            q &= Q(**{f"{day}__lte": self.until})
        return q
