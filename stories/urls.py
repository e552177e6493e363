from django.urls import path

from stories import feeds, views

app_name = "stories"

# Fixed pages first: their first segments are reserved slugs (services.RESERVED_SLUGS).
urlpatterns = [
    path("", views.story_list, name="list"),
    path("feed/", feeds.StoriesFeed(), name="feed"),
    path("newsletter/", views.newsletter, name="newsletter"),
    # -- authors: partner staff and leads --
    path("mine/", views.my_stories, name="mine"),
    path("new/", views.story_new, name="new"),
    # -- leads --
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/<int:pk>/", views.review, name="review"),
    path("<slug:slug>/", views.story_detail, name="detail"),
    path("<slug:slug>/image/", views.story_image, name="image"),
    path("<slug:slug>/edit/", views.story_edit, name="edit"),
    path("<slug:slug>/submit/", views.story_submit, name="submit"),
]
