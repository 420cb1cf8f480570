"""Settings, all read from the environment here and nowhere else.

Production is the default: debug off, and the platform refuses to start without
DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (DATABASE_URL and DIASPORA_SITE_URL are
expected too). Development says DJANGO_DEBUG=1, as `make run` does, and then gets a
development key, local hosts and the embedded SQLite database; the tests load
diaspora/tests/settings.py, which does the same.
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


DEBUG = env_flag("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip()
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "")
if not DEBUG:
    # A forgotten variable stops the start here, with its name, rather than running
    # with a key anyone can read in this file or answering no host at all.
    missing = [
        name
        for name, value in (
            ("DJANGO_SECRET_KEY", SECRET_KEY),
            ("DJANGO_ALLOWED_HOSTS", ALLOWED_HOSTS),
        )
        if not value
    ]
    if missing:
        raise RuntimeError(
            f"{' and '.join(missing)} must be set in production "
            "(or DJANGO_DEBUG=1 for development, as `make run` does)"
        )
else:
    SECRET_KEY = SECRET_KEY or "development-only-key-never-used-in-production-" + "x" * 16
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
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
    # Login, password reset and change, email confirmation, second factors (TOTP,
    # recovery codes, WebAuthn passkeys): django-allauth, no social accounts.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "diaspora.directory",
    "diaspora.people",
    "diaspora.imports",
    "diaspora.events",
    "diaspora.congress",
    "diaspora.honours",
    "django_tasks",
    # Before django_tasks_db: its db_worker command, with a heartbeat, is the one found.
    "diaspora.operations",
    "django_tasks_db",
    "diaspora.chronicle",
    "diaspora.reports",
    "diaspora.demo_data",
]

MIDDLEWARE = [
    # First: every answer, a redirect or a refusal too, has a request id and a log line.
    "diaspora.operations.requestlog.LogRequests",
    # Every refusal under /api/ in the API's JSON shape, whoever made it.
    "diaspora.errors.ApiErrorsAsJson",
    "django.middleware.security.SecurityMiddleware",
    "diaspora.operations.routing.ReadYourWrites",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "diaspora.middleware.RejectUnstorableQueries",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "diaspora.accounts.session_timeouts.EndIdleAndOldSessions",
    "diaspora.accounts.second_factor.RequireSecondFactor",
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
ON_POSTGRESQL = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if ON_POSTGRESQL:
    INSTALLED_APPS.append("django.contrib.postgres")  # trigram lookups for name search
    # The same database on a connection of its own, always in autocommit: a figure the
    # progress cache is told inside an import's transaction is seen at once.
    DATABASES["progress"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
# Reads may go to a streaming replica (diaspora/operations/routing.py): only safe
# requests whose session wrote nothing in the last DIASPORA_REPLICA_PIN_SECONDS;
# everything else (writes, transactions, commands, workers) uses the primary.
if os.environ.get("DATABASE_REPLICA_URL", "").strip():
    DATABASES["replica"] = {
        **dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"].strip(),
            conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        ),
        "TEST": {"MIRROR": "default"},
    }
DIASPORA_REPLICA_PIN_SECONDS = int(os.environ.get("DIASPORA_REPLICA_PIN_SECONDS", "10"))
DATABASE_ROUTERS = ["diaspora.operations.routing.Router"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"  # each role lands on its own dashboard
LOGOUT_REDIRECT_URL = "home"

# Logging in (django-allauth). Accounts are made by invitation, never by sign-up; a
# person logs in with their username or their email address.
ACCOUNT_ADAPTER = "diaspora.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
# An address counts only once its owner followed the link mailed to it: nobody logs in
# with, or has password resets sent to, an address they do not control.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_GET = False
# No "remember me": a session ends with the browser, and at the latest after the
# absolute timeout below.
ACCOUNT_SESSION_REMEMBER = False
# Changing a second factor, password or address asks for the password (or a second
# factor) again; not for a code by email, which the mailbox alone would answer.
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
# A changed password, address or second factor is told to the account's address.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# A password change keeps the session it was made in and ends every other one
# (Django's session hash); a reset ends them all.
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Lockout: wrong passwords (and wrong second-factor codes) counted per account and per
# address; past the limit the form refuses every attempt, right or wrong, until the
# window ends. "<attempts>/<seconds>s/<per>".
DIASPORA_LOCKOUT_ATTEMPTS = int(os.environ.get("DIASPORA_LOCKOUT_ATTEMPTS", "5"))
DIASPORA_LOCKOUT_ADDRESS_ATTEMPTS = int(os.environ.get("DIASPORA_LOCKOUT_ADDRESS_ATTEMPTS", "20"))
DIASPORA_LOCKOUT_MINUTES = int(os.environ.get("DIASPORA_LOCKOUT_MINUTES", "15"))
ACCOUNT_RATE_LIMITS = {
    "login_failed": (
        f"{DIASPORA_LOCKOUT_ADDRESS_ATTEMPTS}/{DIASPORA_LOCKOUT_MINUTES * 60}s/ip,"
        f"{DIASPORA_LOCKOUT_ATTEMPTS}/{DIASPORA_LOCKOUT_MINUTES * 60}s/key"
    ),
}
# Behind a reverse proxy every request comes from the proxy's address: name how many
# proxies append to X-Forwarded-For so the per-address limit counts the client's.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("DIASPORA_TRUSTED_PROXY_COUNT", "0"))
# Second factors. Office roles must enrol one (diaspora/accounts/second_factor.py).
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
# A code from the 30 seconds before or after counts too: phones' clocks drift.
MFA_TOTP_TOLERANCE = 1
# The name authenticator apps show beside the code.
MFA_TOTP_ISSUER = os.environ.get(
    "DIASPORA_TOTP_ISSUER", os.environ.get("DIASPORA_SITE_NAME", "Diaspora network")
)
# Browsers allow WebAuthn only on HTTPS, or on http://localhost in development.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# Sessions end after this long without a request, and this long after login whatever
# happens (diaspora/accounts/session_timeouts.py).
DIASPORA_SESSION_IDLE_MINUTES = int(os.environ.get("DIASPORA_SESSION_IDLE_MINUTES", "60"))
DIASPORA_SESSION_MAX_HOURS = int(os.environ.get("DIASPORA_SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = DIASPORA_SESSION_MAX_HOURS * 3600
SESSION_COOKIE_HTTPONLY = True

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
# Where the platform is reached from outside: every link in an email, a ticket or a
# calendar file starts here (diaspora/siteurl.py), never with the address a request
# came in on (behind a proxy that is 127.0.0.1). Production without it: the first
# allowed host over HTTPS.
DIASPORA_SITE_URL = os.environ.get("DIASPORA_SITE_URL", "").strip().rstrip("/") or (
    "http://localhost:8000" if DEBUG else f"https://{ALLOWED_HOSTS[0].lstrip('.')}"
)

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

# Users are invited by email (diaspora/accounts/invitations.py): how long a link
# stays valid, and how many invitations one person may send in an hour.
DIASPORA_INVITATION_DAYS = int(os.environ.get("DIASPORA_INVITATION_DAYS", "7"))
DIASPORA_INVITATIONS_PER_HOUR = int(os.environ.get("DIASPORA_INVITATIONS_PER_HOUR", "50"))
# API tokens (diaspora/accounts/tokens.py): their lifetime in days when none is asked
# for, and the longest one may ask for.
DIASPORA_API_TOKEN_DAYS = int(os.environ.get("DIASPORA_API_TOKEN_DAYS", "90"))
DIASPORA_API_TOKEN_MAX_DAYS = int(os.environ.get("DIASPORA_API_TOKEN_MAX_DAYS", "365"))
# Wrong bearer tokens from one client address: this many within the window (seconds)
# lock the address out of token use for the rest of the window (Django's cache counts).
DIASPORA_API_TOKEN_FAILURES = int(os.environ.get("DIASPORA_API_TOKEN_FAILURES", "20"))
DIASPORA_API_TOKEN_FAILURE_WINDOW = int(os.environ.get("DIASPORA_API_TOKEN_FAILURE_WINDOW", "600"))

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
# Two caches, both shared by every web process and worker: on PostgreSQL they are
# tables of the database itself (created by `migrate`), so several machines share them
# with nothing more to run; on SQLite (one machine) the defaults below.
# The default cache holds the login lockout counters, the wrong-token counters and
# used TOTP codes: shared, or each process would count (and accept codes) on its own.
# In memory of one process on SQLite, which `make run`'s single web process is.
# The progress cache holds an import's progress, written by the worker while its
# transaction is still open and read by the pages: on PostgreSQL through a connection
# of its own (DATABASES["progress"]), on SQLite (where the import holds the only write
# lock) in a directory. DIASPORA_CACHE / DIASPORA_PROGRESS_CACHE choose another
# backend (e.g. django.core.cache.backends.redis.RedisCache and its URL).
DATABASE_CACHE = "django.core.cache.backends.db.DatabaseCache"
CACHES = {
    "default": {
        "BACKEND": os.environ.get(
            "DIASPORA_CACHE",
            DATABASE_CACHE if ON_POSTGRESQL else "django.core.cache.backends.locmem.LocMemCache",
        ),
        "LOCATION": os.environ.get(
            "DIASPORA_CACHE_LOCATION", "diaspora_cache" if ON_POSTGRESQL else ""
        ),
    },
    "progress": {
        "BACKEND": os.environ.get(
            "DIASPORA_PROGRESS_CACHE",
            DATABASE_CACHE
            if ON_POSTGRESQL
            else "django.core.cache.backends.filebased.FileBasedCache",
        ),
        "LOCATION": os.environ.get(
            "DIASPORA_PROGRESS_LOCATION",
            "diaspora_progress" if ON_POSTGRESQL else str(VAR_DIR / "progress"),
        ),
    },
}
for _cache in CACHES.values():
    if _cache["BACKEND"] == DATABASE_CACHE:
        # Django's default of 300 entries would cull live lockout counters under a
        # spray of logins from many addresses: past this, a third of the oldest go.
        _cache["OPTIONS"] = {"MAX_ENTRIES": 200_000}
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
# A refused form (expired or forged token) says what to do, in the reader's language.
CSRF_FAILURE_VIEW = "diaspora.errors.csrf_failure"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# HSTS's subdomain and preload flags commit a whole domain for months: a deployment
# opts in once every subdomain serves HTTPS, never by default.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", False)
# That choice is deliberate, so `check --deploy` is not to report it as an oversight.
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]

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
    # A monitor on the machine asks over plain HTTP, past the proxy.
    SECURE_REDIRECT_EXEMPT = [r"^health$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The task worker writes a heartbeat this often (diaspora/operations/heartbeat.py); /health
# fails once the newest is three periods old.
DIASPORA_HEARTBEAT_SECONDS = int(os.environ.get("DIASPORA_HEARTBEAT_SECONDS", "30"))

# One JSON object per line on standard error (diaspora/operations/jsonlog.py): a line per
# request (diaspora.requests) and per task run (diaspora.tasks), and every warning and
# error. DIASPORA_LOG_FORMAT=text gives plain lines instead.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "diaspora.operations.jsonlog.JsonFormatter"},
        "text": {"()": "diaspora.operations.jsonlog.TextFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("DIASPORA_LOG_FORMAT", "json"),
        }
    },
    "loggers": {
        name: {"handlers": ["console"], "level": "INFO", "propagate": False}
        for name in ("diaspora.requests", "diaspora.tasks")
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
