"""The partner directory and each organization's public page, with its place in the network."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from coalition import fragments
from coalition.listing import filtered_list
from coalition.pagecache import public_page
from portal import selectors


@require_safe
@public_page("partners", "initiatives")
def organization_list(request):
    # Read before the rows: the filter form and the cards are kept under it (fragments).
    stamp = fragments.stamp("partners", "initiatives")
    filterset = selectors.organization_directory(params=request.GET)
    # A filter that cannot be read (a community that does not exist): 400, the message by it.
    return render(
        request,
        "portal/organization_list.html",
        {
            **filtered_list(request, filterset),
            "stamp": stamp,
            "form_vary": fragments.form_vary(filterset.form),
            "prepare_cards": selectors.with_partnerships,
        },
        status=400 if filterset.errors else 200,
    )


@require_safe
@public_page("partners", "initiatives", "events")
def organization_detail(request, slug):
    return render(
        request,
        "portal/organization_detail.html",
        selectors.organization_profile(slug=slug, viewer=request.user),
    )
