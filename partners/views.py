from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from partners import selectors

PAGE_SIZE = 20


@require_GET
def organization_list(request):
    filterset = selectors.organization_directory(params=request.GET)
    page_obj = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/organization_list.html",
        {"filterset": filterset, "page_obj": page_obj, "is_filtered": _is_filtered(request)},
    )


@require_GET
def organization_detail(request, slug):
    return render(
        request, "partners/organization_detail.html", selectors.organization_profile(slug=slug)
    )


def _is_filtered(request):
    # Sorting and paging alone do not narrow the list.
    return any(value for key, value in request.GET.items() if key not in {"sort", "page"})
