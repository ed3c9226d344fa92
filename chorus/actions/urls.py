from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("confirm/", views.confirm, name="confirm"),
]
