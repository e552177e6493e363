"""The dashboard's filters as every panel, the export and the packet apply them."""

import datetime as dt
from dataclasses import dataclass, field, replace

from django.db.models import Q
from django.utils import timezone

from dashboards.filters import DashboardFilter
from initiatives.models import DemonstrationSite, Initiative
from partners.models import Organization

# Without a date range, the headline figures count the last 90 days against the 90 before.
PERIOD_DAYS = 90


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
    def as_of(self) -> dt.datetime:
        """The moment statuses are counted at: the end of the range, or now if sooner."""
        return min(self.end, self.now) if self.end else self.now

    @property
    def as_of_day(self) -> dt.date:
        """The day statuses are counted on: the last day of the range, or today if sooner."""
        return min(self.until, self.today) if self.until else self.today

    def period(self) -> tuple[dt.date, dt.date]:
        """The days the headline figures count (first and last): the range, up to today; with
        no start, the PERIOD_DAYS days up to its end (or today)."""
        last = self.as_of_day
        first = self.since if self.since else last - dt.timedelta(days=PERIOD_DAYS - 1)
        return first, max(first, last)

    def previous_period(self) -> tuple[dt.date, dt.date]:
        """As many days, just before."""
        first, last = self.period()
        days = (last - first).days + 1
        return first - dt.timedelta(days=days), first - dt.timedelta(days=1)

    def over(self, days: tuple[dt.date, dt.date]) -> "Scope":
        """The same filters over other days."""
        return replace(self, since=days[0], until=days[1])

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
