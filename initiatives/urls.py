from django.urls import path

from initiatives import views

app_name = "initiatives"

urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("objectives/<slug:slug>/", views.objective_detail, name="objective"),
    path("objectives/<slug:slug>/update/", views.objective_update, name="objective_update"),
    path(
        "objectives/<slug:slug>/updates/<int:pk>/withdraw/",
        views.update_withdraw,
        name="update_withdraw",
    ),
    path("<slug:slug>/", views.initiative_detail, name="detail"),
]
