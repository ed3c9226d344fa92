from django.urls import path

from . import unsubscribe, views

app_name = "privacy"

urlpatterns = [
    path("", views.request_link, name="my_data"),
    path("sent/", views.link_sent, name="my_data_sent"),
    path("view/", views.view_data, name="my_data_view"),
    path("delete/", views.delete_data, name="my_data_delete"),
    path("deleted/", views.data_deleted, name="my_data_deleted"),
    path("unsubscribe/", unsubscribe.unsubscribe_view, name="unsubscribe"),
]
