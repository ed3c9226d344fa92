"""The organisers' roles: five Wagtail groups and what each may do when it is first made.

The groups are data: `core/migrations/0002_roles.py` makes them from this table (through
`core.services.install_roles`), and from then on they are edited under *Settings → Groups*
like any other group; nothing rewrites a group that exists. The one rule kept after
that is the Administrator's: it holds every permission, including those a later migration
adds (`core.services.complete_administrators`, run after every `migrate`).

Names are `app_label.codename`. Page permissions are granted on the root of the page tree,
so they reach every language's pages; image and document permissions on the root collection.
Permissions that no model declares yet (an app that migrates later declares them) are
listed in `DECLARED_ELSEWHERE` with the content type and label they will have, so that the
grant can be made now and the declaring app's migration finds the row in place.
"""

from __future__ import annotations

from dataclasses import dataclass

ADMINISTRATOR = "Administrator"
CAMPAIGNER = "Campaigner"
MODERATOR = "Moderator"
TRANSLATOR = "Translator"
MEMBER = "Member"

# Everything under /admin/ needs this one first.
ACCESS_ADMIN = "wagtailadmin.access_admin"
# The moderation views (flagged actions, intake pause, joint-letter queue, petition names
# and comments) and who holds them.
MODERATE = "actions.change_action"
# Delivery bundles: prepare and download.
PREPARE_BUNDLES = "handover.add_deliverybundle"
# Sealed supporter exports from the admin (privacy/admin_exports.py): prepare, download, delete.
EXPORT_SUPPORTERS = "supporters.export_supporters"
# The development mailbox shows every captured mail, supporters' addresses included.
READ_DEV_MAILBOX = "delivery.view_outbox"
# wagtail-localize's "Translate this page" and "Sync translated pages".
SUBMIT_TRANSLATION = "wagtail_localize.submit_translation"


@dataclass(frozen=True)
class Declared:
    """A permission some app declares (possibly in a migration that runs after ours)."""

    model: str
    label: str


DECLARED_ELSEWHERE = {
    ACCESS_ADMIN: Declared("admin", "Can access Wagtail admin"),
    SUBMIT_TRANSLATION: Declared("translation", "Can submit translations"),
    "actions.view_results": Declared("action", "Can see results and download their tables"),
    EXPORT_SUPPORTERS: Declared("supporter", "Can export supporters' sealed details"),
    "wagtailcore.bulk_delete_page": Declared("page", "Delete pages with children"),
    "wagtailcore.lock_page": Declared("page", "Lock/unlock pages you've locked"),
    "wagtailcore.publish_page": Declared("page", "Publish any page"),
    "wagtailcore.unlock_page": Declared("page", "Unlock any page"),
}

ALL_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "bulk_delete_page",
    "lock_page",
    "publish_page",
    "unlock_page",
)
ALL_MEDIA_PERMISSIONS = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtailimages.delete_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtaildocs.delete_document",
)


# Settings → Collections: Wagtail reads these from the root collection, not from the group.
COLLECTION_MANAGEMENT = (
    "wagtailcore.add_collection",
    "wagtailcore.change_collection",
    "wagtailcore.delete_collection",
)


def _model_permissions(
    app_label: str, model: str, actions: str = "add change delete view"
) -> tuple[str, ...]:
    return tuple(f"{app_label}.{action}_{model}" for action in actions.split())


@dataclass(frozen=True)
class Role:
    """A group as the migration first makes it."""

    name: str
    permissions: tuple[str, ...] = ()
    page_permissions: tuple[str, ...] = ()  # wagtailcore codenames, on the root page
    media_permissions: tuple[str, ...] = ()  # on the root collection (images, documents, collections)
    every_permission: bool = False  # the Administrator: all that exist, now and later


ROLES = (
    Role(
        ADMINISTRATOR,
        every_permission=True,
        page_permissions=ALL_PAGE_PERMISSIONS,
        media_permissions=ALL_MEDIA_PERMISSIONS + COLLECTION_MANAGEMENT,
    ),
    Role(
        CAMPAIGNER,
        permissions=(
            ACCESS_ADMIN,
            SUBMIT_TRANSLATION,
            MODERATE,
            "actions.view_results",
            PREPARE_BUNDLES,
            EXPORT_SUPPORTERS,
            *_model_permissions("handover", "deliveryrecord"),
            *_model_permissions("letters", "target"),
            *_model_permissions("core", "menuitem"),
        ),
        page_permissions=("add_page", "change_page", "lock_page", "publish_page", "unlock_page"),
        media_permissions=ALL_MEDIA_PERMISSIONS,
    ),
    Role(MODERATOR, permissions=(ACCESS_ADMIN, MODERATE)),
    Role(
        TRANSLATOR,
        permissions=(ACCESS_ADMIN, SUBMIT_TRANSLATION),
        # Drafts, never publishing: a Campaigner publishes what a translator has written.
        page_permissions=("change_page",),
        media_permissions=("wagtailimages.choose_image", "wagtaildocs.choose_document"),
    ),
    # Members read members-only pages on the public site; nothing in the admin.
    Role(MEMBER),
)

ROLE_NAMES = tuple(role.name for role in ROLES)
