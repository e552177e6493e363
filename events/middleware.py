"""The "try again" page for any write that waited too long for an event's seat lock."""

from django.shortcuts import render

from events.services import SeatsBusy


class SeatsBusyMiddleware:
    """A view that gives up on the event's row lock (SeatsBusy: nothing was written) answers
    503 with Retry-After and a page that says to try again, never a 500. The registration form
    handles it itself, to keep what the person typed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, SeatsBusy):
            return None
        response = render(request, "events/busy.html", status=503)
        response["Retry-After"] = str(exception.retry_after)
        return response
