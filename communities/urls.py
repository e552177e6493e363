from django.urls import path

from communities import views

app_name = "follows"

urlpatterns = [
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("mine/<int:pk>/topics/", views.my_topics, name="my_topics"),
    path("mine/<int:pk>/unfollow/", views.my_unfollow, name="my_unfollow"),
    path("<slug:slug>/", views.follow, name="follow"),
]
