"""pytest: the same stack as production, with fast hashing and in-memory storage for media."""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR

SECRET_KEY = "test-only-key-0123456789abcdef0123456789abcdef0123456789"  # noqa: S105
ALLOWED_HOSTS = ["*"]
CHORUS_SERVER_KEY = "dGVzdC1vbmx5LXNlcnZlci1rZXktMzItYnl0ZXMhISE="
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media"
CHORUS_PRIVATE_MEDIA_DIR = VAR_DIR / "test-private"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# No page cache across tests (each test has its own database); tests of the cache turn it on.
CACHES = {**CACHES, "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not SQLite's shared-cache memory database: concurrent threads then lock like a
    # real deployment, and worker subprocesses can open it. pytest-django adds a suffix per
    # xdist worker; the process id keeps concurrent pytest runs in one tree apart.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Playwright's sync API runs an event loop in the test thread; the ORM calls in tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# A kind of action that exists only in the tests (tests/kinds/call_representative): the shared
# contract suite every kind passes runs on it too, proving a new kind needs one folder.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.kinds.call_representative"]  # noqa: F405
