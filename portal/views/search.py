"""The site search (portal.search): it reads every app that registers a kind."""

import functools

from django.shortcuts import render
from django.views.decorators.http import require_safe

from coalition import search as kinds
from coalition.pagecache import public_page
from portal import search


def _search_page(request):
    context = search.search_page(params=request.GET)
    # A parameter that cannot be read (too long, unknown): 400, the message by the box.
    status = 400 if context["form"].errors else 200
    return render(request, "portal/search.html", context, status=status)


@functools.cache
def _shared_page():
    # Kept under the versions of every part of the data a kind reads (coalition.search.Kind
    # .scopes), named once the apps have registered their kinds (in ready(), before any request):
    # a new kind needs nothing here.
    return public_page(*kinds.scopes())(_search_page)


@require_safe
def search_page(request):
    return _shared_page()(request)
