"""How the contract suite makes a page of each kind and fills in its form.

A new kind adds one `KindSpec` here (or, like the test-only newcomer, in its own folder) and
then passes every test in `test_contract.py` without any other file changing.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps
from django.utils import timezone
from django.utils.module_loading import module_has_submodule
from wagtail.models import Page

from chorus.actions.forms import new_form_token
from chorus.delivery.models import Outbox
from chorus.events.models import EventIndexPage, EventPage
from chorus.jointletters.models import JointLetterPage
from chorus.letters.models import CampaignTarget, LetterCampaignPage, QueuedLetter, Target
from chorus.petitions.models import PetitionPage


def mail_states_of(action: Any) -> list[str]:
    return list(Outbox.objects.filter(action=action, kind=Outbox.Kind.LETTER).values_list("state", flat=True))


def form_token() -> str:
    # A form shown a minute ago: a person's pace, not a bot's.
    return new_form_token(started_at=time.time() - 60)


def publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _petition(home: Page) -> Page:
    return publish(
        home, PetitionPage(title="Contract petition", slug="contract-petition", locale=home.locale)
    )


def _letters(home: Page) -> Page:
    target = Target.objects.create(
        name="Dr Amina Farah", email="asiapacific@un-labour-migration.example", locale=home.locale
    )
    page = LetterCampaignPage(
        title="Contract letters",
        slug="contract-letters",
        locale=home.locale,
        letter_subject="Safe passage home",
        letter_salutation="Dear {target_name},",
        letter_body="Please let the workers go home safely.\n\n{personal_paragraph}",
        letter_closing="Yours sincerely,",
        campaign_targets=[CampaignTarget(target=target)],
    )
    return publish(home, page)


def _joint_letter(home: Page) -> Page:
    page = JointLetterPage(
        title="Contract joint letter",
        slug="contract-joint-letter",
        locale=home.locale,
        joint_letter_recipient="H.E. the Ambassador",
        joint_letter_text="<p>We, the undersigned, ask for safety.</p>",
    )
    return publish(home, page)


def _event(home: Page) -> Page:
    index = publish(home, EventIndexPage(title="Contract days", slug="contract-days", locale=home.locale))
    starts = timezone.now() + datetime.timedelta(days=10)
    return publish(
        index,
        EventPage(title="Contract day of action", slug="contract-day", starts_at=starts, locale=home.locale),
    )


@dataclass(frozen=True)
class KindSpec:
    name: str
    kind: str  # the Action.Kind value its actions carry
    make: Callable[[Page], Page]
    route: str  # the form's old address under the page's URL (it now posts to /<lang>/act/<id>/)
    data: Callable[[str], dict[str, Any]]  # a valid submission with this email address
    # Queries of an anonymous GET of the page (cold caches, the view-restriction check that lets
    # the page cache keep it included): exact, so an N+1 shows in review.
    queries: int
    # Statements of a new action posted to /<lang>/act/<id>/ once the caches are warm (what a
    # running server has warm), the send task's row included, BEGIN and COMMIT not: exact. The
    # action itself is one transaction without a savepoint (tests.budgets.one_transaction); a
    # kind's reads before it and the answer's after it count too.
    intake: int
    # What the kind's confirmation hook leaves behind, checked after confirming (or None).
    confirmed: Callable[[Any], bool] | None = None


def _letters_data(email: str) -> dict[str, Any]:
    return {
        "form_token": form_token(),
        "step": "send",
        "name": "김지현",
        "city": "Chiang Mai",
        "country": "TH",
        "personal": "I worked there for five years.",
        "email": email,
        "consent": "on",
        "send_for_me": "on",
        "website": "",
    }


CHORUS_SPECS = (
    KindSpec(
        name="petition",
        kind="petition",
        make=_petition,
        route="sign/",
        data=lambda email: {
            "form_token": form_token(),
            "name": "มาลี ศรีสุข",
            "email": email,
            "country": "TH",
            "consent": "on",
            "website": "",
        },
        queries=23,
        intake=7,
    ),
    KindSpec(
        name="letters",
        kind="letter",
        make=_letters,
        route="write/",
        data=_letters_data,
        queries=26,
        intake=13,
        # Confirming releases the letter the supporter asked us to send: it is in the outbox.
        confirmed=lambda action: (
            not QueuedLetter.objects.filter(action=action).exists() and mail_states_of(action) == ["queued"]
        ),
    ),
    KindSpec(
        name="joint letter",
        kind="joint_letter",
        make=_joint_letter,
        route="join/",
        data=lambda email: {
            "form_token": form_token(),
            "sign_as": "organisation",
            "org_name": "Riverlight Collective",
            "org_type": "community",
            "org_country": "AU",
            "contact_name": "Alex Morgan",
            "contact_email": email,
            "consent": "on",
            "website": "",
        },
        queries=23,
        intake=8,
    ),
    KindSpec(
        name="day of action",
        kind="rsvp",
        make=_event,
        route="rsvp/",
        data=lambda email: {
            "form_token": form_token(),
            "name": "ចាន់ធី",
            "email": email,
            "consent": "on",
            "website": "",
        },
        queries=20,
        intake=7,
    ),
)


def _installed_test_kinds() -> tuple[KindSpec, ...]:
    """The SPEC of every kind that exists only in the tests (an installed `tests.kinds.*` app
    with a `spec` module): a newcomer brings its own, in its own folder."""
    return tuple(
        import_module(f"{config.name}.spec").SPEC
        for config in apps.get_app_configs()
        if config.name.startswith("tests.kinds.") and module_has_submodule(config.module, "spec")
    )


SPECS = (*CHORUS_SPECS, *_installed_test_kinds())
