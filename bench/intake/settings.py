"""Settings for bench/intake: the production settings, on loopback, with a database of its own.

Everything is `chorus.settings.production` (DEBUG off, the same middleware, caches, task
backend and database connection reuse) apart from what a benchmark on one machine needs:

- its own PostgreSQL database (`chorus_bench`, created and dropped by run.py), so it never
  touches a developer's data;
- secrets from run.py's environment (random per run), with fixed fallbacks so that
  `DJANGO_SETTINGS_MODULE=bench.intake.settings manage.py ...` also works for inspection;
- plain static file storage: the compressed manifest needs `collectstatic`, which would only
  slow the benchmark's start-up and is not on the path being measured;
- a URLconf that adds the bare view in front of the site's own;
- the shared Redis cache that several workers need, and loopback as the trusted proxy.

HTTPS stays on (SSL redirect, secure cookies, CSRF origin checks): the load generator talks
to gunicorn as the TLS-terminating reverse proxy would, with `X-Forwarded-Proto: https`.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-any-real-site-0123456789abcdef")
os.environ.setdefault("CHORUS_SERVER_KEY", "YmVuY2gtb25seS1zZXJ2ZXIta2V5LTMyLWJ5dGVzISE=")
os.environ.setdefault("CHORUS_VAR_DIR", os.path.join(tempfile.gettempdir(), "chorus-bench"))
# Several gunicorn workers share rate limits and pause flags only through a shared cache (the
# server refuses to start without one: chorus.E001); Redis runs on every machine of this kind.
os.environ.setdefault("CHORUS_REDIS_URL", "redis://127.0.0.1:6379/14")
# The load generator plays the TLS-terminating proxy on loopback, naming a client per request.
os.environ.setdefault("CHORUS_TRUSTED_PROXIES", "127.0.0.1,::1")

import dj_database_url

from chorus.settings.production import *  # noqa: F403
from chorus.settings.production import DATABASES, INSTALLED_APPS

BENCH_DATABASE_URL = os.environ.get(
    "CHORUS_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/chorus_bench"
)

# Same connection reuse as production (base.py reads CHORUS_DB_CONN_MAX_AGE, default 60 s).
DATABASES["default"] = dj_database_url.parse(
    BENCH_DATABASE_URL, conn_max_age=int(os.environ.get("CHORUS_DB_CONN_MAX_AGE", "60"))
)
if "django.contrib.postgres" not in INSTALLED_APPS:
    INSTALLED_APPS.append("django.contrib.postgres")

ROOT_URLCONF = "bench.intake.urls"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
