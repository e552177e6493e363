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
    path("organize/", views.organize_index, name="organize_index"),
    path("organize/new/", views.event_new, name="new"),
    path("suggest/", views.suggest, name="suggest"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("suggestions/<int:pk>/", views.suggestion_review, name="suggestion_review"),
    path("<slug:slug>/organize/", views.event_organize, name="organize"),
    path("<slug:slug>/organize/publish/", views.event_publish, name="publish"),
    path("<slug:slug>/organize/cancel/", views.event_cancel, name="cancel"),
    path("<slug:slug>/organize/roster/", views.roster, name="roster"),
    path("<slug:slug>/organize/roster.csv", views.roster_csv, name="roster_csv"),
    path("<slug:slug>/organize/check-in/", views.check_in, name="check_in"),
    path("<slug:slug>/organize/message/", views.message, name="message"),
    path("<slug:slug>/organize/report/", views.report, name="report"),
    path("<slug:slug>/", views.event_detail, name="detail"),
]
