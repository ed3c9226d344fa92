"""Settings for bench/proxy: bench/pages' settings (a site's page cache, the bare hello view)
served by gunicorn to nginx on loopback."""

import os

from bench.pages.settings import *  # noqa: F403
from bench.pages.settings import CACHES

CACHES = {
    **CACHES,
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("CHORUS_BENCH_PAGES_CACHE", CACHES["pages"]["LOCATION"]),
    },
}
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
