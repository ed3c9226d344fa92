"""Where joint letter logos wait for review: outside MEDIA_ROOT, so no web server hands them out.

A logo is uploaded with a signature that nobody has reviewed yet. The uploaded file
(`Signature.logo`) lives here and only staff who moderate see it, through the admin view
`jointletters_admin:joint_letter_logo`. When staff approve a listed signature, `services.approve`
copies it to public media (`Signature.public_logo`), which the public list shows. Callable
storage: migrations name this function, not a path.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """A folder the site never serves as files: there is no URL to give out."""

    def url(self, name: str | None) -> str:
        raise ValueError("A private file has no public URL; serve it through a view that checks access.")


def logo_storage() -> FileSystemStorage:
    return PrivateStorage(location=settings.CHORUS_PRIVATE_MEDIA_DIR)
