"""How the site logs: everything to stderr, where gunicorn and the service manager collect it."""


def logging_config(level):
    """The LOGGING setting for a log level ("INFO", "WARNING"…, from DJANGO_LOG_LEVEL)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["console"], "level": level},
        # Django's own loggers ("Not Found: …" is django.request) obey the same level, through the root's handler.
        # pymorphy3 says where it loads its dictionary from at INFO, once per process: not worth a line.
        "loggers": {
            "django": {"level": level},
            "django.db.backends": {"level": "INFO"},
            "pymorphy3": {"level": "WARNING"},
        },
    }
