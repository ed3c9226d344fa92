"""A campaign's results dashboard in the admin: charts with their numbers beside them, every
table as a safe CSV, the permission, and the admin home's "needs a person now" panel."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.users.models import UserProfile

from chorus.actions import services
from chorus.actions.models import Action
from chorus.actions.results import ResultsTable
from chorus.actions.tokens import confirm_token
from chorus.results.downloads import csv_bytes
from tests.actions.helpers import sign
from tests.mfa import log_in_with_totp

from .helpers import bulk_actions

pytestmark = pytest.mark.django_db


def staff_with(*codenames: str, language: str = "en") -> Any:
    """A member of staff who may enter the admin and has these permissions (no superuser)."""
    user = get_user_model().objects.create_user(
        username=f"campaigner-{language}", email=f"c-{language}@example.org"
    )
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *(Permission.objects.get(content_type__app_label="actions", codename=code) for code in codenames),
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def campaigner() -> Client:
    return log_in_with_totp(Client(), staff_with("view_results"))


def some_actions(campaign: Any) -> None:
    sign(Client(), campaign, language="th")
    sign(Client(), campaign, language="en", email="second@example.org", country="AU")
    sign(Client(), campaign, email="bot@example.org", website="bot")
    services.confirm_action(confirm_token(Action.objects.order_by("pk").first()))


def table_rows(html: str, slug: str) -> list[list[str]]:
    section = BeautifulSoup(html, "html.parser").select_one(f"#table-{slug}")
    assert section is not None, slug
    return [
        [cell.get_text(strip=True) for cell in row.select("th, td")] for row in section.select("tbody tr")
    ]


def test_the_dashboard_shows_each_chart_with_its_numbers(campaigner: Client, campaign, org_key) -> None:
    some_actions(campaign)
    response = campaigner.get(f"/admin/results/{campaign.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    page = BeautifulSoup(html, "html.parser")
    assert len(page.select("section svg[role=img]")) >= 5  # states, days, hours, languages, countries
    assert table_rows(html, "states") == [
        ["confirmed", "1"],
        ["pending confirmation", "1"],
        ["flagged", "1"],
        ["invalidated", "0"],
    ]
    assert "Confirmation rate: 50 %" in html
    assert ["ไทย", "2", "1", "0", "1", "0", "100 %"] in table_rows(html, "languages")
    assert ["English", "1", "0", "1", "0", "0", "0 %"] in table_rows(html, "languages")
    assert ["Australia", "1", "0", "1", "0", "0", "0 %"] in table_rows(html, "countries")
    # Today's actions in the last row of the days, and in the hours.
    assert table_rows(html, "days")[-1][1:] == ["3", "1", "1", "1", "0"]
    assert sum(int(row[1]) for row in table_rows(html, "hours")) == 3
    # The Thai label in the language chart carries its language, for shaping and fonts.
    assert page.select_one('#table-languages svg text[lang="th"]').get_text() == "ไทย"


def test_a_translation_s_id_shows_the_campaign_s_dashboard(campaigner: Client, campaign, org_key) -> None:
    some_actions(campaign)
    thai = campaign.get_translation(campaign.locale.__class__.objects.get(language_code="th"))
    response = campaigner.get(f"/admin/results/{thai.pk}/")
    assert response.status_code == 200
    assert table_rows(response.content.decode(), "states")[0] == ["confirmed", "1"]


def test_the_dashboard_speaks_the_admin_language(campaign, org_key) -> None:
    some_actions(campaign)
    client = log_in_with_totp(Client(), staff_with("view_results", language="th"))
    html = client.get(f"/admin/results/{campaign.pk}/").content.decode()
    assert "การร่วมรณรงค์ตามภาษา" in html  # "Actions by language"
    assert "อัตราการยืนยัน" in html  # "Confirmation rate"


def test_staff_without_the_permission_are_refused(campaign, org_key) -> None:
    some_actions(campaign)
    moderator = log_in_with_totp(Client(), staff_with("change_action"))
    for url in (
        f"/admin/results/{campaign.pk}/",
        f"/admin/results/{campaign.pk}/languages.csv",
        "/admin/results/",
    ):
        response = moderator.get(url)
        # Wagtail turns the refusal into a redirect to the admin home with a message.
        assert (response.status_code, response["Location"]) == (302, "/admin/"), url
    home = moderator.get("/admin/").content.decode()
    assert 'href="/admin/results/"' not in home  # no menu item either


def test_a_page_that_takes_no_actions_has_no_dashboard(campaigner: Client, demo_site) -> None:
    # (A 404 under /admin/ is first redirected to the language prefix, then answered 404.)
    assert campaigner.get(f"/admin/results/{demo_site.pk}/", follow=True).status_code == 404
    assert campaigner.get("/admin/results/999999/", follow=True).status_code == 404


def test_every_table_downloads_as_csv_with_a_bom_and_thai_intact(
    campaigner: Client, campaign, org_key
) -> None:
    some_actions(campaign)
    html = campaigner.get(f"/admin/results/{campaign.pk}/").content.decode()
    links = [a["href"] for a in BeautifulSoup(html, "html.parser").select("a[download]")]
    assert {link.rsplit("/", 1)[1] for link in links} >= {
        "states.csv",
        "days.csv",
        "hours.csv",
        "languages.csv",
        "countries.csv",
        "updates.csv",
    }
    for link in links:
        response = campaigner.get(link)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response.content.startswith(b"\xef\xbb\xbf")
    body = campaigner.get(f"/admin/results/{campaign.pk}/languages.csv").content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][0] == "Language"
    assert ["ไทย", "2", "1", "0", "1", "0", "100 %"] in rows
    assert "ไทย".encode() in body  # UTF-8 bytes, not an escape
    assert campaigner.get(f"/admin/results/{campaign.pk}/nothing.csv").status_code == 404


def test_a_cell_a_spreadsheet_would_run_is_prefixed() -> None:
    table = ResultsTable(
        slug="t",
        title="t",
        columns=["=HEADER", "n"],
        rows=[
            ["=1+1", 3],
            ["+SUM(A1)", -2],
            ["-1", 0],
            ["@cmd", 1],
            ["\tTab", 1],
            ["\rCR", 1],
            ["ภาษาไทย", 5],
        ],
    )
    rows = list(csv.reader(io.StringIO(csv_bytes(table).decode("utf-8-sig"), newline="")))
    assert rows[0] == ["'=HEADER", "n"]
    assert [row[0] for row in rows[1:]] == [
        "'=1+1",
        "'+SUM(A1)",
        "'-1",
        "'@cmd",
        "'\tTab",
        "'\rCR",
        "ภาษาไทย",
    ]
    assert rows[2][1] == "-2"  # numbers stay numbers


def test_a_target_named_like_a_formula_is_safe_in_the_letters_csv(
    campaigner: Client, demo_site, org_key
) -> None:
    from chorus.letters.demo import load_demo_letter_campaign
    from chorus.letters.models import Target

    letters = load_demo_letter_campaign(demo_site)
    target = letters.campaign_targets.first().target
    Target.objects.filter(pk=target.pk).update(name="=1+1", title="")
    body = campaigner.get(f"/admin/results/{letters.pk}/targets.csv").content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == [
        "Target",
        "Downloaded",
        "Opened in the supporter's mail program",
        "Waiting for confirmation",
        "In the next digest",
        "Being sent",
        "Sent for the supporter",
        "Failed",
    ]
    assert ["'=1+1", "0", "0", "0", "0", "0", "0", "0"] in rows


def dashboard_queries(client: Client, page_id: int) -> int:
    client.get(f"/admin/results/{page_id}/")  # warm the session and the admin's own caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/admin/results/{page_id}/").status_code == 200
    return len(queries)


def test_the_dashboard_costs_the_same_queries_with_10_and_1000_actions(campaigner: Client, campaign) -> None:
    bulk_actions(campaign, 10)
    few = dashboard_queries(campaigner, campaign.pk)
    bulk_actions(campaign, 990, start=10)
    assert Action.objects.filter(page_id=campaign.pk).count() == 1000
    assert dashboard_queries(campaigner, campaign.pk) == few
    assert few <= 25


def test_the_admin_home_shows_what_needs_a_person(campaign, org_key) -> None:
    some_actions(campaign)
    client = log_in_with_totp(Client(), staff_with("view_results", "change_action"))
    html = client.get("/admin/").content.decode()
    panel = BeautifulSoup(html, "html.parser").select_one("section[aria-labelledby=needs-attention-title]")
    assert panel is not None
    flagged = panel.select_one('a[href="/admin/actions/flagged/"]')
    assert flagged is not None and flagged.get_text() == "Flagged actions"
    assert flagged.find_parent("li").select_one("strong").get_text() == "1"
    # Today's count of the active campaign, linked to its dashboard.
    link = panel.select_one(f'a[href="/admin/results/{campaign.pk}/"]')
    assert link is not None
    assert link.find_parent("tr").select("td")[1].get_text(strip=True) == "3"


def test_the_admin_home_costs_the_same_queries_however_many_actions(campaign) -> None:
    client = log_in_with_totp(Client(), staff_with("view_results", "change_action"))
    bulk_actions(campaign, 10, days=1)
    client.get("/admin/")
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/")
    bulk_actions(campaign, 990, start=10, days=1)
    with CaptureQueriesContext(connection) as many:
        client.get("/admin/")
    assert len(many) == len(few)


def test_action_pages_link_to_their_dashboard_from_the_page_editor(
    campaigner: Client, campaign: Any, demo_accounts: dict[str, Any]
) -> None:
    editor = log_in_with_totp(Client(), demo_accounts["staff"])
    html = editor.get(f"/admin/pages/{campaign.pk}/edit/").content.decode()
    assert f'href="/admin/results/{campaign.pk}/"' in html
    listing = editor.get(f"/admin/pages/{campaign.get_parent().pk}/").content.decode()
    assert f'href="/admin/results/{campaign.pk}/"' in listing
