from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from initiatives import selectors

PAGE_SIZE = 20


def _is_filtered(request) -> bool:
    return any(value for key, value in request.GET.items() if key != "page")


@require_GET
def initiative_list(request):
    filterset = selectors.initiative_list(params=request.GET)
    page_obj = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "initiatives/initiative_list.html",
        {"filterset": filterset, "page_obj": page_obj, "is_filtered": _is_filtered(request)},
    )


@require_GET
def initiative_detail(request, slug):
    return render(
        request, "initiatives/initiative_detail.html", selectors.initiative_detail(slug=slug)
    )


@require_GET
def objective_detail(request, slug):
    return render(
        request, "initiatives/objective_detail.html", selectors.objective_detail(slug=slug)
    )


@require_GET
def site_list(request):
    filterset = selectors.site_list(params=request.GET)
    page_obj = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "initiatives/site_list.html",
        {"filterset": filterset, "page_obj": page_obj, "is_filtered": _is_filtered(request)},
    )


@require_GET
def site_detail(request, slug):
    return render(request, "initiatives/site_detail.html", selectors.site_detail(slug=slug))
