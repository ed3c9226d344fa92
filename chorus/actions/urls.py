from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("confirm/", views.confirm, name="confirm"),
    path("act/<int:page_id>/", views.act, name="act"),
    path("act/<int:page_id>/token/", views.fresh_token, name="token"),
    path("act/<int:page_id>/counts/", views.live_counts, name="counts"),
]
