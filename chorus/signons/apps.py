from django.apps import AppConfig


class SignonsConfig(AppConfig):
    """Kept for its migrations (see __init__.py): removing it would orphan them."""

    name = "chorus.signons"
    label = "signons"
    verbose_name = "Sign-ons (history)"
