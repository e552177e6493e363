from django.urls import path

from events.views import feedback, organize, public

app_name = "events"

urlpatterns = [
    path("", public.event_list, name="list"),
    # -- registration, manage links, calendar feeds --
    path("feed.ics", public.feed, name="feed"),
    path("manage/<str:token>/", public.manage, name="manage"),
    path("manage/<str:token>/cancel/", public.manage_cancel, name="manage_cancel"),
    path("manage/<str:token>/event.ics", public.manage_ics, name="manage_ics"),
    path("manage/<str:token>/feedback/", feedback.survey, name="feedback"),
    path("<slug:slug>/register/", public.register, name="register"),
    path("<slug:slug>/event.ics", public.event_ics, name="ics"),
    # -- organizers, where next, what we heard --
    path("organize/", organize.organize_index, name="organize_index"),
    path("organize/new/", organize.event_new, name="new"),
    path("suggest/", public.suggest, name="suggest"),
    path("suggestions/", organize.suggestions, name="suggestions"),
    path("suggestions/<int:pk>/", organize.suggestion_review, name="suggestion_review"),
    path("<slug:slug>/organize/", organize.event_organize, name="organize"),
    path("<slug:slug>/organize/publish/", organize.event_publish, name="publish"),
    path("<slug:slug>/organize/cancel/", organize.event_cancel, name="cancel"),
    path("<slug:slug>/organize/roster/", organize.roster, name="roster"),
    path("<slug:slug>/organize/roster.csv", organize.roster_csv, name="roster_csv"),
    path("<slug:slug>/organize/check-in/", organize.check_in, name="check_in"),
    path("<slug:slug>/organize/message/", organize.message, name="message"),
    path("<slug:slug>/organize/report/", organize.report, name="report"),
    path("<slug:slug>/organize/feedback/", feedback.results, name="feedback_results"),
    path("<slug:slug>/", public.event_detail, name="detail"),
]
