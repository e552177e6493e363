"""Pagination shared by every list page."""

from django.core.paginator import Page, Paginator

PAGE_SIZE = 20


def page_of(request, rows, *, page_size: int = PAGE_SIZE) -> Page:
    """The page the visitor asked for (`?page=`); past the end, the last one."""
    return Paginator(rows, page_size).get_page(request.GET.get("page"))


def filtered_list(request, filterset, *, page_size: int = PAGE_SIZE) -> dict:
    """The context of templates/partials/filtered_list.html for a bound FilterSet."""
    # Sorting and paging alone do not narrow the list.
    is_filtered = any(value for key, value in request.GET.items() if key not in {"sort", "page"})
    return {
        "filterset": filterset,
        "page_obj": page_of(request, filterset.qs, page_size=page_size),
        "is_filtered": is_filtered,
    }
