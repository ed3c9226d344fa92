"""State changes core owns: the organisers' roles (Wagtail groups, see `core.roles`).

Every function takes the app registry it works on, so that the data migration can run them
on the historical models and the demo (after a test's flush) on today's.
"""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

from .roles import ADMINISTRATOR, DECLARED_ELSEWHERE, ROLE_NAMES, ROLES, Role


def _permission(apps: Apps, using: str, dotted: str) -> Any:
    """The Permission row for "app_label.codename", made now if its app has not made it yet.

    Django creates permissions after every migration has run, and an app that migrates
    after this one may be the one declaring it: the row is made with the content type and
    label the declaring app will give it, and Django's own pass later finds it in place.
    """
    content_types = apps.get_model("contenttypes", "ContentType").objects.db_manager(using)
    permissions = apps.get_model("auth", "Permission").objects.db_manager(using)
    app_label, codename = dotted.split(".", 1)
    existing = permissions.filter(content_type__app_label=app_label, codename=codename).first()
    if existing is not None:
        return existing
    declared = DECLARED_ELSEWHERE.get(dotted)
    action, _, model = codename.partition("_")
    model = declared.model if declared else model
    try:
        verbose_name = apps.get_model(app_label, model)._meta.verbose_name_raw
    except LookupError:
        verbose_name = model
    label = declared.label if declared else f"Can {action} {verbose_name}"
    content_type, _created = content_types.get_or_create(app_label=app_label, model=model)
    return permissions.create(content_type=content_type, codename=codename, name=label)


def _grant_pages_and_media(apps: Apps, using: str, group: Any, role: Role) -> None:
    """Page permissions on the root of the page tree, media ones on the root collection."""
    root_page = apps.get_model("wagtailcore", "Page").objects.db_manager(using).filter(depth=1).first()
    if root_page is not None:
        page_permissions = apps.get_model("wagtailcore", "GroupPagePermission").objects.db_manager(using)
        for codename in role.page_permissions:
            permission = _permission(apps, using, f"wagtailcore.{codename}")
            page_permissions.get_or_create(group=group, page=root_page, permission=permission)
    root_collection = (
        apps.get_model("wagtailcore", "Collection").objects.db_manager(using).filter(depth=1).first()
    )
    if root_collection is not None:
        collection_permissions = apps.get_model(
            "wagtailcore", "GroupCollectionPermission"
        ).objects.db_manager(using)
        for dotted in role.media_permissions:
            permission = _permission(apps, using, dotted)
            collection_permissions.get_or_create(
                group=group, collection=root_collection, permission=permission
            )


def install_roles(apps: Apps = global_apps, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Make the role groups that do not exist yet, with their first permissions.

    A group that exists is left as it is: roles are edited under Settings → Groups, and
    neither the demo nor a later migration puts back what someone took away. Returns the
    names of the groups made.
    """
    groups = apps.get_model("auth", "Group").objects.db_manager(using)
    permissions = apps.get_model("auth", "Permission").objects.db_manager(using)
    # Every permission a role names exists before "every permission" is read: some are made by
    # data migrations (wagtail-localize's submit_translation), which a test's flush empties.
    for role in ROLES:
        for dotted in role.permissions:
            _permission(apps, using, dotted)
    made = []
    for role in ROLES:
        if groups.filter(name=role.name).exists():
            continue
        group = groups.create(name=role.name)
        if role.every_permission:
            group.permissions.add(*permissions.all())
        else:
            group.permissions.add(*(_permission(apps, using, dotted) for dotted in role.permissions))
        _grant_pages_and_media(apps, using, group, role)
        made.append(role.name)
    return made


def remove_roles(apps: Apps = global_apps, using: str = DEFAULT_DB_ALIAS) -> None:
    """Delete the role groups (the migration's reverse); their members stay, without them."""
    apps.get_model("auth", "Group").objects.db_manager(using).filter(name__in=ROLE_NAMES).delete()


def complete_administrators(
    sender: AppConfig, *, using: str = DEFAULT_DB_ALIAS, apps: Apps = global_apps, **kwargs: Any
) -> None:
    """After `migrate`: the Administrator group holds every permission, new ones included.

    Connected to `post_migrate` in CoreConfig.ready. Core's handler is connected before
    django.contrib.auth's, so for each app it would run before that app's permissions exist:
    they are made here first (Django's `create_permissions` makes only what is missing).
    """
    try:
        group = apps.get_model("auth", "Group").objects.db_manager(using).filter(name=ADMINISTRATOR).first()
        permissions = apps.get_model("auth", "Permission").objects.db_manager(using)
    except LookupError:
        return
    if group is None:
        return
    create_permissions(sender, verbosity=0, interactive=False, using=using, apps=apps)
    group.permissions.add(*permissions.exclude(group=group))
