"""Settings shared by every environment; each value comes from the environment.

local.py, test.py and production.py import this module and change only what
differs. Development defaults live in local.py, never here.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
# Scheme and host for links in emails sent without a request (reminders, digests).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Before the admin, so that its admin classes can show both languages of a field.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "rules",
    "csp",
    "coalition",
    "communities",
    "partners",
    "initiatives",
    "consultations",
    "events",
    "resources",
    "programs",
    "stories",
    # The pages that compose the network, above the domain apps.
    "portal",
    "dashboards",
    # Open data (/api/v1/, /open-data/): read-only JSON and CSV of the public tables.
    "rest_framework",
    "drf_spectacular",
    "corsheaders",
    "opendata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # CORS for the open data only (CORS_URLS_REGEX), before anything that may answer.
    "corsheaders.middleware.CorsMiddleware",
    # A view that cannot go on for a moment (a seat lock held too long, the database down or
    # restarting): 503 "try again", nothing saved, never a 500.
    "coalition.middleware.TryAgainMiddleware",
    "csp.middleware.CSPMiddleware",
    "coalition.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # A session is written when it changes, or once a minute to push its end back.
    "coalition.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, so that its 400 page knows the person and their language.
    "coalition.middleware.RejectNulMiddleware",
]

ROOT_URLCONF = "coalition.urls"
WSGI_APPLICATION = "coalition.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: PostgreSQL from DATABASE_URL; without it a SQLite file in the project.
DATABASES = {
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction starts, so two
    # registrations for the last seat queue up instead of both reading "free".
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis, when REDIS_URL is set, is the Celery broker and the shared cache
# (allauth's rate limits must be counted in one place for every worker).
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis, falling back to this process's memory while Redis is unreachable (logged as
            # an error): a rate limit then counts per process, and no request fails for it.
            "BACKEND": "coalition.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "coalition",
            # A hanging Redis costs a request a fraction of a second, not the default's minutes.
            "OPTIONS": {
                "socket_connect_timeout": env.float("REDIS_CACHE_TIMEOUT", default=0.25),
                "socket_timeout": env.float("REDIS_CACHE_TIMEOUT", default=0.25),
            },
        }
    }
else:
    # This process's memory (Django's LocMemCache), counting rate limits as Redis does.
    CACHES = {"default": {"BACKEND": "coalition.cache.LocalCache"}}
# Whole public pages for anonymous visitors (coalition.pagecache) are invalidated by the versions
# of what they show; this limit is only the safety net for what time alone changes.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)

AUTH_USER_MODEL = "coalition.User"
AUTHENTICATION_BACKENDS = [
    # Django's and allauth's, with the signed-in person's row kept between requests.
    "coalition.backends.KeptModelBackend",
    "coalition.backends.KeptAuthenticationBackend",
    # Object permissions declared in each app's permissions.py (django-rules).
    "rules.permissions.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: email is the only identifier; no usernames.
ACCOUNT_ADAPTER = "coalition.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Verification is mandatory, so signup never tells whether an address has an account: a new
# address and a known one both see "we have sent you an email", and the known one is told by
# email that it already has an account. Registering for an event needs no account at all.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# The emailed link, opened in the browser that signed up, signs the new person in.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# A code by email: for people who forget passwords, and the owner's way in while wrong
# passwords from elsewhere have used up their address's limit (login_failed below).
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Counted in the shared cache (Redis when REDIS_URL is set), so every worker sees the same
# counts. Past a limit allauth answers 429 with templates/429.html.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # Wrong passwords are counted per address first (10 in 15 minutes), so one attacker is
    # stopped without locking the owner out; then per account (30 an hour, from anywhere),
    # when the owner still gets in with a code by email or a password reset.
    "login_failed": "10/15m/ip,30/h/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    # Asking for a sign-in code by email (the key is the address), and the password asked
    # again before changing two-factor or deleting an account (/me/delete/).
    "request_login_code": "20/m/ip,3/m/key",
    "reauthenticate": "10/m/user",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    # Registering for an event without an account: by address, and by the email typed.
    "event_register": "30/h/ip,5/h/key",
    # Suggesting where the next listening session should be.
    "event_suggest": "10/h/ip",
    # Commenting on a draft open for comment: by address, and by the email typed.
    "consult_comment": "20/h/ip,5/h/key",
    # Following a community by email without an account: by address, and by the email typed.
    "community_follow": "30/h/ip,5/h/key",
    # Starting an application to a program (it emails the address typed): by address and email.
    "program_apply": "20/h/ip,5/h/key",
}
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)

# Two-factor authentication (required of leads and organization admins, see permissions.py).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Coalition portal"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env.bool("MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN", default=False)

# Internationalization: English and Spanish, times in Massachusetts.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
# The first path wins: the project's catalogue (rewritten by `make messages`), then other
# packages' Spanish as the portal says it (allauth's with "usted", Django's "p. m."), then the
# packages' own. No source of ours holds the overridden msgids, so they live apart, where
# makemessages never writes; compilemessages compiles both.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "overrides"]
FORMAT_MODULE_PATH = ["coalition.formats"]
TIME_ZONE = "America/New_York"
USE_I18N = True

# Content in both languages (django-modeltranslation): each translated field `x` has `x_en` and
# `x_es` columns in the same row (no join, no extra query), and `obj.x` reads the visitor's
# language, falling back to the other one. `coalition.translation` tells a page which language
# a text is actually in, so that a fallback carries its own `lang`.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "es")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "es")}
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files (the resource library's): through Django's storage API, never served from a
# public path (a view streams each one after its permission check). On the file system under
# MEDIA_ROOT by default; in an S3-compatible store when STORAGE_BUCKET is set.
MEDIA_ROOT = env.str("MEDIA_ROOT", default="") or str(BASE_DIR / "media")
MEDIA_URL = "/media-not-served/"  # nothing is served here: see resources.views.resource_file
STORAGE_BUCKET = env.str("STORAGE_BUCKET", default="")
if STORAGE_BUCKET:
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_BUCKET,
            "endpoint_url": env.str("STORAGE_ENDPOINT_URL", default="") or None,
            "region_name": env.str("STORAGE_REGION", default="") or None,
            "access_key": env.str("STORAGE_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("STORAGE_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("STORAGE_PREFIX", default=""),
            # Private objects: no public ACL, no public URL handed out, never overwritten.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    DEFAULT_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": MEDIA_URL},
    }
# Largest file the resource library takes (coalition.uploads), in bytes.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=25 * 1024 * 1024)
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Email: EMAIL_URL picks the backend (smtp://user:pass@host:587, consolemail://, ...).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Coalition portal <noreply@localhost>")
# Seconds an SMTP connection may block before the try counts as failed (coalition.services).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# The outbox retries a failed send with exponential back-off (one minute, doubling, at most
# OUTBOX_RETRY_MAX_DELAY apart) for OUTBOX_RETRY_FOR before a person must send it again.
OUTBOX_RETRY_FOR = env.int("OUTBOX_RETRY_FOR", default=60 * 60 * 24)
OUTBOX_RETRY_MAX_DELAY = env.int("OUTBOX_RETRY_MAX_DELAY", default=60 * 60 * 2)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Text messages (coalition.sms): SMS_BACKEND picks the backend, as EMAIL_BACKEND does for email.
# The console prints them; coalition.sms.TwilioBackend sends them with the three TWILIO_ values.
SMS_BACKEND = env.str("SMS_BACKEND", default="coalition.sms.ConsoleBackend")
SMS_TIMEOUT = env.int("SMS_TIMEOUT", default=10)
TWILIO_ACCOUNT_SID = env.str("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env.str("TWILIO_AUTH_TOKEN", default="")
TWILIO_FROM_NUMBER = env.str("TWILIO_FROM_NUMBER", default="")
# The text reminder goes this many hours before the event (to those who asked for one); a
# failed send is tried again by the reminder scan, at most SMS_REMINDER_MAX_ATTEMPTS times.
SMS_REMINDER_HOURS = env.int("SMS_REMINDER_HOURS", default=24)
SMS_REMINDER_MAX_ATTEMPTS = env.int("SMS_REMINDER_MAX_ATTEMPTS", default=5)

# Celery: configured here with the CELERY_ prefix (coalition/celery.py).
# Without a broker, tasks run inline so that a laptop needs no server.
CELERY_BROKER_URL = REDIS_URL or "memory://"
# No result backend: nothing reads a task's result, and one would make every .delay() wait on it.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# One Redis may carry the queues of several deployments (or test runs), each its own name.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A killed worker must not lose a task: acknowledge after running, one at a time.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Publishing never makes a request wait on a broker that is away: one quick try,
# and the outbox relay hands over whatever did not get through.
CELERY_TASK_PUBLISH_RETRY = False
# Half a second at most for a hanging Redis (a worker's BRPOP waits in its event loop, not on
# this timeout), and after a failure the process leaves the broker alone for a few seconds
# (coalition.services._publish): one request in ten seconds per process pays it, at most.
CELERY_BROKER_CONNECTION_TIMEOUT = 0.5
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 0.5,
    "socket_timeout": 0.5,
    "max_retries": 0,
}
# Every task stops in time: the soft limit raises inside it, the hard one ends the process (the
# task is then redelivered, acks_late, and finds its row already claimed). Background jobs get
# longer; a job whose worker died is picked up by the relay after JOB_STALE_AFTER seconds
# without progress.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=150)
JOB_TIME_LIMIT = env.int("JOB_TIME_LIMIT", default=15 * 60)
JOB_STALE_AFTER = env.int("JOB_STALE_AFTER", default=20 * 60)
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=2)
# Imports and exports take their longer limits from coalition.jobs.job_task.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Worker and beat log through LOGGING below (JSON in production), not a format of their own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Every periodic schedule of the project, in one place.
CELERY_BEAT_SCHEDULE = {
    "relay-outbox": {
        "task": "coalition.tasks.relay_outbox",
        "schedule": 60.0,
    },
    "relay-jobs": {
        "task": "coalition.tasks.relay_jobs",
        "schedule": 120.0,
    },
    "purge-sent-outbox": {
        "task": "coalition.tasks.purge_sent_outbox",
        "schedule": crontab(hour=3, minute=30),
    },
    "purge-export-files": {
        "task": "coalition.tasks.purge_export_files",
        "schedule": crontab(hour=3, minute=45),
    },
    # Due reminders are found by scanning the database, never by long countdowns.
    # A registration's first email is queued after its commit; one whose process died before
    # that is found here (pending for more than a minute) and queued once.
    "relay-registration-confirmations": {
        "task": "events.tasks.relay_registration_confirmations",
        "schedule": 60.0,
    },
    "send-event-reminders": {
        "task": "events.tasks.send_reminders",
        "schedule": 300.0,
    },
    # Monday morning, Massachusetts time: stale objectives to their staff, the digest to leads.
    "weekly-reporting-emails": {
        "task": "initiatives.tasks.send_weekly_reporting_emails",
        "schedule": crontab(day_of_week="mon", hour=8, minute=0),
    },
    # The dashboard's snapshots computed again once a write made them stale: within a minute.
    "refresh-dashboard-snapshots": {
        "task": "dashboards.tasks.refresh_snapshots",
        "schedule": 60.0,
    },
    # Monday morning, Massachusetts time: what changed last week, to each community's followers.
    "community-follow-digests": {
        "task": "portal.tasks.send_follow_digests",
        "schedule": crontab(day_of_week="mon", hour=9, minute=0),
    },
    # Follows never confirmed are forgotten once their link has expired.
    "purge-unconfirmed-follows": {
        "task": "communities.tasks.purge_unconfirmed_follows",
        "schedule": crontab(hour=4, minute=30),
    },
    # The network newsletter, last month's: the first Tuesday of each month (Celery's crontab
    # runs on days matching both the weekday and the day of the month). Running again finds
    # it sent (portal/newsletter.py).
    "network-newsletter": {
        "task": "portal.tasks.send_newsletter",
        "schedule": crontab(day_of_week="tue", day_of_month="1-7", hour=9, minute=30),
    },
    "anonymize-old-registrations": {
        "task": "events.tasks.anonymize_old_registrations",
        "schedule": crontab(hour=4, minute=15),
    },
    # The morning after a session, its survey to the people who came (idempotent: each
    # registration records that it was asked).
    "send-feedback-invitations": {
        "task": "events.tasks.send_feedback_invitations",
        "schedule": crontab(hour=10, minute=0),
    },
}
# Sent messages are kept this long for support questions, then deleted.
OUTBOX_RETENTION_DAYS = env.int("OUTBOX_RETENTION_DAYS", default=30)
# A link to confirm following a community works this many days; an unconfirmed follow is then
# forgotten.
FOLLOW_CONFIRM_DAYS = env.int("FOLLOW_CONFIRM_DAYS", default=7)
# Registrations to events that ended longer ago than this lose their personal data.
REGISTRATION_RETENTION_DAYS = env.int("REGISTRATION_RETENTION_DAYS", default=365)
# A session's survey goes out the morning after it; a morning the beat missed is caught up for
# this many days, no longer.
FEEDBACK_INVITE_WITHIN_DAYS = env.int("FEEDBACK_INVITE_WITHIN_DAYS", default=7)
# How long a registration waits for the event's seat lock (PostgreSQL's lock_timeout) before the
# person is asked to try again (503 with Retry-After).
EVENT_LOCK_TIMEOUT_MS = env.int("EVENT_LOCK_TIMEOUT_MS", default=10000)
# A dashboard export of more rows than this is prepared in the background (dashboards.services),
# and its file is deleted this many days after it was made.
DASHBOARD_EXPORT_ROWS_AT_ONCE = env.int("DASHBOARD_EXPORT_ROWS_AT_ONCE", default=2000)
EXPORT_RETENTION_DAYS = env.int("EXPORT_RETENTION_DAYS", default=7)
# The dashboard's snapshots (dashboards.services): one not viewed for this many days is deleted
# rather than refreshed; one older than this many seconds is refreshed even with no write (what
# moves with the clock alone: an event starting, an objective falling due). Without a worker
# (no REDIS_URL: `make run`, tests) a stale one is computed again on the request instead.
DASHBOARD_SNAPSHOT_KEEP_DAYS = env.int("DASHBOARD_SNAPSHOT_KEEP_DAYS", default=7)
DASHBOARD_SNAPSHOT_MAX_AGE = env.int("DASHBOARD_SNAPSHOT_MAX_AGE", default=15 * 60)
DASHBOARD_SNAPSHOT_REFRESH_ON_VIEW = env.bool(
    "DASHBOARD_SNAPSHOT_REFRESH_ON_VIEW", default=not REDIS_URL
)

# Demo data (manage.py load_demo), refused when DEBUG is off.
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="coalition-demo")
# Base32 secret of the demo lead's and admin's authenticator app (two-factor).
DEMO_TOTP_SECRET = env.str("DEMO_TOTP_SECRET", default="JBSWY3DPEHPK3PXP")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Sessions end after two idle weeks; every request pushes the end back, written at most once a
# minute (coalition.middleware.SessionRefreshMiddleware) unless the session changes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 24 * 14)
# Read from the shared cache (Redis), kept in the database; the database alone while Redis is
# away (coalition.sessions: Django's cached_db, never the cache's per-process fallback).
SESSION_ENGINE = "coalition.sessions"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): scripts, styles, fonts and images from this site only,
# never inline (templates keep no <script> body, <style> or style= attribute; allauth's data
# blocks are type="application/json" and never run). `data:` images are the TOTP QR code.
# Nothing may frame the site, and forms post only to it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# Powerful browser features the portal never uses are off for it and anything it embeds;
# security keys (WebAuthn) stay on for this site.
PERMISSIONS_POLICY = ", ".join(
    [
        "accelerometer=()",
        "camera=()",
        "display-capture=()",
        "geolocation=()",
        "gyroscope=()",
        "magnetometer=()",
        "microphone=()",
        "midi=()",
        "payment=()",
        "usb=()",
        "publickey-credentials-get=(self)",
    ]
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        # One JSON object per line (python-json-logger): production's format, see production.py.
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(levelname)s %(name)s %(process)d %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # UTC, ISO 8601
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env.str("LOG_FORMAT", default="plain"),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The PDF renderer warns of every browser-only CSS rule in the site's stylesheet.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}

# Open data (opendata/): read-only JSON at /api/v1/ (Django REST Framework), its OpenAPI schema
# (drf-spectacular), CSV copies, and CORS for GET under /api/ only (django-cors-headers).
REST_FRAMEWORK = {
    # JSON only: no browsable HTML page (its inline scripts would break the strict CSP).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # Nobody signs in to read open data: no session, no CSRF, the same answer for everyone.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "URL_FORMAT_OVERRIDE": None,
    # The client's address is the one the trusted proxies saw (as allauth's rate limits).
    "NUM_PROXIES": ALLAUTH_TRUSTED_PROXY_COUNT,
}
# Requests per address to /api/v1/ (and its CSV files), counted in the shared cache.
OPEN_DATA_RATE_LIMIT = env.str("OPEN_DATA_RATE_LIMIT", default="120/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "Coalition portal open data",
    "DESCRIPTION": (
        "Read-only public data of the coalition network: events, initiatives, objectives with "
        "their latest public status, indicators and measurements, organizations and "
        "communities. Every figure names its source, its as-of date where it has one, and "
        "whether it is an example (`is_example`: it shows how the portal works and did not "
        'happen). Counts of people from 1 to 4 are given as "fewer than 5". See /open-data/.'
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
}
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
