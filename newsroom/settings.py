"""
Settings for Newsroom.

One file for every environment: production differs from development only
through environment variables, all of which are listed in the README.
"""

import hashlib
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from newsroom.cache_config import cache_config, release_fingerprint
from newsroom.log_config import logging_config
from newsroom.mail_config import digest_time, mail_config

BASE_DIR = Path(__file__).resolve().parent.parent

# django-environ reads and types every variable.
env = environ.Env()


# Core

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Without a key, management commands (check, makemigrations, migrate, collectstatic) still run;
# the web server does not start (newsroom.startup, called by wsgi.py and asgi.py).
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY and DEBUG:
    # Only ever used with DEBUG on, where nothing is served to the public.
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Keeps runserver from serving static files itself, so development goes
    # through whitenoise exactly as production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
    "taggit",
    "django_prose_editor",
    # The durable queue for work done after a request (edge purges): django-tasks, the backport of
    # Django 6's tasks framework, with its database backend, so it needs no server of its own.
    "django_tasks",
    "django_tasks_db",
    # Readers who follow the news by email: sign-up, digests and alerts (README, "Email").
    "newsletters",
    "articles",
    "locations",
    "media",
    # The purge log the caches are checked against (common.purges), and the shared helpers.
    "common",
    # The project itself, for its management commands (backup, restore).
    "newsroom",
    # Tools outside the product: the demo content (load_demo) and the benchmark commands.
    "demo",
    "bench",
    # Counts failed logins and locks out by account and by address (state in the database, so
    # every app server sees it).
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "newsroom.middleware.ContentSecurityPolicyMiddleware",
    "newsroom.middleware.PermissionsPolicyMiddleware",
    # Straight after SecurityMiddleware, before anything that does work per request.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Readers' pages name the site's own origin whatever the request says, before anything is kept.
    "newsroom.middleware.SiteOriginMiddleware",
    # Whole pages for anonymous readers; a hit skips everything below (see newsroom/pagecache.py).
    "newsroom.pagecache.PageCacheMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of the page from its address (/uk/…), before anything resolves or reverses URLs.
    "newsroom.middleware.EditionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag on every page, and 304 Not Modified when the reader already has it.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "newsroom.middleware.PublicCacheHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: answers a locked-out login with its page.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy for every page, the admin included (django-csp): scripts, styles, fonts
# and images from this site only (plus NEWSROOM_CSP_MEDIA_ORIGIN, e.g. an S3 bucket serving photos);
# no inline scripts or styles, no plugins, no framing, forms post only here. A page that asks for
# request.csp_nonce (the admin's rich-text editor) gets that nonce in script-src; reader pages never do.
CSP_MEDIA_ORIGIN = env.str("NEWSROOM_CSP_MEDIA_ORIGIN", default="")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *filter(None, [CSP_MEDIA_ORIGIN])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"

# Where the admin lives. Moving it off /admin/ keeps it out of scripted attacks' way.
ADMIN_PATH = "/" + env.str("NEWSROOM_ADMIN_PATH", default="admin").strip("/") + "/"

# Reader pages: how long this site keeps a whole page for anonymous readers (0: not at all), and
# what it tells browsers and CDNs. Every change a reader could see purges the site's own copies at
# once (common.purges); a CDN keeps its copy up to s-maxage unless purged by the page's keys.
PAGE_CACHE_SECONDS = env.int("NEWSROOM_PAGE_CACHE_SECONDS", default=600)
PUBLIC_CACHE_CONTROL = {
    "max_age": env.int("NEWSROOM_BROWSER_CACHE_SECONDS", default=60),
    "s_maxage": env.int("NEWSROOM_CDN_CACHE_SECONDS", default=300),
    "stale_while_revalidate": 600,
    "stale_if_error": 86400,
}

# The page cache (newsroom.pagecache): a purged page is drawn again by the first request for it,
# in a thread while the previous copy answers for up to 2 s after a soft purge (the contract's
# window, docs/caching.md); otherwise the others for the same address wait up to
# PAGE_RENDER_WAIT_SECONDS for the new copy.
PAGE_RENDER_WAIT_SECONDS = env.float("NEWSROOM_PAGE_RENDER_WAIT_SECONDS", default=2.0)
PAGE_RENDER_LOCK_SECONDS = 30
PAGE_REFRESH_IN_BACKGROUND = env.bool("NEWSROOM_PAGE_REFRESH_IN_BACKGROUND", default=True)

