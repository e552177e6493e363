from django.urls import path

from portal.views import communities

app_name = "communities"

urlpatterns = [
    path("", communities.community_list, name="list"),
    path("<slug:slug>/", communities.community_detail, name="detail"),
]
