from django.shortcuts import render
from django.views.decorators.http import require_safe

from portal import selectors


@require_safe
def home(request):
    return render(request, "portal/home.html", selectors.network_overview())