# The edge cache in front of the site (Varnish, Fastly or Cloudflare), purged by surrogate key
# after each change readers will see (common.edge, through the task queue). With one configured,
# it may keep pages for EDGE_CACHE_SECONDS (Surrogate-Control), since purges keep them current;
# failed purges are retried for as long.
VARNISH_URLS = env.list("NEWSROOM_VARNISH_URLS", default=[])
FASTLY_SERVICE = env.str("NEWSROOM_FASTLY_SERVICE", default="")
FASTLY_TOKEN = env.str("NEWSROOM_FASTLY_TOKEN", default="")
FASTLY_API = env.str("NEWSROOM_FASTLY_API", default="https://api.fastly.com")
CLOUDFLARE_ZONE = env.str("NEWSROOM_CLOUDFLARE_ZONE", default="")
CLOUDFLARE_TOKEN = env.str("NEWSROOM_CLOUDFLARE_TOKEN", default="")
CLOUDFLARE_API = env.str("NEWSROOM_CLOUDFLARE_API", default="https://api.cloudflare.com/client/v4")
PURGES_EDGE = bool(VARNISH_URLS or FASTLY_SERVICE or CLOUDFLARE_ZONE)
EDGE_CACHE_SECONDS = env.int("NEWSROOM_EDGE_CACHE_SECONDS", default=3600) if PURGES_EDGE else 0
PURGE_RETRY_SECONDS = env.int("NEWSROOM_PURGE_RETRY_SECONDS", default=max(EDGE_CACHE_SECONDS, 300))
# Each edge purge is sent again this long after it went through (0: never): a copy the edge was
# still fetching when the first arrived was drawn before the change and is caught by the second.
PURGE_REPEAT_SECONDS = env.float("NEWSROOM_PURGE_REPEAT_SECONDS", default=1.0)

# A photo's replaced renditions stay in storage as long as any cache may still serve a page that
# names them: this site's page cache, then a browser's or CDN's copy with its stale allowances.
RETIRED_FILE_SECONDS = env.int(
    "NEWSROOM_RETIRED_FILE_SECONDS",
    default=PAGE_CACHE_SECONDS + sum(PUBLIC_CACHE_CONTROL.values()) + EDGE_CACHE_SECONDS,
)

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
                "newsroom.context_processors.site",
            ],
        },
    },
    {
        # A list's story cards (newsroom/jinja2.py): Jinja2 draws one in a third of the time.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "newsroom.jinja2.environment"},
    },
]

# Tags: a name in any case finds the existing tag; the site's forms and taggit's own .add("name")
# go further (spacing, Unicode form, every script) through Tag.objects.for_names() (FoldedTags).
TAGGIT_CASE_INSENSITIVE = True

# Form widgets may be overridden in templates/ like any other template.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite in var/ unless DATABASE_URL points elsewhere (e.g. PostgreSQL).

VAR_DIR = Path(env.str("NEWSROOM_VAR_DIR", default=str(BASE_DIR / "var")))
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Every transaction that may write takes the write lock when it begins, so two admin saves of
    # one story run one after the other and the second sees the first (see ConflictCheckMixin);
    # a writer waits up to 20 s for the lock instead of failing with "database is locked".
    # WAL: readers never wait for a writer (nor for the queue's worker taking its next task).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: an embedded, disk-backed cache every worker of the machine shares (diskcache under
# var/cache/), unless CACHE_URL (or REDIS_URL) names a Redis server, which several machines share.
# Either way, a cache out of reach slows the site down but never breaks it (newsroom/cache_config.py).
CACHE_URL = env.str("CACHE_URL", default="") or env.str("REDIS_URL", default="") or "diskcache://"
CACHE_SCHEME = CACHE_URL.split("://", 1)[0]
CACHES = {
    "default": cache_config(
        CACHE_URL, location=str(VAR_DIR / "cache"), size_limit=env.int("NEWSROOM_CACHE_BYTES", default=2**30)
    )
}

# Keys carry the database they were made from, so two sites (or a benchmark's databases) sharing one
# cache never answer with each other's pages, and the release that drew them, so a deploy never
# serves markup (or a kept part) of the code it replaced: NEWSROOM_RELEASE names it (a commit), else
# a fingerprint of the code, templates and translations does.
RELEASE = env.str("NEWSROOM_RELEASE", default="") or release_fingerprint(BASE_DIR)
CACHES["default"]["KEY_PREFIX"] = (
    env.str(
        "NEWSROOM_CACHE_PREFIX",
        default=hashlib.sha256(
            f"{DATABASES['default']['HOST']}:{DATABASES['default']['PORT']}/{DATABASES['default']['NAME']}".encode()
        ).hexdigest()[:8],
    )
    + f"-{RELEASE}"
)

