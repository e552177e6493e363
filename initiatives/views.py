from django.shortcuts import render
from django.views.decorators.http import require_GET

from coalition.listing import filtered_list
from initiatives import selectors


@require_GET
def initiative_list(request):
    filterset = selectors.initiative_list(params=request.GET)
    return render(request, "initiatives/initiative_list.html", filtered_list(request, filterset))


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
    return render(request, "initiatives/site_list.html", filtered_list(request, filterset))


@require_GET
def site_detail(request, slug):
    return render(request, "initiatives/site_detail.html", selectors.site_detail(slug=slug))
