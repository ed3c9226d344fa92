"""Settings for bench/pages: the test settings (in-process, SQLite) with the caches a site has.

The test settings turn the shared page cache off so that tests do not see each other's pages;
a running site has it (a file cache, or Redis), and the menus kept in it are part of what a
page costs. The URLconf adds the bare "hello" view in front of the site's own.
"""

import os
import tempfile

from chorus.settings.test import *  # noqa: F403
from chorus.settings.test import CACHES

CACHES = {
    **CACHES,
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.path.join(tempfile.gettempdir(), "chorus-bench-pages-cache"),
    },
}
ROOT_URLCONF = "bench.pages.urls"
DEBUG = False
