"""Settings for a real task worker process started by the tests.

The test settings, except that tasks go through the database (django-tasks-db) and mail goes
to the tests' SMTP server. The database comes from DATABASE_URL: the test database of the
pytest process that started the worker.
"""

import os

from chorus.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": int(os.environ["CHORUS_SMTP_PORT"]), "timeout": 10},
    }
}
CHORUS_OUTBOX_LEASE_SECONDS = int(os.environ.get("CHORUS_OUTBOX_LEASE_SECONDS", "2"))
