"""
How email leaves the site (newsroom/settings.py reads the variables): an SMTP server by default
(EMAIL_URL, e.g. smtp+tls://user:password@smtp.example:587), or a sending service through
django-anymail (NEWSROOM_EMAIL_SERVICE=amazon_ses, postmark, mailgun, sendgrid, brevo…), whose
own keys anymail reads from ANYMAIL_* variables (ANYMAIL_POSTMARK_SERVER_TOKEN…).
"""

import datetime

from django.core.exceptions import ImproperlyConfigured

#: The services anymail sends through that newsrooms use; each needs its ANYMAIL_* keys.
SERVICES = {"amazon_ses", "brevo", "mailgun", "mailjet", "postmark", "resend", "sendgrid", "sparkpost"}


def mail_config(env, debug):
    """The EMAIL_* settings: an anymail service if one is named, else the server EMAIL_URL names."""
    service = env.str("NEWSROOM_EMAIL_SERVICE", default="")
    if service:
        if service not in SERVICES:
            raise ImproperlyConfigured(f"NEWSROOM_EMAIL_SERVICE must be one of {', '.join(sorted(SERVICES))}.")
        return {"EMAIL_BACKEND": f"anymail.backends.{service}.EmailBackend"}
    # Developing (make run): emails are written to the console, where their links can be followed.
    config = env.email_url("EMAIL_URL", default="consolemail://" if debug else "smtp://localhost:25")
    return {name: value for name, value in config.items() if value not in (None, "")}


def digest_time(value):
    """NEWSROOM_DIGEST_TIME ("07:00") as a time of day."""
    try:
        return datetime.time.fromisoformat(value)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"NEWSROOM_DIGEST_TIME must be a time of day such as 07:00, not {value!r}."
        ) from error
