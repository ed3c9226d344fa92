from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from chorus.news.demo import DEMO_USERS, load_demo_content, load_demo_users


class Command(BaseCommand):
    help = "Load the demo organisation's pages and accounts (idempotent; development only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load demo accounts even with DEBUG off (never on a real site).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError("The demo has well-known passwords; it runs only with DEBUG on.")
        load_demo_content()
        created = load_demo_users()
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
        if created:
            self.stdout.write("Demo accounts created.")
        self.stdout.write("Development-only accounts (log in at /en/accounts/login/):")
        for demo in DEMO_USERS:
            role = "staff, must enrol TOTP before /admin/" if demo.is_staff else "member"
            self.stdout.write(f"  {demo.email} / {demo.password}  ({role})")
