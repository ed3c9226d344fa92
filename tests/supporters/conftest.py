from __future__ import annotations

from pathlib import Path

import pytest
from wagtail.models import Locale, Page

from chorus.campaigns.models import CampaignPage
from chorus.core.locales import ensure_locales
from chorus.petitions.models import PetitionPage

PASSPHRASE = "river light seven lanterns"


@pytest.fixture
def petition(db: None) -> CampaignPage:
    """A bare campaign page (no demo site): enough for actions to belong to.

    A transactional test that ran earlier in this process may have flushed the database, root
    page and locales included: make them again then.
    """
    ensure_locales()
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root", locale=Locale.get_default())
    page = PetitionPage(title="Safety, not raids", slug="safety-not-raids", goal=100)
    root.add_child(instance=page)
    return page


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n")
    return path
