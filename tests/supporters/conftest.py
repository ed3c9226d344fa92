from __future__ import annotations

from pathlib import Path

import pytest
from wagtail.models import Page

from chorus.campaigns.models import CampaignPage
from chorus.news.models import HomePage
from chorus.petitions.models import PetitionPage

PASSPHRASE = "river light seven lanterns"


@pytest.fixture
def petition(demo_site: HomePage) -> CampaignPage:
    """A bare campaign page outside the demo's tree: enough for actions to belong to.

    It asks for the demo site (the Wagtail Site, its name, the locales), which a transactional
    test that ran earlier in this process may have flushed away; `demo_site` makes it again.
    """
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
