from django.urls import path

from portal.views import home, search

urlpatterns = [
    path("", home.home, name="home"),
    path("search/", search.search_page, name="search"),
]
