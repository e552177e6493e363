from django.urls import path

from consultations import views

app_name = "consultations"

# Fixed pages first: their first segments are reserved slugs (services.RESERVED_SLUGS).
urlpatterns = [
    path("", views.document_list, name="list"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    # -- hosts and leads: documents, their sections, moderation --
    path("manage/", views.manage_index, name="manage_index"),
    path("manage/new/", views.document_new, name="new"),
    path("manage/<slug:slug>/", views.document_edit, name="edit"),
    path("manage/<slug:slug>/sections/new/", views.section_new, name="section_new"),
    path("manage/<slug:slug>/sections/<int:pk>/", views.section_edit, name="section_edit"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/<int:pk>/", views.moderate, name="moderate"),
    path("<slug:slug>/", views.document_detail, name="detail"),
]
