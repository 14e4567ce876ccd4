"""Peygir's one settings module, configured from the environment.

Every knob is an environment variable with a safe development default; production sets
PEYGIR_DEBUG=0, PEYGIR_SECRET_KEY, PEYGIR_ALLOWED_HOSTS and DATABASE_URL.
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("PEYGIR_VAR_DIR", BASE_DIR.parent / "var"))

DEBUG = _env_bool("PEYGIR_DEBUG", True)
# The fallback key only ever serves development; a check refuses it when DEBUG is off.
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz"
SECRET_KEY = os.environ.get("PEYGIR_SECRET_KEY") or DEV_SECRET_KEY
ALLOWED_HOSTS = _env_list("PEYGIR_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = _env_list("PEYGIR_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # First, so that its admin templates (the Persian look) override Django's own.
    "peygir.core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "peygir.accounts",
    "peygir.places",
    "peygir.organizations",
    "peygir.resolutions",
    "peygir.workdays",
    "peygir.followup",
    "peygir.notifications",
    "peygir.search",
    "peygir.tallies",
    "peygir.feasibility",
    "peygir.needs",
    "peygir.extraction",
    "peygir.spreadsheets",
    "peygir.workspace",
    "peygir.reports",
    "peygir.portal",
    "peygir.comments",
    "peygir.api",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and Redoc served from our own static files
    "peygir.demo",
    "peygir.bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "peygir.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # A view that loses the database answers a Persian 503, not a 500 (also handler500).
    "peygir.core.unavailable.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "peygir.urls"
WSGI_APPLICATION = "peygir.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["peygir.core.templatetags.persian"],
        },
    }
]


def _database() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL")
    parsed: dict[str, Any] = (
        dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)) if url else {}
    )
    if parsed and parsed["ENGINE"] != "django.db.backends.sqlite3":
        # No JIT: Peygir's queries are short, and compiling them cost more than it saved
        # (1.1 s added to one county dashboard at a million resolutions).
        parsed["OPTIONS"] = {**parsed.get("OPTIONS", {}), "options": "-c jit=off"}
        return parsed
    # SQLite, named by PEYGIR_SQLITE_PATH or a sqlite:// DATABASE_URL, with its own options.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    default_path = os.environ.get("PEYGIR_SQLITE_PATH", str(VAR_DIR / "peygir.sqlite3"))
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": parsed.get("NAME") or default_path,
        # Kept open between requests as on PostgreSQL: opening one runs the PRAGMAs below,
        # about 5 ms, more than a cached public page costs (peygir/portal/pagecache.py).
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock
            # at BEGIN so that two writers queue instead of failing mid-transaction.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {"default": _database()}
# Both caches live in each worker's memory: nothing to run beside the app. "default" keeps
# minute-old counts (the portal's meter); "pages" keeps whole public pages under a key read
# from the database on every request, so a change shows at once in every worker
# (peygir/portal/pagecache.py, docs/deployment.md).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PEYGIR_PAGE_CACHE_ENTRIES", 2000))},
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# An index's INCLUDE columns are PostgreSQL's; on SQLite the index is built from its key
# columns alone, as intended (the resolutions' `*_facts` indexes, the follow-up actions'
# `followup_letters_of_resolution` and `followup_replies`).
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "workspace:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Two-step sign-in (peygir.accounts.two_factor): TOTP devices from django-otp. Failed codes
# count in the sign-in lockout (peygir.workspace.lockout), so django-otp's own per-device
# delay is off: one rule, one message.
OTP_TOTP_ISSUER = "Peygir"
OTP_TOTP_THROTTLE_FACTOR = 0

LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", "فارسی"), ("en", "English")]
USE_I18N = True
TIME_ZONE = "Asia/Tehran"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = DEBUG
# Uploads live outside anything served directly; views hand them out after a permission check.
MEDIA_ROOT = Path(os.environ.get("PEYGIR_MEDIA_ROOT", VAR_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
PEYGIR_MAX_UPLOAD_BYTES = int(os.environ.get("PEYGIR_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
# Spreadsheet imports (peygir.spreadsheets): the largest file and the most rows taken at once.
PEYGIR_IMPORT_MAX_BYTES = int(os.environ.get("PEYGIR_IMPORT_MAX_BYTES", 40 * 1024 * 1024))
PEYGIR_IMPORT_MAX_ROWS = int(os.environ.get("PEYGIR_IMPORT_MAX_ROWS", 100_000))

MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "PEYGIR_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
        ),
        "OPTIONS": {
            "host": os.environ.get("PEYGIR_EMAIL_HOST", "127.0.0.1"),
            "port": int(os.environ.get("PEYGIR_EMAIL_PORT", "1025")),
            "timeout": 10,
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("PEYGIR_FROM_EMAIL", "peygir@ostandari-qom.invalid")

SESSION_COOKIE_AGE = int(os.environ.get("PEYGIR_SESSION_SECONDS", 8 * 3600))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Every page must work with no inline script and nothing from another host.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env_bool("PEYGIR_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("PEYGIR_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PEYGIR_LOG_LEVEL", "INFO")},
}

# The province this deployment serves: its Place code in the place tree.
PEYGIR_PROVINCE_CODE = os.environ.get("PEYGIR_PROVINCE_CODE", "IR-QM")
# The portal's address as citizens reach it: links in emails are built on it.
PEYGIR_PUBLIC_URL = os.environ.get("PEYGIR_PUBLIC_URL", "http://127.0.0.1:8000")

# The REST API (peygir.api): tokens or the session, JSON only, errors with a code per field.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "peygir.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "peygir.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "peygir.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Peygir API",
    "DESCRIPTION": "Resolutions of the Qom governorate's trips and meetings, and their follow-up.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "SourceKindEnum": "peygir.resolutions.choices.SourceKind",
        "PlaceKindEnum": "peygir.places.models.PlaceKind",
        "OrganizationKindEnum": "peygir.organizations.models.OrganizationKind",
        "EventKindEnum": "peygir.resolutions.choices.EventKind",
        "PublicRatingEnum": "peygir.resolutions.choices.PublicRating",
        "ActionKindEnum": "peygir.followup.choices.ActionKind",
        "EscalationLevelEnum": "peygir.followup.choices.Level",
        "OrganizationLevelEnum": "peygir.organizations.models.OrganizationLevel",
        "ResolutionStatusEnum": "peygir.resolutions.choices.Status",
        "NeedStatusEnum": "peygir.needs.models.ItemStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "peygir.api.schema.add_error_responses",
    ],
}
# Webhook deliveries: how long one POST may take, and how many tries before giving up.
PEYGIR_WEBHOOK_TIMEOUT = float(os.environ.get("PEYGIR_WEBHOOK_TIMEOUT", "5"))
PEYGIR_WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("PEYGIR_WEBHOOK_MAX_ATTEMPTS", "8"))
# Webhooks go only to public addresses unless this is set (a receiver on the same network).
PEYGIR_WEBHOOK_ALLOW_PRIVATE = os.environ.get("PEYGIR_WEBHOOK_ALLOW_PRIVATE", "0") == "1"
