from django.shortcuts import render
from django.views.decorators.http import require_safe

from coalition.pagecache import public_page
from portal import selectors


@require_safe
@public_page("partners", "initiatives", "events")
def home(request):
    return render(request, "portal/home.html", selectors.network_overview())
