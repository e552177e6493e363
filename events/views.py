from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from coalition.listing import page_of
from events import selectors


@require_GET
def event_list(request):
    filterset = selectors.event_list(filters=request.GET)
    page_obj = page_of(request, filterset.qs)
    return render(request, "events/event_list.html", {"filter": filterset, "page_obj": page_obj})


@require_GET
def event_detail(request, slug):
    event = selectors.event_detail(slug=slug)
    heard = selectors.what_we_heard(event=event, language=translation.get_language())
    return render(request, "events/event_detail.html", {"event": event, "heard": heard})
