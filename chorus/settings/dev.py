"""`make run`: SQLite under var/, debug on, mail captured locally."""

from .base import *  # noqa: F403
from .base import CHORUS_SERVER_KEY as _SERVER_KEY
from .base import SECRET_KEY as _SECRET_KEY
from .base import VAR_DIR

DEBUG = True
SECRET_KEY = _SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Mail is captured as .eml files under var/mailbox/ and read in the admin ("Development mailbox").
MAILERS = {"default": {"BACKEND": "chorus.delivery.mailbox.DevMailboxBackend"}}
CHORUS_DEV_MAILBOX = True
CHORUS_DEV_MAILBOX_DIR = VAR_DIR / "mailbox"


def _development_server_key() -> str:
    """A server key kept in var/ so `make run` works without configuration (never in production)."""
    from chorus.core.crypto import generate_server_key

    path = VAR_DIR / "dev-server-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generate_server_key())
        path.chmod(0o600)
    return path.read_text().strip()


CHORUS_SERVER_KEY = _SERVER_KEY or _development_server_key()