# The durable queue (django-tasks' database backend): queued in the transaction of the change that
# asks for the work, run by `manage.py db_worker` (started by `make run` and `make serve`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Logins: sessions end after a working day or when the browser closes; repeated failures lock
# out the account and, separately, the address for a while (django-axes).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
SESSION_COOKIE_AGE = env.int("NEWSROOM_SESSION_SECONDS", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
AXES_FAILURE_LIMIT = env.int("NEWSROOM_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("NEWSROOM_LOGIN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False  # attempts are in the admin (Axes → access attempts), not on every command's stdout
# Behind a reverse proxy, the number of proxies whose X-Forwarded-For entries to trust (0: none).
PROXY_COUNT = env.int("NEWSROOM_PROXY_COUNT", default=0)
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# Passwords

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time: the newsroom works on Kyiv time.

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("uk", _("Ukrainian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The house style for dates (newsroom/formats/<language>/formats.py), used by pages, feeds and the admin.
FORMAT_MODULE_PATH = ["newsroom.formats"]
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
USE_TZ = True

# Static files (whitenoise) and uploaded media (outside the source tree).

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]

MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Serving uploads through Django is for development and single-box demos;
# production serves MEDIA_ROOT from the web server or object storage.
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=DEBUG)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploads in an S3-compatible bucket instead of MEDIA_ROOT, when NEWSROOM_S3_BUCKET is set. Readers
# load renditions straight from the bucket (or NEWSROOM_S3_CUSTOM_DOMAIN, a CDN in front of it), so
# the bucket policy must let anyone read `renditions/*` and nobody read `originals/*`.
S3_BUCKET = env.str("NEWSROOM_S3_BUCKET", default="")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("NEWSROOM_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("NEWSROOM_S3_REGION", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None),
            "custom_domain": env.str("NEWSROOM_S3_CUSTOM_DOMAIN", default="") or None,
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": None,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    if not CSP_MEDIA_ORIGIN:  # the photo host must be allowed by the Content-Security-Policy
        media_origin = (
            f"https://{env.str('NEWSROOM_S3_CUSTOM_DOMAIN')}"
            if env.str("NEWSROOM_S3_CUSTOM_DOMAIN", default="")
            else env.str("NEWSROOM_S3_ENDPOINT_URL", default="https://*.amazonaws.com")
        )
        CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(media_origin)

# Limits on uploaded photos: file size in bytes, pixels in all, and pixels on the longer side.
IMAGE_MAX_UPLOAD_BYTES = env.int("IMAGE_MAX_UPLOAD_BYTES", default=30 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=60_000_000)
IMAGE_MAX_DIMENSION = env.int("IMAGE_MAX_DIMENSION", default=12_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security. HTTPS is assumed in production; DJANGO_HTTPS=0 serves plain HTTP
# (local production-like runs such as `make serve`).

HTTPS = env.bool("DJANGO_HTTPS", default=not DEBUG)
# The site's own origin: every absolute address readers get (canonical, og:url, JSON-LD, feeds,
# sitemaps, hreflang, robots.txt) starts with it, whatever host or scheme a request claims
# (newsroom.middleware.SiteOriginMiddleware). By default the first allowed host.
SITE_URL = env.str(
    "NEWSROOM_SITE_URL", default=f"{'https' if HTTPS else 'http'}://{(ALLOWED_HOSTS or ['localhost'])[0]}"
).rstrip("/")
_site = urlsplit(SITE_URL)
if _site.scheme not in {"http", "https"} or not _site.hostname or _site.path:
    raise ImproperlyConfigured(f"NEWSROOM_SITE_URL must be an origin such as https://news.example, not {SITE_URL!r}.")
if _site.hostname not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(_site.hostname)
# X-Forwarded-Proto says "this came in over HTTPS" only when a proxy of ours set it (and dropped the
# client's own); trusted without one, any client could claim HTTPS. See Django's SECURE_PROXY_SSL_HEADER.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PROXY_COUNT else None
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)
# Joining the browsers' preload list is hard to undo, so it is the operator's explicit choice.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Logging: everything to stderr (newsroom/log_config.py).

LOG_LEVEL = env.str("DJANGO_LOG_LEVEL", default="INFO")
LOGGING = logging_config(LOG_LEVEL)

# The publication

SITE_NAME = env.str("NEWSROOM_SITE_NAME", default="The Eastern Dispatch")
SITE_TAGLINE = env.str("NEWSROOM_SITE_TAGLINE", default="Independent news from eastern Ukraine")
SITE_TAGLINE_UK = env.str("NEWSROOM_SITE_TAGLINE_UK", default="Незалежні новини зі сходу України")

ARTICLES_PER_PAGE = 12

# Email: an SMTP server (EMAIL_URL) or a sending service (NEWSROOM_EMAIL_SERVICE); newsroom/mail_config.py.
globals().update(mail_config(env, DEBUG))
if EMAIL_BACKEND.startswith("anymail."):  # noqa: F821 (set just above)
    INSTALLED_APPS.append("anymail")  # its checks; without a service, its libraries stay unloaded
DEFAULT_FROM_EMAIL = env.str("NEWSROOM_EMAIL_FROM", default=f"{SITE_NAME} <news@{_site.hostname}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
NEWSLETTER_DIGEST_TIME = digest_time(env.str("NEWSROOM_DIGEST_TIME", default="07:00"))
NEWSLETTER_PLACE_ALERT_HOURS = env.float("NEWSROOM_PLACE_ALERT_HOURS", default=3)
NEWSLETTER_CONFIRM_SECONDS = int(env.float("NEWSROOM_CONFIRM_HOURS", default=48) * 3600)
NEWSLETTER_SIGNUPS_PER_CLIENT = env.int("NEWSROOM_SIGNUPS_PER_CLIENT", default=10)  # an hour
NEWSLETTER_SIGNUPS_PER_ADDRESS = env.int("NEWSROOM_SIGNUPS_PER_ADDRESS", default=3)  # an hour
