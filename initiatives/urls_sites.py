from django.urls import path

from initiatives import views

app_name = "sites"

urlpatterns = [
    path("", views.site_list, name="list"),
    path("compare/", views.site_compare, name="compare"),
    path("<slug:slug>/", views.site_detail, name="detail"),
    path("<slug:slug>/figures/", views.site_figures, name="figures"),
]
