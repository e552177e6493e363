from django.urls import path

from programs import views

app_name = "programs"

# Fixed pages first: "applications" is not a program's slug.
urlpatterns = [
    path("", views.program_list, name="list"),
    path("applications/<str:token>/", views.application, name="application"),
    path("applications/<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<str:token>/certificate.pdf", views.certificate, name="certificate"),
    path("<slug:slug>/", views.program_detail, name="detail"),
    path("<slug:slug>/apply/", views.apply, name="apply"),
    path("<slug:slug>/review/", views.review_list, name="review_list"),
    path("<slug:slug>/review/<int:pk>/", views.review, name="review"),
]
