from django.urls import path

from resources import views

app_name = "resources"

# Fixed pages first: their first segments are reserved slugs (services.RESERVED_SLUGS).
urlpatterns = [
    path("", views.resource_list, name="list"),
    path("new/", views.resource_new, name="new"),
    path("manage/", views.manage_index, name="manage_index"),
    path("<slug:slug>/file/", views.resource_file, name="file"),
    path("<slug:slug>/edit/", views.resource_edit, name="edit"),
    path("<slug:slug>/delete/", views.resource_delete, name="delete"),
    path("<slug:slug>/", views.resource_detail, name="detail"),
]
