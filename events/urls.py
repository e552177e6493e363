from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    # -- registration, manage links, calendar feeds --
    path("feed.ics", views.feed, name="feed"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/event.ics", views.event_ics, name="ics"),
    # -- organizers, where next, what we heard --
    path("<slug:slug>/", views.event_detail, name="detail"),
]
