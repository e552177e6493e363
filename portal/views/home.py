from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal import selectors


@require_GET
def home(request):
    return render(request, "portal/home.html", selectors.network_overview())
