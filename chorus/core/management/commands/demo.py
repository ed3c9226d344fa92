from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from chorus.events.demo import load_demo_events
from chorus.handover.demo_delivery import load_demo_delivery
from chorus.jointletters.demo import load_demo_joint_letter, load_demo_signons
from chorus.letters.demo import load_demo_letter_campaign, load_demo_letters
from chorus.news.demo import DEMO_USERS, DemoUser, load_demo_content, load_demo_users
from chorus.news.demo_callouts import load_demo_callouts
from chorus.news.demo_navigation import load_demo_menu
from chorus.news.services import index_unindexed_pages
from chorus.petitions.demo import load_demo_campaign, load_demo_signatures
from chorus.supporters.models import OrganisationKey


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
        home = load_demo_content()
        campaign = load_demo_campaign(home)
        signatures = load_demo_signatures(campaign)
        letters = load_demo_letters(load_demo_letter_campaign(home))
        joint_letter = load_demo_joint_letter(home)
        signons = load_demo_signons(joint_letter)
        # After the signatures: the delivery record mails the signers who asked for updates.
        load_demo_delivery(joint_letter)
        # The article about the letters presents both campaigns, now that they exist.
        load_demo_callouts()
        load_demo_events(home)
        # Again, now that the days of action exist: the menu links to them too.
        load_demo_menu(home)
        # A demo loaded before campaigns and events were searchable has them unindexed.
        index_unindexed_pages()
        created = load_demo_users()
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
        if signatures:
            self.stdout.write(f"Recorded {signatures} demo signatures through the action engine.")
        if letters:
            self.stdout.write(f"Recorded {letters} demo letters through the action engine.")
        if signons:
            self.stdout.write(f"Recorded {signons} demo joint letter signatures through the action engine.")
        elif not OrganisationKey.objects.filter(active=True).exists():
            self.stdout.write(
                "No organisation key yet (chorus keys generate): the demo petition has no signatures."
            )
        if created:
            self.stdout.write("Demo accounts created.")
        self.stdout.write("Development-only accounts (log in at /en/accounts/login/; roles in README.md):")
        for demo in DEMO_USERS:
            self.stdout.write(f"  {demo.email} / {demo.password}  ({_describe(demo)})")


def _describe(demo: DemoUser) -> str:
    role = f"{demo.role}, superuser" if demo.is_superuser else demo.role
    return f"{role}, enrols TOTP before /admin/" if demo.is_staff else role
