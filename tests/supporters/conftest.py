from __future__ import annotations

from pathlib import Path

import pytest
from wagtail.models import Page

from chorus.campaigns.models import CampaignPage
from chorus.petitions.models import PetitionPage

PASSPHRASE = "river light seven lanterns"


@pytest.fixture
def petition(db: None) -> CampaignPage:
    """A bare campaign page (no demo site): enough for actions to belong to."""
    root = Page.get_first_root_node()
    assert root is not None
    page = PetitionPage(title="Safety, not raids", slug="safety-not-raids", goal=100)
    root.add_child(instance=page)
    return page


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n")
    return path
