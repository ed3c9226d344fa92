"""The roles migration: five groups with their first permissions, editable later, reversible,
and an Administrator group that keeps every permission as apps add new ones."""

from __future__ import annotations

import importlib
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.signals import post_migrate
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page

from chorus.core.roles import ROLE_NAMES
from chorus.core.services import install_roles

pytestmark = pytest.mark.django_db

migration = importlib.import_module("chorus.core.migrations.0002_roles")
SCHEMA_EDITOR = SimpleNamespace(connection=connection)


@pytest.fixture(autouse=True)
def roles_as_migrated(db: None) -> None:
    """The state the roles migration leaves. A test that flushed the database before this one
    (live server, transactions) took the groups with it; the migration's own step puts them back
    (Wagtail's root page and collection, which it grants on, come with the demo)."""
    if not Group.objects.filter(name__in=ROLE_NAMES).exists():
        from tests.helpers import default_home

        default_home()
        migration.forwards(apps, SCHEMA_EDITOR)


def codes(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {
        f"{ct}.{code}" for ct, code in group.permissions.values_list("content_type__app_label", "codename")
    }


def page_codes(group_name: str) -> set[str]:
    return set(
        GroupPagePermission.objects.filter(group__name=group_name, page__depth=1).values_list(
            "permission__codename", flat=True
        )
    )


def test_the_migration_made_the_five_roles_with_their_permissions() -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLE_NAMES)
    # Wagtail's sample groups, empty, are gone: they would read as the roles with other rights.
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()

    assert codes("Administrator") == {
        f"{ct}.{code}" for ct, code in Permission.objects.values_list("content_type__app_label", "codename")
    }
    assert codes("Moderator") == {"wagtailadmin.access_admin", "actions.change_action"}
    assert page_codes("Moderator") == set()
    assert codes("Translator") == {"wagtailadmin.access_admin", "wagtail_localize.submit_translation"}
    assert page_codes("Translator") == {"change_page"}
    campaigner = codes("Campaigner")
    assert {
        "actions.change_action",
        "actions.view_results",
        "handover.add_deliverybundle",
        "supporters.export_supporters",
        "letters.change_target",
        "handover.change_deliveryrecord",
    } <= campaigner
    assert not {code for code in campaigner if code.startswith(("auth.", "wagtailcore.", "delivery."))}
    assert "publish_page" in page_codes("Campaigner")
    assert "bulk_delete_page" not in page_codes("Campaigner")
    assert GroupCollectionPermission.objects.filter(group__name="Campaigner").count() == 8
    assert codes("Member") == set()


def test_a_permission_added_later_is_the_administrators_at_the_next_migrate() -> None:
    content_type = ContentType.objects.get_for_model(Page)
    added = Permission.objects.create(content_type=content_type, codename="audit_page", name="Can audit")
    assert "wagtailcore.audit_page" not in codes("Administrator")

    post_migrate.send(
        sender=apps.get_app_config("wagtailcore"),
        app_config=apps.get_app_config("wagtailcore"),
        verbosity=0,
        interactive=False,
        using="default",
        apps=apps,
        plan=[],
    )

    assert Group.objects.get(name="Administrator").permissions.filter(pk=added.pk).exists()
    assert not Group.objects.get(name="Campaigner").permissions.filter(pk=added.pk).exists()


def test_an_edited_role_is_left_as_it_is() -> None:
    moderator = Group.objects.get(name="Moderator")
    moderator.permissions.remove(Permission.objects.get(codename="change_action"))
    assert install_roles() == []
    assert codes("Moderator") == {"wagtailadmin.access_admin"}


def test_the_migration_reverses_and_applies_again(django_user_model: Any) -> None:
    migration.backwards(apps, SCHEMA_EDITOR)
    assert not Group.objects.filter(name__in=ROLE_NAMES).exists()
    assert set(Group.objects.filter(name__in=["Editors", "Moderators"]).values_list("name", flat=True)) == {
        "Editors",
        "Moderators",
    }

    migration.forwards(apps, SCHEMA_EDITOR)
    assert set(Group.objects.filter(name__in=ROLE_NAMES).values_list("name", flat=True)) == set(ROLE_NAMES)
    assert codes("Moderator") == {"wagtailadmin.access_admin", "actions.change_action"}
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()


def test_a_sample_group_with_people_in_it_is_kept(django_user_model: Any) -> None:
    migration.backwards(apps, SCHEMA_EDITOR)
    editor = django_user_model.objects.create_user(username="noi", email="noi@example.org", password="x" * 16)
    editor.groups.add(Group.objects.get(name="Editors"))

    migration.forwards(apps, SCHEMA_EDITOR)
    assert Group.objects.filter(name="Editors").exists()
    assert not Group.objects.filter(name="Moderators").exists()
