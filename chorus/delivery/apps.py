from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "chorus.delivery"
    label = "delivery"
    verbose_name = "Delivery"
