"""Where the apps above the kernel plug into a person's account.

The kernel owns the user, but what a person has done lives in the apps (memberships in
`partners`, registrations in `events`, updates in `initiatives`). The kernel imports none of
them: each app registers here, from its `AppConfig.ready()`, what it adds to

- the person's roles (`membership_source`: the organizations they are staff or admin of),
- the `/me/` page (`section`: a template and the reads it needs),
- "download my data" (`data`: a key and the rows stored about the person),
- "delete my account" (`user_deleting`, a signal sent inside the deletion's transaction,
  before the user row goes; a receiver anonymizes what must outlive the account and may return
  a dict of counts for the audit row).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.dispatch import Signal

# Sent with `user` (being deleted) inside user_delete's transaction.
user_deleting = Signal()


@dataclass(frozen=True)
class Section:
    """A part of /me/: `template` rendered with `context(request)`, in `order`. Kept for the
    person until one of their rows changes: `params` are the query parameters it reads (a page
    of its list), and `forms` says it carries forms (their tokens are the browser's own)."""

    template: str
    context: Callable
    order: int
    params: tuple[str, ...] = ()
    forms: bool = False


@dataclass(frozen=True)
class DataSource:
    """A part of "download my data": `rows(user=..., addresses=...)` under `key`. `addresses`
    are the person's verified email addresses (what they may prove is theirs)."""

    key: str
    rows: Callable
    order: int


_sections: dict[str, Section] = {}
_data: dict[str, DataSource] = {}
_membership_sources: list[Callable] = []


def section(
    *,
    template: str,
    context: Callable,
    order: int,
    params: tuple[str, ...] = (),
    forms: bool = False,
) -> None:
    _sections[template] = Section(template, context, order, params, forms)


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: s.order)


def data(*, key: str, rows: Callable, order: int) -> None:
    _data[key] = DataSource(key, rows, order)


def data_sources() -> list[DataSource]:
    return sorted(_data.values(), key=lambda d: d.order)


def membership_source(source: Callable) -> None:
    """`source(user)` gives (organization_id, is_admin) for each active membership."""
    if source not in _membership_sources:
        _membership_sources.append(source)


def memberships_of(user) -> Iterable[tuple[int, bool]]:
    for source in _membership_sources:
        yield from source(user)
