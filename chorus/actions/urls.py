from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("confirm/<str:token>/", views.confirm, name="confirm"),
]
