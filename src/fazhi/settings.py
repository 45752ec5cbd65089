"""Settings from the environment, with an embedded default for every value.

Nothing secret is committed: the secret key and the ledger/encryption keys are read from the
environment or generated once into ``$FAZHI_VAR_DIR/keys`` on first run.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def _default_var_dir() -> Path:
    """Where data and keys live unless FAZHI_VAR_DIR says otherwise — never relative to the current
    directory (a command run from ``src/fazhi`` once generated keys into the source tree).

    A source checkout (``<root>/src/fazhi`` beside ``<root>/pyproject.toml``): ``<root>/var``.
    An installed package: ``$XDG_DATA_HOME/fazhi`` (default ``~/.local/share/fazhi``).
    """
    root = BASE_DIR.parent.parent
    if BASE_DIR.parent.name == "src" and (root / "pyproject.toml").is_file():
        return root / "var"
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "fazhi"


VAR_DIR = Path(os.environ.get("FAZHI_VAR_DIR") or _default_var_dir()).resolve()
KEYS_DIR = VAR_DIR / "keys"


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _key_file(name: str, nbytes: int) -> str:
    """Return the hex key kept in ``KEYS_DIR/name``, creating it (mode 0600) on first use."""
    path = KEYS_DIR / name
    if not path.exists():
        KEYS_DIR.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(nbytes))
    return path.read_text().strip()


SECRET_KEY = os.environ.get("FAZHI_SECRET_KEY") or _key_file("secret_key", 50)


# The ledger HMAC keys: hex, ledger_key_<n> files or FAZHI_LEDGER_KEY_<n> variables (key 1 also
# FAZHI_LEDGER_KEY). Rotating starts a new key id (FAZHI_LEDGER_KEY_ID); old entries keep theirs.
def _ledger_keys() -> dict[str, str]:
    keys = {"1": os.environ.get("FAZHI_LEDGER_KEY") or _key_file("ledger_key_1", 32)}
    for path in sorted(KEYS_DIR.glob("ledger_key_*")):
        keys.setdefault(path.name.rsplit("_", 1)[1], path.read_text().strip())
    for name, value in os.environ.items():
        if name.startswith("FAZHI_LEDGER_KEY_") and name[17:].isdigit():
            keys[name[17:]] = value
    return keys


FAZHI_LEDGER_KEYS = _ledger_keys()
FAZHI_LEDGER_KEY_ID = os.environ.get("FAZHI_LEDGER_KEY_ID", "1")
# "sha256" (default) or "sm3": the hash under the ledger's HMAC chain.
FAZHI_LEDGER_ALGORITHM = os.environ.get("FAZHI_LEDGER_ALGORITHM", "sha256")
# Signs the daily ledger head that a second server keeps (core/anchor.py): an Ed25519 seed in hex.
FAZHI_LEDGER_ANCHOR_KEY = os.environ.get("FAZHI_LEDGER_ANCHOR_KEY") or _key_file("ledger_anchor_key", 32)


# Field encryption (personal data at rest): versioned keys in hex, data_key_<n> files or
# FAZHI_DATA_KEY_<n> variables; new values use FAZHI_DATA_KEY_ID (default: the highest key) and
# FAZHI_DATA_CIPHER ("aes-256-gcm" default, "sm4-gcm"). `fazhi keys new` adds a key,
# `fazhi keys rotate` re-encrypts every value with the current one.
def _data_keys() -> dict[str, str]:
    keys = {"1": os.environ.get("FAZHI_DATA_KEY_1") or _key_file("data_key_1", 32)}
    for path in sorted(KEYS_DIR.glob("data_key_*")):
        keys.setdefault(path.name.rsplit("_", 1)[1], path.read_text().strip())
    for name, value in os.environ.items():
        if name.startswith("FAZHI_DATA_KEY_") and name[15:].isdigit():
            keys[name[15:]] = value
    return keys


FAZHI_DATA_KEYS = _data_keys()
FAZHI_DATA_KEY_ID = os.environ.get("FAZHI_DATA_KEY_ID") or max(FAZHI_DATA_KEYS, key=int)
FAZHI_DATA_CIPHER = os.environ.get("FAZHI_DATA_CIPHER", "aes-256-gcm")
FAZHI_BLIND_INDEX_KEY = os.environ.get("FAZHI_BLIND_INDEX_KEY") or _key_file("blind_index_key", 32)
# Signs API tokens' lookup and other derived values that must not be guessable.
FAZHI_TOKEN_PEPPER = os.environ.get("FAZHI_TOKEN_PEPPER") or _key_file("token_pepper", 32)

DEBUG = _env_bool("FAZHI_DEBUG", False)
ALLOWED_HOSTS = [h for h in os.environ.get("FAZHI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("FAZHI_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "fazhi.core",
    "fazhi.accounts",
    "fazhi.registry",
    "fazhi.inspections",
    "fazhi.cases",
    "fazhi.supervision",
    "fazhi.reports",
    "fazhi.training",
    "fazhi.disputes",
    "fazhi.decisions",
    "fazhi.publicity",
    "fazhi.people",
    "ninja",
    "fazhi.api",
    "fazhi.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "fazhi.core.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "fazhi.core.middleware.IdleSessionMiddleware",  # after: its response runs before the session is saved
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "fazhi.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "fazhi.core.middleware.RequestContextMiddleware",
    "axes.middleware.AxesMiddleware",
    "fazhi.core.middleware.ParameterErrorMiddleware",  # last: its process_exception runs first
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fazhi.web.navigation.navigation",
                "fazhi.web.navigation.calendar_notice",
                "fazhi.core.context_processors.forms",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
_default_db = f"sqlite:///{VAR_DIR / 'fazhi.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("FAZHI_DATABASE_URL") or _default_db)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at BEGIN so two
    # writers queue instead of failing half-way with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    # A file, not shared-cache memory: concurrent tests then meet the same locking as production.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("FAZHI_CONN_MAX_AGE", "60"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache ------------------------------------------------------------------------------------
# Limits and throttles (the public complaint limit) count in the cache, so every gunicorn worker
# must see the same count: the database cache (table fazhi_cache, created by `fazhi migrate`) by
# default, Redis when FAZHI_CACHE_URL=redis://… (needs the `redis` package, not a dependency).
# Login lockouts (django-axes) and wrong 2FA codes (django-otp) are counted in their own tables.
_cache_url = os.environ.get("FAZHI_CACHE_URL", "").strip()
if _cache_url.startswith(("redis://", "rediss://", "unix://")):
    import importlib.util

    if importlib.util.find_spec("redis") is None:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "FAZHI_CACHE_URL 指向 Redis，但未安装 redis 包：先安装 redis（uv pip install redis）"
        )
    CACHES: dict[str, dict[str, Any]] = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
    }
elif _cache_url in {"", "db", "database"}:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "fazhi_cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},  # culling must not drop live counters
        }
    }
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"FAZHI_CACHE_URL 只能为空（数据库缓存）或 redis://…，而不是 {_cache_url!r}")

# --- tasks ----------------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("FAZHI_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- auth and security ------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "fazhi.web.auth.Backend",  # Django's ModelBackend, loading the user's organisation and officer with it
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "fazhi.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "fazhi.accounts.validators.CharacterClassValidator"},
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"  # failures in the database: all workers see them
AXES_FAILURE_LIMIT = int(os.environ.get("FAZHI_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("FAZHI_LOCKOUT_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("FAZHI_PROXY_COUNT", "0")) or None
AXES_VERBOSE = False
# Lockout is by username (等保: failures per account), deliberately not by IP: a township office
# sits behind one NAT address, and locking the address would lock the whole office out.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

SESSION_COOKIE_AGE = int(os.environ.get("FAZHI_IDLE_MINUTES", "15")) * 60
# Idle timeout: the clock restarts on activity; core.middleware.IdleSessionMiddleware re-saves the
# session at most every FAZHI_SESSION_TOUCH_SECONDS (one write a minute, not one per request).
SESSION_SAVE_EVERY_REQUEST = False
# Two-factor (TOTP) is required for these roles: supervisors, administrators and the roles that will
# read sensitive files. Empty (FAZHI_2FA_ROLES=""): nobody (a demo on a laptop, never production).
FAZHI_2FA_ROLES = [
    r
    for r in os.environ.get(
        "FAZHI_2FA_ROLES",
        "county_supervisor,legal_office,enforcement_supervisor,governance_officer,"
        "system_admin,security_admin,audit_admin",
    ).split(",")
    if r
]
OTP_TOTP_ISSUER = "fazhi"
# Password rotation: after this many days the password must be changed before anything else (0: off).
FAZHI_PASSWORD_MAX_DAYS = int(os.environ.get("FAZHI_PASSWORD_MAX_DAYS", "90"))
FAZHI_SESSION_TOUCH_SECONDS = int(os.environ.get("FAZHI_SESSION_TOUCH_SECONDS", "60"))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
_tls = _env_bool("FAZHI_TLS", False)
SESSION_COOKIE_SECURE = _tls
CSRF_COOKIE_SECURE = _tls
SECURE_HSTS_SECONDS = 31536000 if _tls else 0
# Subdomains and the preload list commit every host under the county's domain to HTTPS for good:
# the operator's decision (FAZHI_HSTS_SUBDOMAINS / FAZHI_HSTS_PRELOAD), not a default.
SECURE_HSTS_INCLUDE_SUBDOMAINS = _tls and _env_bool("FAZHI_HSTS_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = _tls and _env_bool("FAZHI_HSTS_PRELOAD", False)
if not SECURE_HSTS_INCLUDE_SUBDOMAINS:
    SILENCED_SYSTEM_CHECKS.append("security.W005")
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")
SECURE_SSL_REDIRECT = _tls and _env_bool("FAZHI_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _env_bool("FAZHI_BEHIND_PROXY", False) else None
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}

# --- i18n -------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"  # always: the users work in Simplified Chinese, whatever the browser says
FORMAT_MODULE_PATH = ["fazhi.formats"]  # one date format on every page: 2026-12-07 (issue 24)
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("FAZHI_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- static and media -------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request without it
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if _env_bool("FAZHI_MANIFEST_STATIC", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("FAZHI_LOG_LEVEL", "WARNING")},
}

# --- rules of the house that are numbers (domain-rules.md): settings with defaults --------------
FAZHI_IMPORT_MAX_ROWS = int(os.environ.get("FAZHI_IMPORT_MAX_ROWS", "100000"))
FAZHI_IMPORT_MAX_BYTES = int(os.environ.get("FAZHI_IMPORT_MAX_BYTES", str(50 * 1024 * 1024)))
FAZHI_PAGE_SIZE = 25
# Plans (domain-rules §1): next month's items are due by this day of the month; later ones need
# the coordinator's acceptance. Routine checks per body and enterprise per year (嘉善县 practice).
FAZHI_PLAN_DEADLINE_DAY = int(os.environ.get("FAZHI_PLAN_DEADLINE_DAY", "25"))
FAZHI_ROUTINE_CAP_PER_YEAR = int(os.environ.get("FAZHI_ROUTINE_CAP_PER_YEAR", "2"))
FAZHI_COORDINATION_SECONDS = float(os.environ.get("FAZHI_COORDINATION_SECONDS", "10"))
# A province's month (issue 17): one solve per county as a background task. Without a broker, on
# the database queue (`fazhi worker`); FAZHI_TASK_BROKER=redis://host:6379/0 puts them on RQ, shared
# by any number of `fazhi coordinate worker` processes. A worker silent for HEARTBEAT + GRACE seconds
# is presumed dead: its county is queued again (at most RETRIES times).
FAZHI_TASK_BROKER = os.environ.get("FAZHI_TASK_BROKER", "").strip()
FAZHI_COORDINATION_JOB_SECONDS = int(os.environ.get("FAZHI_COORDINATION_JOB_SECONDS", "1800"))
FAZHI_COORDINATION_HEARTBEAT_SECONDS = int(os.environ.get("FAZHI_COORDINATION_HEARTBEAT_SECONDS", "10"))
FAZHI_COORDINATION_HEARTBEAT_GRACE = int(os.environ.get("FAZHI_COORDINATION_HEARTBEAT_GRACE", "20"))
FAZHI_COORDINATION_RETRIES = int(os.environ.get("FAZHI_COORDINATION_RETRIES", "3"))
# 行政处罚法 art. 42 / 市政府令第375号 art. 15: at least two officers; visits an officer makes in a day.
FAZHI_MIN_OFFICERS_PER_VISIT = max(2, int(os.environ.get("FAZHI_MIN_OFFICERS_PER_VISIT", "2")))
FAZHI_MAX_VISITS_PER_OFFICER_PER_DAY = int(os.environ.get("FAZHI_MAX_VISITS_PER_OFFICER_PER_DAY", "4"))
FAZHI_SITE_NAME = _("fazhi: rule-of-law platform")
# On-site inspections (domain-rules §1–2). A task code (执法码) is valid through the inspection day
# plus this many days; a no-code inspection is filed with the justice bureau within N working days;
# the enterprise receives the result within N working days; results are published within N working
# days and retired after N days; ratings are shown to a department only in groups of at least N.
FAZHI_TASK_CODE_GRACE_DAYS = int(os.environ.get("FAZHI_TASK_CODE_GRACE_DAYS", "0"))
FAZHI_NO_CODE_FILING_WORKDAYS = int(os.environ.get("FAZHI_NO_CODE_FILING_WORKDAYS", "3"))
FAZHI_RESULT_FEEDBACK_WORKDAYS = int(os.environ.get("FAZHI_RESULT_FEEDBACK_WORKDAYS", "5"))
FAZHI_PUBLICATION_WORKDAYS = int(os.environ.get("FAZHI_PUBLICATION_WORKDAYS", "20"))
FAZHI_PUBLICATION_RETENTION_DAYS = int(os.environ.get("FAZHI_PUBLICATION_RETENTION_DAYS", str(3 * 365)))
# Penalty decisions: published within 7 working days of the decision (国办发〔2018〕118号), withdrawn
# within 3 working days of being changed or revoked (处罚法 art. 48), then retired like results.
FAZHI_DECISION_PUBLICATION_WORKDAYS = int(os.environ.get("FAZHI_DECISION_PUBLICATION_WORKDAYS", "7"))
FAZHI_DECISION_WITHDRAWAL_WORKDAYS = int(os.environ.get("FAZHI_DECISION_WITHDRAWAL_WORKDAYS", "3"))
# Supervision: a warning's correction is due within N working days, then escalated.
# Logs (access log, ledger) are kept at least 184 days (等保2.0), then archived by
# `fazhi retention archive` (the ledger is copied, never deleted).
FAZHI_LOG_RETENTION_DAYS = max(184, int(os.environ.get("FAZHI_LOG_RETENTION_DAYS", "184")))
FAZHI_CORRECTION_WORKDAYS = int(os.environ.get("FAZHI_CORRECTION_WORKDAYS", "10"))
FAZHI_PUBLIC_COMPLAINTS_PER_HOUR = int(os.environ.get("FAZHI_PUBLIC_COMPLAINTS_PER_HOUR", "5"))
FAZHI_COMPLAINT_ANSWER_WORKDAYS = int(os.environ.get("FAZHI_COMPLAINT_ANSWER_WORKDAYS", "15"))
FAZHI_RATING_MIN_GROUP = int(os.environ.get("FAZHI_RATING_MIN_GROUP", "5"))
FAZHI_EVIDENCE_MAX_BYTES = int(os.environ.get("FAZHI_EVIDENCE_MAX_BYTES", str(20 * 1024 * 1024)))
# Enforcement cases (行政处罚法 2021). Art. 85: its "2/3/5/7 days" are working days; the 15 days
# to pay and the 90 days to decide are calendar days. Thresholds are the province's (较大数额).
FAZHI_CASE_DECISION_DAYS = int(os.environ.get("FAZHI_CASE_DECISION_DAYS", "90"))  # art. 60, calendar
FAZHI_CASE_SERVICE_WORKDAYS = int(os.environ.get("FAZHI_CASE_SERVICE_WORKDAYS", "7"))  # art. 61
FAZHI_CASE_PRESERVATION_WORKDAYS = int(os.environ.get("FAZHI_CASE_PRESERVATION_WORKDAYS", "7"))  # art. 56
FAZHI_CASE_STATEMENT_WORKDAYS = int(os.environ.get("FAZHI_CASE_STATEMENT_WORKDAYS", "3"))  # art. 44-45
FAZHI_CASE_HEARING_REQUEST_WORKDAYS = int(os.environ.get("FAZHI_CASE_HEARING_REQUEST_WORKDAYS", "5"))  # art. 64
FAZHI_CASE_HEARING_NOTICE_WORKDAYS = int(os.environ.get("FAZHI_CASE_HEARING_NOTICE_WORKDAYS", "7"))  # art. 64
FAZHI_CASE_PAYMENT_DAYS = int(os.environ.get("FAZHI_CASE_PAYMENT_DAYS", "15"))  # art. 67, calendar
FAZHI_CASE_SUMMARY_MAX_PERSON = int(os.environ.get("FAZHI_CASE_SUMMARY_MAX_PERSON", "200"))  # art. 51
FAZHI_CASE_SUMMARY_MAX_ORGANISATION = int(os.environ.get("FAZHI_CASE_SUMMARY_MAX_ORGANISATION", "3000"))
FAZHI_CASE_ON_THE_SPOT_MAX = int(os.environ.get("FAZHI_CASE_ON_THE_SPOT_MAX", "100"))  # art. 68
FAZHI_CASE_HEARING_FINE_PERSON = int(os.environ.get("FAZHI_CASE_HEARING_FINE_PERSON", "10000"))  # art. 63
FAZHI_CASE_HEARING_FINE_ORGANISATION = int(os.environ.get("FAZHI_CASE_HEARING_FINE_ORGANISATION", "100000"))
FAZHI_CASE_EXTENSION_MAX_DAYS = int(os.environ.get("FAZHI_CASE_EXTENSION_MAX_DAYS", "30"))
# Case documents (issue 16): remedies name the reconsideration body and the court — empty means the
# county's government and basic court (行政复议法 2023 art. 24, 行政诉讼法 art. 18); set them where
# jurisdiction is centralised. 复议 within 60 days (行政复议法 art. 20), 诉讼 within 6 months
# (行政诉讼法 art. 46). Fines are paid at the bank (处罚法 art. 67): the county's collecting bank,
# account and any other channel (e.g. the non-tax payment platform) are printed on the decision.
FAZHI_CASE_RECONSIDERATION_BODY = os.environ.get("FAZHI_CASE_RECONSIDERATION_BODY", "")
FAZHI_CASE_COURT = os.environ.get("FAZHI_CASE_COURT", "")
FAZHI_CASE_RECONSIDERATION_DAYS = int(os.environ.get("FAZHI_CASE_RECONSIDERATION_DAYS", "60"))
FAZHI_CASE_LITIGATION_MONTHS = int(os.environ.get("FAZHI_CASE_LITIGATION_MONTHS", "6"))
FAZHI_CASE_FINE_BANK = os.environ.get("FAZHI_CASE_FINE_BANK", "")
FAZHI_CASE_FINE_ACCOUNT = os.environ.get("FAZHI_CASE_FINE_ACCOUNT", "")
FAZHI_CASE_FINE_ACCOUNT_NAME = os.environ.get("FAZHI_CASE_FINE_ACCOUNT_NAME", "")
FAZHI_CASE_FINE_PLACE = os.environ.get("FAZHI_CASE_FINE_PLACE", "")
# PDF copies of case documents through LibreOffice headless (a background task); the program to run.
FAZHI_SOFFICE = os.environ.get("FAZHI_SOFFICE", "soffice")
FAZHI_PDF_TIMEOUT_SECONDS = int(os.environ.get("FAZHI_PDF_TIMEOUT_SECONDS", "120"))
# Training (issue 19): yearly class hours per category (online public-law + offline professional; an
# enforcement officer 20 + 40), the longest a session may last in a day, when the year-end reminder
# list starts, how far ahead an expiring certificate is shown, how long a certificate is valid; the
# law exam's pass and excellence scores.
FAZHI_TRAINING_REQUIREMENTS: dict[str, dict[str, int]] = {
    "officer": {
        "online": int(os.environ.get("FAZHI_TRAINING_OFFICER_ONLINE_HOURS", "20")),
        "offline": int(os.environ.get("FAZHI_TRAINING_OFFICER_OFFLINE_HOURS", "40")),
    },
}
FAZHI_TRAINING_MAX_HOURS_PER_DAY = int(os.environ.get("FAZHI_TRAINING_MAX_HOURS_PER_DAY", "24"))
FAZHI_TRAINING_REMINDER_MONTH = int(os.environ.get("FAZHI_TRAINING_REMINDER_MONTH", "10"))
FAZHI_TRAINING_CERTIFICATE_NOTICE_DAYS = int(os.environ.get("FAZHI_TRAINING_CERTIFICATE_NOTICE_DAYS", "60"))
FAZHI_TRAINING_CERTIFICATE_YEARS = int(os.environ.get("FAZHI_TRAINING_CERTIFICATE_YEARS", "5"))
FAZHI_TRAINING_IMPORT_MAX_ROWS = int(os.environ.get("FAZHI_TRAINING_IMPORT_MAX_ROWS", "300000"))
FAZHI_EXAM_PASS_SCORE = int(os.environ.get("FAZHI_EXAM_PASS_SCORE", "60"))
FAZHI_EXAM_EXCELLENT_SCORE = int(os.environ.get("FAZHI_EXAM_EXCELLENT_SCORE", "90"))
# Mediation (人民调解法; 司法部令第75号 art. 33): settle within one month of acceptance, extendable;
# judicial confirmation applied for within 30 days (art. 33); 回头看 visits after an agreement;
# the same parties and category within N days is offered for merging, not counted twice; a dispute
# with at least N parties, or a party with N earlier disputes, raises a risk warning.
FAZHI_DISPUTE_TIME_LIMIT_MONTHS = int(os.environ.get("FAZHI_DISPUTE_TIME_LIMIT_MONTHS", "1"))
FAZHI_DISPUTE_EXTENSION_MAX_DAYS = int(os.environ.get("FAZHI_DISPUTE_EXTENSION_MAX_DAYS", "30"))
FAZHI_DISPUTE_CONFIRMATION_DAYS = int(os.environ.get("FAZHI_DISPUTE_CONFIRMATION_DAYS", "30"))
FAZHI_DISPUTE_FOLLOW_UP_DAYS = [
    int(d) for d in os.environ.get("FAZHI_DISPUTE_FOLLOW_UP_DAYS", "30,90").split(",") if d.strip()
]
FAZHI_DISPUTE_DUPLICATE_DAYS = int(os.environ.get("FAZHI_DISPUTE_DUPLICATE_DAYS", "30"))
FAZHI_DISPUTE_RISK_PARTIES = int(os.environ.get("FAZHI_DISPUTE_RISK_PARTIES", "5"))
FAZHI_DISPUTE_RISK_REPEAT = int(os.environ.get("FAZHI_DISPUTE_RISK_REPEAT", "2"))
# Major decisions (国务院令第713号): the comment window (art. 15), hearing materials ahead (art. 17),
# the legality review's minimum in working days (art. 26), the answer to comment groups after the
# window closes, the public form's limit per connection and hour, comment similarity for grouping;
# normative documents: filing (备案) after publication, validity, the expiry reminder.
FAZHI_DECISION_COMMENT_DAYS = int(os.environ.get("FAZHI_DECISION_COMMENT_DAYS", "30"))
FAZHI_DECISION_HEARING_NOTICE_DAYS = int(os.environ.get("FAZHI_DECISION_HEARING_NOTICE_DAYS", "7"))
FAZHI_DECISION_REVIEW_WORKDAYS = int(os.environ.get("FAZHI_DECISION_REVIEW_WORKDAYS", "7"))
FAZHI_DECISION_ANSWER_DAYS = int(os.environ.get("FAZHI_DECISION_ANSWER_DAYS", "15"))
FAZHI_PUBLIC_DECISION_COMMENTS_PER_HOUR = int(os.environ.get("FAZHI_PUBLIC_DECISION_COMMENTS_PER_HOUR", "10"))
FAZHI_DECISION_GROUP_SIMILARITY = float(os.environ.get("FAZHI_DECISION_GROUP_SIMILARITY", "0.5"))
FAZHI_NORMATIVE_FILING_DAYS = int(os.environ.get("FAZHI_NORMATIVE_FILING_DAYS", "30"))
FAZHI_NORMATIVE_VALID_YEARS = int(os.environ.get("FAZHI_NORMATIVE_VALID_YEARS", "5"))
FAZHI_NORMATIVE_EXPIRY_NOTICE_DAYS = int(os.environ.get("FAZHI_NORMATIVE_EXPIRY_NOTICE_DAYS", "90"))
# 重点人群 (domain-rules §7): visit rules by key (a category names its rule): days between visits,
# "unstable_days" when the latest danger level is at least "unstable_level"; "quarter": once each
# calendar quarter (每季度必访); "plan": the corrections plan's interval on the file.
FAZHI_PEOPLE_VISIT_RULES: dict[str, dict[str, int]] = {
    "mental": {"days": 91, "unstable_days": 14, "unstable_level": 3},
    "quarter": {"quarter": 1},
    "plan": {"days": 30},
    "default": {"days": 91},
}
FAZHI_PEOPLE_DUE_SOON_DAYS = int(os.environ.get("FAZHI_PEOPLE_DUE_SOON_DAYS", "7"))
# the responsible body's roles that open its files (besides the 包抓 officials and the governance officer)
FAZHI_PEOPLE_BODY_ROLES = [r for r in os.environ.get("FAZHI_PEOPLE_BODY_ROLES", "legal_office").split(",") if r]
# The address printed in QR codes (the site as phones reach it); empty: the address of the request.
FAZHI_PUBLIC_URL = os.environ.get("FAZHI_PUBLIC_URL", "").rstrip("/")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # drawn signatures arrive as form fields
EMAIL_BACKEND = os.environ.get("FAZHI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("FAZHI_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("FAZHI_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("FAZHI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("FAZHI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("FAZHI_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("FAZHI_EMAIL_FROM", "fazhi@localhost")

# Law publicity (issue 20): a culture site whose content is older than this is outdated; a photo's
# largest size; the reach of one activity above the village's population asks for confirmation.
FAZHI_PUBLICITY_SITE_STALE_DAYS = int(os.environ.get("FAZHI_PUBLICITY_SITE_STALE_DAYS", "365"))
FAZHI_PUBLICITY_PHOTO_MAX_BYTES = int(os.environ.get("FAZHI_PUBLICITY_PHOTO_MAX_BYTES", str(8 * 1024 * 1024)))
