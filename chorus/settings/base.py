"""Settings shared by every environment. Everything that differs comes from environment variables."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = BASE_DIR / "chorus"
VAR_DIR = Path(os.environ.get("CHORUS_VAR_DIR", BASE_DIR / "var"))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CHORUS_CSRF_TRUSTED_ORIGINS")
# Django's own page is English only and says nothing a supporter can act on.
CSRF_FAILURE_VIEW = "chorus.core.error_pages.csrf_failure"

CHORUS_SITE_NAME = os.environ.get("CHORUS_SITE_NAME", "Chorus")
CHORUS_BASE_URL = os.environ.get("CHORUS_BASE_URL", "http://127.0.0.1:8000")
# 32 random bytes, base64: encrypts data the server must send with, keys the blind index and
# the client-address hashes. `chorus keys server-key` prints a new one.
CHORUS_SERVER_KEY = os.environ.get("CHORUS_SERVER_KEY", "")
# How long personal data attached to an action is kept unless the campaign says otherwise.
CHORUS_RETENTION_DAYS = int(os.environ.get("CHORUS_RETENTION_DAYS", "180"))
# How long an action page (its anonymous GET) is kept in the page cache, and by a reverse proxy
# (docs/architecture.md, "Cached action pages and CSRF"); 0 keeps them out of both.
CHORUS_ACTION_PAGE_CACHE_SECONDS = int(os.environ.get("CHORUS_ACTION_PAGE_CACHE_SECONDS", "30"))
CHORUS_ACTION_PAGE_PROXY_SECONDS = int(os.environ.get("CHORUS_ACTION_PAGE_PROXY_SECONDS", "5"))

INSTALLED_APPS = [
    "chorus.core",
    "chorus.news",
    "chorus.supporters",
    "chorus.actions",
    "chorus.delivery",
    "chorus.campaigns",
    "chorus.petitions",
    "chorus.letters",
    "chorus.jointletters",
    "chorus.signons",
    "chorus.handover",
    "chorus.results",
    "chorus.events",
    "chorus.privacy",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "chorus.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "chorus.core.middleware.RememberLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "chorus.core.middleware.StaffMFAMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so it sees the user, the language and the messages (see chorus/core/page_cache.py).
    "chorus.core.page_cache.AnonymousPageCacheMiddleware",
]

ROOT_URLCONF = "chorus.urls"
WSGI_APPLICATION = "chorus.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chorus.core.context_processors.site_chrome",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'chorus.sqlite3'}"),
        conn_max_age=int(os.environ.get("CHORUS_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web server read while the task worker writes; IMMEDIATE avoids
    # "database is locked" upgrades from read to write transactions.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search index uses PostgreSQL full-text fields there; without this app every
    # management command (migrate, db_worker, scheduler) stops at the system checks.
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts: email + password; nobody signs themselves up (staff create members).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "chorus.core.accounts.ClosedSignupAdapter"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
# Sign-up is closed, so a reset request for an unknown address sends nothing (not an invitation).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Confirming access before changing two-factor settings needs the password or a second factor,
# never only a code mailed to a staff inbox.
ACCOUNT_REAUTHENTICATION_METHODS = ["password", "mfa"]
# Login limits (chorus/core/login_limits.py): per client, as the trusted-proxy rule finds it and
# only as a keyed hash in the cache; per account only a short delay, never allauth's lock-out.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}
CHORUS_LOGIN_FREE_FAILURES = 5
CHORUS_LOGIN_DELAY_CAP = int(os.environ.get("CHORUS_LOGIN_DELAY_CAP", "30"))
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = CHORUS_SITE_NAME

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
    ("th", "ไทย"),
    ("ko", "한국어"),
    ("km", "ខ្មែរ"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "chorus_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = os.environ.get("CHORUS_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("CHORUS_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Web processes: gunicorn workers on this machine (chorus/gunicorn_conf.py reads the same
# variable) and machines serving the site. More than one in all needs a shared cache
# (CHORUS_REDIS_URL): the check chorus.E001 refuses to start otherwise.
CHORUS_WEB_WORKERS = int(os.environ.get("CHORUS_WEB_WORKERS") or "2")
CHORUS_WEB_NODES = int(os.environ.get("CHORUS_WEB_NODES") or "1")

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "chorus",
    }
}
# Rendered pages for anonymous visitors: a file cache, so every web worker sees the same
# content version and a publish in one worker clears the pages of all (chorus/core/page_cache.py).
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": str(VAR_DIR / "cache" / "pages"),
}
if os.environ.get("CHORUS_REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["CHORUS_REDIS_URL"],
    }
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "pages"}

WAGTAIL_SITE_NAME = CHORUS_SITE_NAME
WAGTAILADMIN_BASE_URL = CHORUS_BASE_URL
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
# No avatars from gravatar.com: the admin would send a hash of each staff address to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt"]

# Django 6.1 mailers. Supporter mail never leaves through these directly: it goes
# through the outbox and the worker (see docs/architecture.md).
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("CHORUS_SMTP_HOST", "127.0.0.1"),
            "port": int(os.environ.get("CHORUS_SMTP_PORT", "25")),
            "username": os.environ.get("CHORUS_SMTP_USER", ""),
            "password": os.environ.get("CHORUS_SMTP_PASSWORD", ""),
            "use_tls": env_bool("CHORUS_SMTP_STARTTLS"),
            "timeout": 20,
        },
    }
}
# An address without a display name (the default) is sent under the default Wagtail Site's
# name, or CHORUS_SITE_NAME (chorus.delivery.messages.sender).
DEFAULT_FROM_EMAIL = os.environ.get("CHORUS_FROM_EMAIL", "no-reply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The outbox worker (chorus/delivery/services.py): a claimed row still `sending` after the
# lease is presumed abandoned by a dead worker and sent again; a due row whose task has not
# run within the sweep grace is presumed to have lost its task and is re-enqueued.
CHORUS_OUTBOX_LEASE_SECONDS = int(os.environ.get("CHORUS_OUTBOX_LEASE_SECONDS", "120"))
CHORUS_OUTBOX_SWEEP_GRACE_SECONDS = int(os.environ.get("CHORUS_OUTBOX_SWEEP_GRACE_SECONDS", "300"))
CHORUS_OUTBOX_MAX_ATTEMPTS = int(os.environ.get("CHORUS_OUTBOX_MAX_ATTEMPTS", "16"))
# Targets who take a daily digest of letters get it once a day from this hour (TIME_ZONE).
CHORUS_LETTER_DIGEST_HOUR = int(os.environ.get("CHORUS_LETTER_DIGEST_HOUR", "17"))
# Delivery bundles (printable PDFs of signatories): private files, served to staff only, never under MEDIA.
CHORUS_BUNDLE_DIR = Path(os.environ.get("CHORUS_BUNDLE_DIR", VAR_DIR / "bundles"))
# Sealed supporter exports prepared in the admin: private files, served to staff only, deleted after
# CHORUS_EXPORT_KEEP_HOURS (they are ciphertext, but nothing needs them on the server for long).
CHORUS_EXPORT_DIR = Path(os.environ.get("CHORUS_EXPORT_DIR", VAR_DIR / "exports"))
CHORUS_EXPORT_KEEP_HOURS = int(os.environ.get("CHORUS_EXPORT_KEEP_HOURS", "24"))
# Files that must not be public as they are uploaded (joint letter logos waiting for review): never
# under MEDIA, served to staff only; an approved logo is copied to public media.
CHORUS_PRIVATE_MEDIA_DIR = Path(os.environ.get("CHORUS_PRIVATE_MEDIA_DIR", VAR_DIR / "private"))
# Finished background-task results (ids, outcomes, tracebacks) are deleted after this many days.
CHORUS_TASK_RESULT_DAYS = int(os.environ.get("CHORUS_TASK_RESULT_DAYS", "7"))
# Audit log entries (Wagtail's log: Reports → Site history, page history) are deleted after this many days.
CHORUS_AUDIT_LOG_DAYS = int(os.environ.get("CHORUS_AUDIT_LOG_DAYS", "365"))
# The development mailbox (dev.py): captured mail and a staff page in the admin to read it.
CHORUS_DEV_MAILBOX = False
CHORUS_DEV_MAILBOX_DIR = VAR_DIR / "mailbox"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Logs never carry a client address: Django's request logging is kept, but every record is
# redacted, and gunicorn's access and error logs go through the same redaction (chorus/gunicorn_conf.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Every line loses any IP address and link token before it is written (chorus/core/private_logs.py).
    "filters": {"private": {"()": "chorus.core.private_logs.RedactFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["private"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("CHORUS_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers (a console one when DEBUG, mail to ADMINS with the whole request)
        # would write before a record reaches the root's filtered handler: none, so it does.
        "django": {"handlers": [], "level": os.environ.get("CHORUS_LOG_LEVEL", "INFO"), "propagate": True},
        "django.server": {"handlers": [], "propagate": False},
    },
}

# Submissions from these domains are flagged (kept, not counted, reviewable by staff).
CHORUS_BLOCKED_EMAIL_DOMAINS = env_list(
    "CHORUS_BLOCKED_EMAIL_DOMAINS",
    "mailinator.com,guerrillamail.com,sharklasers.com,10minutemail.com,yopmail.com,trashmail.com,"
    "temp-mail.org,getnada.com,dispostable.com,maildrop.cc",
)

# Mail providers so common that their share of a campaign's actions says nothing: never
# reported as a trending domain (docs/architecture.md, "Anti-abuse").
CHORUS_COMMON_EMAIL_DOMAINS = env_list(
    "CHORUS_COMMON_EMAIL_DOMAINS",
    "gmail.com,outlook.com,hotmail.com,live.com,yahoo.com,icloud.com,me.com,proton.me,protonmail.com,"
    "gmx.com,gmx.de,web.de,aol.com,mail.com,yandex.com,qq.com,163.com,126.com,sina.com,"
    "yahoo.com.tw,yahoo.co.th,hotmail.co.th,naver.com,daum.net,hanmail.net,kakao.com,bigpond.com,"
    "optusnet.com.au",
)
# Actions from one client address on one campaign: up to CHORUS_BUSY_ADDRESS_PER_10_MIN in any
# ten minutes pass untouched (a room of people on one Wi-Fi); beyond that they count once their
# email is confirmed; beyond CHORUS_ADDRESS_FLOOD_PER_HOUR in any hour they wait for staff.
CHORUS_BUSY_ADDRESS_LIMIT = (600, int(os.environ.get("CHORUS_BUSY_ADDRESS_PER_10_MIN", "100")))
CHORUS_ADDRESS_FLOOD_LIMIT = (3600, int(os.environ.get("CHORUS_ADDRESS_FLOOD_PER_HOUR", "300")))

# Reverse proxies whose X-Forwarded-For is believed when finding a client's address (which is
# only ever hashed, in the cache, for rate limits).
# None by default: a client talking to gunicorn directly must not name its own address. Behind a
# proxy on this machine set CHORUS_TRUSTED_PROXIES=127.0.0.1,::1 (addresses or CIDR ranges) and
# have the proxy replace the header (chorus/core/http.py; docs/deployment.md).
CHORUS_TRUSTED_PROXIES = env_list("CHORUS_TRUSTED_PROXIES")
