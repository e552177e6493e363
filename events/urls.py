from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    # -- registration, manage links, calendar feeds --
    # -- organizers, where next, what we heard --
    path("<slug:slug>/", views.event_detail, name="detail"),
]
