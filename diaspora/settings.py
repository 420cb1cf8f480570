"""Settings, all read from the environment here and nowhere else.

Defaults suit development on the embedded SQLite database; production sets
DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DIASPORA_VAR_DIR", BASE_DIR / "var"))


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_number(name: str, default: str) -> float | None:
    value = os.environ.get(name, default).strip()
    return float(value) if value else None


DEBUG = env_flag("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off")
    SECRET_KEY = "development-only-key-never-used-in-production-" + "x" * 16
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "treebeard",
    "ninja",
    "diaspora.accounts",
    "diaspora.directory",
    "diaspora.people",
    "diaspora.imports",
    "diaspora.events",
    "django_tasks",
    "django_tasks_db",
    "diaspora.reports",
    "diaspora.demo_data",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "diaspora.middleware.RejectUnstorableQueries",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
]

ROOT_URLCONF = "diaspora.urls"
WSGI_APPLICATION = "diaspora.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "diaspora" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "diaspora.context_processors.site",
                "diaspora.context_processors.rights",
            ],
        },
    },
]

# SQLite is the zero-set-up default. WAL and IMMEDIATE transactions let
# concurrent writers queue on the lock instead of failing with "database is locked".
SQLITE_PATH = VAR_DIR / "diaspora.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fresh clone has no var/ (it is ignored): the embedded database makes its own.
    if DATABASES["default"]["NAME"] != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")  # trigram lookups for name search
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Interface languages are configuration: a second deployment lists its own.
LANGUAGE_NAMES = {"az": "Azərbaycanca", "ru": "Русский", "en": "English", "tr": "Türkçe"}
LANGUAGES = [
    (code, LANGUAGE_NAMES.get(code, code)) for code in env_list("DIASPORA_LANGUAGES", "az,ru,en")
]
LANGUAGE_CODE = LANGUAGES[0][0]
LOCALE_PATHS = [BASE_DIR / "diaspora" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("DIASPORA_TIME_ZONE", "Asia/Baku")

# The homeland whose diaspora this deployment serves (ISO 3166-1 alpha-2).
DIASPORA_HOMELAND = os.environ.get("DIASPORA_HOMELAND", "AZ")
DIASPORA_DEPLOYMENT = os.environ.get(
    "DIASPORA_DEPLOYMENT", str(BASE_DIR / "deployments" / "azerbaijan.json")
)
DIASPORA_SITE_NAME = os.environ.get("DIASPORA_SITE_NAME", _("Diaspora network"))
# Where the platform is reached from outside: links in emails start here.
DIASPORA_SITE_URL = os.environ.get("DIASPORA_SITE_URL", "http://127.0.0.1:8000")

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "diaspora" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"

# Development without a mail server writes each message to var/mail instead.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if DEBUG and "EMAIL_HOST" not in os.environ
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@localhost")

# Long work (imports, scans) runs as tasks kept in the database and done by
# `manage.py db_worker` (make run starts one); DIASPORA_TASKS=immediate runs them in
# the request instead, as the tests do.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if os.environ.get("DIASPORA_TASKS") == "immediate"
        else "django_tasks_db.DatabaseBackend"
    }
}
# Bytes of address space each import (check or commit) may use (a million-row list,
# the largest accepted, runs within 4 GiB): it runs in a process
# of its own, which a file needing more ends without stopping the worker. 0: no bound.
DIASPORA_IMPORT_MEMORY_LIMIT = int(os.environ.get("DIASPORA_IMPORT_MEMORY_LIMIT", 6 * 2**30))
# An import's progress, written by the task worker while its transaction is still
# open and read by the web server: it must be a cache both processes share and that
# lives outside the database (on SQLite the import holds the only write lock). A
# directory on one machine by default; several machines set a shared cache here.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "progress": {
        "BACKEND": os.environ.get(
            "DIASPORA_PROGRESS_CACHE", "django.core.cache.backends.filebased.FileBasedCache"
        ),
        "LOCATION": os.environ.get("DIASPORA_PROGRESS_LOCATION", str(VAR_DIR / "progress")),
    },
}
# Uploads larger than this go to a temporary file, not memory; imports set their own cap.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

# Pages run only the scripts and styles the platform serves itself: no inline code, no
# other origin (a closed network has none anyway). Pico's form controls draw their
# arrows and ticks from data: images; the check-in page's camera feed needs no source.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Only the door's check-in page asks for a device: the camera that reads tickets.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "camera": ["self"],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "serial": [],
    "midi": [],
    "display-capture": [],
    "fullscreen": ["self"],
    "browsing-topics": [],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# HSTS's subdomain and preload flags commit a whole domain for months: a deployment
# opts in once every subdomain serves HTTPS, never by default.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", False)

# How long personal data no longer needed is kept (diaspora/people/retention.py),
# applied by `manage.py apply_retention` or its task; an empty value keeps forever.
DIASPORA_RETENTION = {
    # Uploaded member lists: the file and the rows it held for review, in days.
    "uploaded_lists_days": env_number("DIASPORA_RETAIN_LISTS_DAYS", "90"),
    # Names and addresses on registrations for past events, in years after the event.
    "registrations_years": env_number("DIASPORA_RETAIN_REGISTRATIONS_YEARS", "3"),
}

if not DEBUG:
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
