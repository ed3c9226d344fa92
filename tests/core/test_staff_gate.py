"""Staff pass their second factor before anything they are logged in for, not only /admin/.

A superuser (who may open every private page and document, and the logos waiting for review)
or any member of staff whose session has not passed a second factor is sent to enrol or to
give the code on every URL of the site, read from the URL resolver so that a view added later
is covered too; only allauth's own pages (the way through the gate) stay open.
"""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import resolve
from nacl.public import PrivateKey
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from chorus.jointletters.demo import load_demo_joint_letter, load_demo_signons
from chorus.jointletters.signatures import Signature
from chorus.news.models import HomePage
from tests.admin_urls import concrete, site_routes
from tests.mfa import TEST_TOTP_SECRET, log_in_with_totp

pytestmark = pytest.mark.django_db

ENROL = "/accounts/2fa/totp/activate/"
CODE = "/accounts/2fa/reauthenticate/"


# Patterns with unnamed regex groups, which `concrete` does not fill: an address for each.
UNNAMED_GROUPS = {
    r"documents/^(\d+)/(.*)$": "/documents/1/x",
    r"en/^((?:[\w\-]+/)*)$": "/en/members/",  # Wagtail's pages: the members-only one
}


def outside_admin_paths() -> list[str]:
    """A requestable address for every pattern outside /admin/ but allauth's own."""
    paths = []
    for route in site_routes():
        if route.startswith("admin/"):
            continue
        path = UNNAMED_GROUPS.get(route) or concrete(route)
        func = resolve(path).func
        if not str(getattr(func, "__module__", "")).startswith("allauth."):
            paths.append(path)
    return paths


def superuser() -> AbstractUser:
    return get_user_model().objects.create_superuser("root", "root@example.org", "a-long-root-password-42")


def test_every_url_outside_the_admin_refuses_staff_without_a_second_factor(
    demo_site: HomePage, demo_accounts: dict[str, AbstractUser]
) -> None:
    paths = outside_admin_paths()
    assert {"/en/search/", "/en/my-data/", "/documents/1/x", "/en/members/", "/healthz"} <= set(paths)
    unenrolled = Client()
    unenrolled.force_login(superuser())
    enrolled = Client()
    TOTP.activate(demo_accounts["moderator"], TEST_TOTP_SECRET)
    enrolled.force_login(demo_accounts["moderator"])
    for path in paths:
        for client, gate in ((unenrolled, ENROL), (enrolled, CODE)):
            response = client.get(path)
            assert response.status_code == 302 and gate in response["Location"], (path, response)
    # Through the gate, the same accounts are answered by the views themselves.
    passed = log_in_with_totp(Client(), demo_accounts["moderator"])
    for path in paths:
        assert CODE not in passed.get(path).get("Location", ""), path


def test_allauths_pages_stay_open_to_get_through_the_gate(demo_accounts: dict[str, AbstractUser]) -> None:
    client = Client()
    client.force_login(superuser())
    assert client.get("/en/accounts/2fa/totp/activate/").status_code in {200, 302}
    assert ENROL not in client.get("/en/accounts/reauthenticate/").get("Location", "")
    assert client.post("/en/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_superuser_without_totp_cannot_open_a_logo_waiting_for_review(
    demo_site: HomePage, org_key: PrivateKey
) -> None:
    load_demo_signons(load_demo_joint_letter(demo_site))
    signature = Signature.objects.exclude(logo="").order_by("pk").first()
    assert signature is not None
    url = f"/admin/jointletters/joint-letters/logo/{signature.pk}/"
    client = Client()
    root = superuser()
    client.force_login(root)
    response = client.get(url)
    assert response.status_code == 302 and ENROL in response["Location"]
    assert log_in_with_totp(Client(), root).get(url).status_code == 200


def test_a_document_for_a_staff_group_needs_the_second_factor(demo_accounts: dict[str, AbstractUser]) -> None:
    moderator = demo_accounts["moderator"]
    group = Group.objects.get(pk=moderator.groups.values_list("pk", flat=True)[0])
    collection = Collection.get_first_root_node().add_child(name="Moderators only")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    document = get_document_model().objects.create(
        title="Moderation notes", collection=collection, file=ContentFile(b"private notes", name="notes.txt")
    )
    url = document.url
    client = Client()
    client.force_login(moderator)
    response = client.get(url)
    assert response.status_code == 302 and ENROL in response["Location"]
    passed = log_in_with_totp(Client(), moderator)
    assert b"".join(passed.get(url).streaming_content) == b"private notes"
