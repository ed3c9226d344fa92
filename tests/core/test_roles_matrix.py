"""The authorisation matrix: every admin URL, requested as every role, against the table below.

The URLs come from the URL resolver (tests/admin_urls.py), so a view added later fails here
until someone writes down who may open it. Their parameters are filled from the demo
organisation's objects (a campaign page, its actions, signatures, delivery record, images,
accounts), so that a page is judged by the answer to a real object, not by a 404.

Each is requested with GET as anonymous, the demo member and each demo role (with its
second factor done). A view that only takes POST must not succeed on GET either: 405 is
neither an opening nor a refusal. The test fails on any success the table does not allow,
on any refusal of what it allows, on a server error, on a URL no row covers, on a row that
covers no URL, and on a URL that answers 404 to everyone (its parameters missed the demo).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import AbstractUser, Group
from django.core.files.base import ContentFile
from django.db.models import Model
from django.test import Client
from django.urls import resolve
from django.utils import timezone
from nacl.public import PrivateKey
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupApprovalTask, Task, Workflow, WorkflowTask

from chorus.actions.models import Action
from chorus.handover.demo_delivery import load_demo_delivery
from chorus.handover.models import DeliveryBundle
from chorus.jointletters.demo import load_demo_joint_letter, load_demo_signons
from chorus.jointletters.signatures import Signature
from chorus.letters.demo import load_demo_targets
from chorus.letters.models import Target
from chorus.news.demo import DEMO_USERS
from chorus.news.models import HomePage
from chorus.privacy.models import SealedExport
from tests.admin_urls import admin_routes, concrete, sample
from tests.mfa import log_in_with_totp

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
MEMBER = "member"
ADMINISTRATOR = "administrator"
CAMPAIGNER = "campaigner"
MODERATOR = "moderator"
TRANSLATOR = "translator"
ACCOUNTS = (ANONYMOUS, MEMBER, ADMINISTRATOR, CAMPAIGNER, MODERATOR, TRANSLATOR)

NOBODY: frozenset[str] = frozenset()
A = frozenset({ADMINISTRATOR})
AC = frozenset({ADMINISTRATOR, CAMPAIGNER})
ACM = frozenset({ADMINISTRATOR, CAMPAIGNER, MODERATOR})
ACT = frozenset({ADMINISTRATOR, CAMPAIGNER, TRANSLATOR})
STAFF = frozenset({ADMINISTRATOR, CAMPAIGNER, MODERATOR, TRANSLATOR})

EVERYONE = frozenset(ACCOUNTS)

# Who may open what. Each row: a regular expression matched at the start of the URL pattern
# (Django's path syntax, as tests/admin_urls.py lists it) and the accounts that may open it;
# the first row that matches wins, so narrower rows come first.
EXPECTED: tuple[tuple[str, frozenset[str]], ...] = (
    # Static helpers of the admin's pages: its JavaScript catalogue and icons.
    (r"admin/(jsi18n|sprite)/$", EVERYONE),
    # The admin's own "not found" and its error page for testing error reports.
    (r"admin/\^\.\*/\$$", NOBODY),
    (r"admin/(failwhale|test404)/$", STAFF),
    # Log in goes to allauth; log out takes a POST; password resets are off (allauth's instead).
    (r"admin/(login|logout|password_reset)/", NOBODY),
    (r"admin/$", STAFF),
    (r"admin/account/", STAFF),
    # --- Chorus's own views
    (r"admin/dev-mailbox/", A),
    (r"admin/(actions|jointletters|petitions)/", ACM),
    (r"admin/handover/", AC),
    (r"admin/results/", AC),
    (r"admin/privacy/", AC),  # sealed exports
    (r"admin/reports/translation-status/", ACT),
    # --- Settings: the Administrator's
    (r"admin/(users|groups|sites|locales|collections|redirects)/", A),
    # The task chooser of a workflow: it offers to create a task only to who may.
    (r"admin/workflows/task_chooser/", STAFF),
    (r"admin/workflows/", A),
    # No site settings models: every address is "not found".
    (r"admin/settings/", NOBODY),
    # --- Snippets (Menu links, Targets, Delivery records)
    (r"admin/snippets/$", NOBODY),  # each has its own menu entry; the index lists none
    (r"admin/snippets/choose/[^/]+/[^/]+/create/", AC),
    (r"admin/snippets/choose/", STAFF),  # choosers list what there is to choose, nothing more
    (r"admin/snippets/(core/menuitem|handover/deliveryrecord|letters/target)/", AC),
    # --- Images and documents
    (r"admin/images/chooser/(<int:image_id>/select_format|chosen)/", ACT),
    (r"admin/images/chooser/create/", AC),
    (r"admin/images/chooser/", STAFF),
    (r"admin/images/", AC),
    (r"admin/documents/chooser/chosen/", ACT),
    (r"admin/documents/chooser/create/", AC),
    (r"admin/documents/chooser/", STAFF),
    (r"admin/documents/", AC),
    (r"admin/embeds/", STAFF),
    # A bulk action's confirmation lists the items, saying which one may not act on; the
    # POST acts only on the others.
    (r"admin/bulk/", STAFF),
    # --- Pages: Campaigners publish and arrange, Translators edit, Moderators see none
    (r"admin/pages/<int:parent_page_id>/add_subpage/", AC),
    (r"admin/pages/add/", AC),
    (r"admin/pages/<int:page_id>/(delete|privacy|unpublish)/", AC),
    (r"admin/pages/<int:page_id>/revisions/<int:revision_id>/unschedule/", AC),
    (r"admin/pages/<int:page_to_move_id>/move/", AC),
    # Whether a page's workflow needs confirming before it is cancelled: a yes or no.
    (r"admin/pages/workflow/confirm_cancellation/", STAFF),
    (r"admin/pages/workflow/preview/", NOBODY),  # the task is not this page's
    # "Add a page of this type: choose where"; it offers only parents one may add under.
    (r"admin/pages/create/", STAFF),
    (r"admin/pages/", ACT),
    (r"admin/forms/submissions/<int:page_id>/delete/", NOBODY),  # no form pages
    (r"admin/forms/", ACT),
    (r"admin/reports/locked/", AC),
    (r"admin/reports/site-history/", STAFF),  # each sees the history of what they may see
    (r"admin/reports/", ACT),
    # --- wagtail-localize: Translators and Campaigners translate
    (r"admin/localize/(submit|update|page)/", ACT),
    (r"admin/localize/", STAFF),  # its API, catalogue and progress report; translating needs the above
    # --- What every editing page uses: link and page choosers, the admin's API, tags, sessions
    (
        r"admin/(choose-[a-z]+-link|choose-page|api/main|tag-autocomplete|dismissibles"
        r"|block-preview|editing-sessions)/",
        STAFF,
    ),
)

# Addresses that answer "not found" to everyone who is let in, and why (the check that the
# parameters came from the demo skips them).
NOT_FOUND_FOR_EVERYONE = {
    r"admin/\^\.\*/\$$": "the admin's own 404",
    r"admin/password_reset/": "Wagtail's password reset is off (allauth's is used)",
    r"admin/settings/": "Chorus registers no site settings",
    r"admin/forms/submissions/": "Chorus has no form pages",
    r"admin/dev-mailbox/<str:name>/": "nothing is captured in the test's mailbox",
    r"admin/handover/bundles/<int:bundle_id>/download/": "the test's bundle is not built",
    r"admin/privacy/exports/<int:export_id>/download/": "the test's export is not built",
    r"admin/images/<int:image_id>/generate_url/": "dynamic image URLs (wagtailimages_serve) are not routed",
    r"admin/block-preview/": "needs a block definition's id",
    r"admin/localize/(translate|update)/": "the demo translates by copying pages, not through wagtail-localize",
    r"admin/localize/page/<int:page_id>/convert_to_alias/": "no page was translated through wagtail-localize",
    r"admin/pages/<int:page_id>/convert_alias/": "no alias pages",
    r"admin/pages/<int:page_id>/workflow_history/detail/": "no workflow has run",
    r"admin/pages/workflow/(action|collect_action_data)/": "no workflow has run",
}
# The one page whose answer is a server error, on purpose (it tests error reporting).
DELIBERATE_ERROR = "admin/failwhale/"


@dataclass(frozen=True)
class DemoObjects:
    by_name: dict[str, Any]  # parameter name -> value, in any route
    by_route: dict[str, dict[str, Any]]  # route prefix -> parameter name -> value, first
    queries: dict[str, str]  # route prefix -> query string (views that find by ?id=)


@pytest.fixture
def demo_objects(
    demo_site: HomePage, demo_accounts: dict[str, AbstractUser], org_key: PrivateKey
) -> DemoObjects:
    campaign = load_demo_joint_letter(demo_site)
    load_demo_signons(campaign)
    load_demo_delivery(campaign)
    load_demo_targets()
    # What the demo does not hold, made the way staff would have made it.
    DeliveryBundle.objects.create(page=campaign, language="en")
    export = SealedExport.objects.create(
        page=campaign, expires_at=timezone.now() + datetime.timedelta(hours=1)
    )
    Collection.get_first_root_node().add_child(name="Campaign photos")
    get_document_model().objects.create(title="Minutes", file=ContentFile(b"minutes", name="minutes.txt"))
    Redirect.objects.create(old_path="/safe-passage", redirect_page=campaign)
    image = get_image_model().objects.order_by("pk").first()
    document = get_document_model().objects.get()
    target = Target.objects.order_by("pk").first()
    bundle = DeliveryBundle.objects.get()
    # Wagtail's migration makes a moderation task; a test that flushed the database took it.
    # Wagtail's migration makes a moderation workflow and its task; a test that flushed the
    # database took them, so they are made again the way staff would.
    task = Task.objects.order_by("pk").first() or GroupApprovalTask.objects.create(name="Moderators approval")
    workflow = Workflow.objects.order_by("pk").first()
    if workflow is None:
        workflow = Workflow.objects.create(name="Moderators approval")
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    assert image and target
    by_name = {
        "page_id": campaign.pk,
        "parent_page_id": demo_site.pk,
        "page_to_move_id": campaign.pk,
        "destination_id": demo_site.pk,
        "content_type_app_name": "news",
        "content_type_model_name": "contentpage",
        "app_label": "letters",
        "model_name": "target",
        "action_id": Action.objects.filter(page_id=campaign.pk)
        .order_by("pk")
        .values_list("pk", flat=True)[0],
        "signature_id": Signature.objects.exclude(logo="").order_by("pk").values_list("pk", flat=True)[0],
        "bundle_id": bundle.pk,
        "export_id": export.pk,
        "task_id": task.pk,
        "revision_id": campaign.latest_revision_id,
        "image_id": image.pk,
        "document_id": document.pk,
        "doc_id": document.pk,
        "collection_id": Collection.objects.get(name="Campaign photos").pk,
        "filter_spec": "original",
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
    }
    by_route = {
        "admin/tag-autocomplete/": {"app_name": "taggit", "model_name": "tag"},
        "admin/workflows/tasks/add/": {"app_label": "wagtailcore", "model_name": "groupapprovaltask"},
        "admin/workflows/tasks/": {"pk": task.pk},
        "admin/workflows/": {"pk": workflow.pk},
        "admin/bulk/": {"app_label": "wagtailimages", "model_name": "image", "action": "delete"},
        "admin/pages/create/": {"app_label": "news", "model_name": "articlepage"},
        "admin/pages/^": {"pk": campaign.pk},
        "admin/api/main/^pages/": {"pk": campaign.pk},
        "admin/api/main/^images/": {"pk": image.pk},
        "admin/api/main/^documents/": {"pk": document.pk},
        # The ids a chooser hands back: on PostgreSQL they are 1 only if nothing was made before.
        "admin/documents/chooser/chosen/": {"pk": document.pk},
        "admin/images/chooser/chosen/": {"pk": image.pk},
        "admin/localize/api/snippets/": {"pk": target.pk},
        "admin/localize/submit/snippet/": {"pk": target.pk},
        "admin/results/<int:page_id>/<slug:slug>.csv": {"slug": "states"},
        # Not a superuser, whom a non-superuser Administrator may not delete.
        "admin/users/": {"pk": demo_accounts[CAMPAIGNER].pk},
    }
    queries = {
        "admin/api/main/^pages/find/": f"?id={campaign.pk}",
        "admin/api/main/^images/find/": f"?id={image.pk}",
        "admin/api/main/^documents/find/": f"?id={document.pk}",
        "admin/bulk/": f"?id={image.pk}",
    }
    return DemoObjects(by_name, by_route, queries)


def _model_of(route: str) -> type[Model] | None:
    """The model a generic (viewset) view works on, when the view says."""
    func: Any = resolve(concrete(route)).func
    model = getattr(func, "view_initkwargs", {}).get("model") or getattr(
        getattr(func, "view_class", None), "model", None
    )
    return model if isinstance(model, type) and issubclass(model, Model) else None


def _first_pk(model: type[Model]) -> str:
    if issubclass(model, Collection):
        # The root collection cannot be edited or deleted; another one can.
        return str(Collection.objects.filter(depth__gt=1).values_list("pk", flat=True).first() or 1)
    if issubclass(model, Group):
        return str(Group.objects.get(name="Campaigner").pk)
    obj = model._default_manager.order_by("pk").first()
    return str(obj.pk) if obj is not None else "1"


def filler(route: str, demo: DemoObjects) -> Any:
    """Values for the route's parameters, from the demo's objects."""
    model = _model_of(route)
    named = {
        **demo.by_name,
        **next((v for prefix, v in demo.by_route.items() if route.startswith(prefix)), {}),
    }

    def fill(converter: str, name: str) -> str:
        if name in named:
            return str(named[name])
        if model is not None and name in {"pk", "object_id", "id", f"{model._meta.model_name}_id"}:
            return _first_pk(model)
        if name == "pk" or name.endswith("_id"):
            return "1"
        return sample(converter, name)

    return fill


def address(route: str, demo: DemoObjects) -> str:
    query = next((q for prefix, q in demo.queries.items() if route.startswith(prefix)), "")
    return concrete(route, filler(route, demo)) + query


REDIRECTS = (301, 302, 303, 307, 308)
# Django's LocaleMiddleware answers a 404 under /admin/ with a redirect to the same path under
# a language prefix (the Wagtail page tree there would take any path).
LANGUAGE_PREFIXED = re.compile(r"/[a-z]{2}(?:-[a-z]+)?(/admin/.*)")


def answer(client: Client, path: str, hops: int = 0) -> str:
    """What a person sees: the page ("open"), a refusal ("denied"), or a status code.

    A redirect to another admin page is followed (a view that sends you on to one you may not
    open has not opened anything).
    """
    response = client.get(path)
    status = response.status_code
    if status in REDIRECTS:
        location = response["Location"]
        target = urlsplit(location).path
        prefixed = LANGUAGE_PREFIXED.fullmatch(target)
        if "/2fa/" in target:
            return "second factor asked"
        # Anonymous visitors go to log in; Wagtail sends the others back to the dashboard
        # ("Sorry, you do not have permission to access this area.").
        if target.endswith("/accounts/login/") or target in ("/admin/", "/admin/login/"):
            return "denied"
        if prefixed and prefixed.group(1) == urlsplit(path).path:
            return "404"
        if target.startswith("/admin/") and hops < 3:
            return answer(client, location, hops + 1)
        return "open"
    if status == 403:
        return "denied"
    if 200 <= status < 300:
        return "open"
    return str(status)


def _clients(users: dict[str, AbstractUser]) -> Iterator[tuple[str, Client]]:
    # A server error is an answer to report, not an exception that stops the walk.
    yield ANONYMOUS, Client(raise_request_exception=False)
    member = Client(raise_request_exception=False)
    member.force_login(users[MEMBER])
    yield MEMBER, member
    for role in (ADMINISTRATOR, CAMPAIGNER, MODERATOR, TRANSLATOR):
        yield role, log_in_with_totp(Client(raise_request_exception=False), users[role])


def expected_for(route: str) -> frozenset[str] | None:
    for pattern, allowed in EXPECTED:
        if re.match(pattern, route):
            return allowed
    return None


def test_the_demo_has_one_account_per_role(demo_accounts: dict[str, AbstractUser]) -> None:
    for demo in DEMO_USERS:
        user = demo_accounts[demo.key]
        assert list(user.groups.values_list("name", flat=True)) == [demo.role]
        assert user.is_superuser == demo.is_superuser
    assert {demo.role for demo in DEMO_USERS} == {
        "Administrator",
        "Campaigner",
        "Moderator",
        "Translator",
        "Member",
    }


def test_every_admin_url_answers_each_role_as_the_table_says(
    demo_objects: DemoObjects, demo_accounts: dict[str, AbstractUser], settings: Any
) -> None:
    settings.CHORUS_DEV_MAILBOX = True
    routes = admin_routes()
    paths = {route: address(route, demo_objects) for route in routes}
    # Log-out last: it ends the session the other requests need.
    order = sorted(routes, key=lambda route: ("logout" in route, route))
    seen: dict[str, dict[str, str]] = {route: {} for route in routes}
    for account, client in _clients(demo_accounts):
        for route in order:
            seen[route][account] = answer(client, paths[route])

    problems = []
    for route in routes:
        allowed = expected_for(route)
        if allowed is None:
            problems.append(f"no row for {route} (answers: {seen[route]})")
            continue
        for account, given in seen[route].items():
            if given == "open" and account not in allowed:
                problems.append(f"{account} may open {paths[route]} ({route})")
            elif given == "denied" and account in allowed:
                problems.append(f"{account} is refused {paths[route]} ({route})")
            elif given not in ("open", "denied", "404", "405") and not (
                given == "500" and route == DELIBERATE_ERROR
            ):
                problems.append(f"{account} gets {given} from {paths[route]} ({route})")
        answers = [given for given in seen[route].values() if given != "denied"]
        expected_missing = any(re.match(pattern, route) for pattern in NOT_FOUND_FOR_EVERYONE)
        if answers and all(given == "404" for given in answers) and not expected_missing:
            problems.append(f"nobody finds {paths[route]} ({route}): fill its parameters from the demo")
    unused = [pattern for pattern, _ in EXPECTED if not any(re.match(pattern, route) for route in routes)]
    problems.extend(f"row {pattern!r} matches no admin URL" for pattern in unused)
    assert not problems, "\n".join(problems)
