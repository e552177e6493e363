"""The communities where the network listens and works: the list, and one community's page."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from coalition.listing import page_of
from coalition.pagecache import public_page
from portal import communities


@require_safe
@public_page("partners", "initiatives", "events")
def community_list(request):
    page_obj = page_of(request, communities.community_directory())
    return render(request, "communities/community_list.html", {"page_obj": page_obj})


@require_safe
@public_page("partners", "initiatives", "events")
def community_detail(request, slug):
    return render(
        request, "communities/community_detail.html", communities.community_page(slug=slug)
    )
