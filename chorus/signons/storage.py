"""Where joint letter logos live: outside MEDIA_ROOT, so no web server hands them out as they are.

A logo is uploaded with a signature that nobody has reviewed yet; until staff approve it (and
the signer agreed to be listed) only staff may see it. `views.logo` serves every logo and
checks that first. Callable storage: the migration names this function, not a path.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def logo_storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.CHORUS_PRIVATE_MEDIA_DIR, base_url="/signons/logos/")
