"""
The emails themselves: an HTML part with its CSS written into each tag (css-inline: mail programs
drop a <style> block or a stylesheet link), a plain-text part, the reader's edition's language and
dates, and on every email to a list the headers that let a mail program unsubscribe in one click
(RFC 8058). No tracking pixel, no rewritten links.
"""

import functools
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from . import links


@functools.cache
def inliner():
    """css-inline, loaded where emails are drawn (the queue's worker) and not by every web worker."""
    import css_inline

    return css_inline.CSSInliner(load_remote_stylesheets=False)


class Email:
    """An email drawn once in an edition; made into a message per reader (personal links filled in)."""

    #: Stand for a reader's own links in a drawn email (.invalid is a name no address can have).
    PREFERENCES, UNSUBSCRIBE = "https://preferences.invalid/", "https://unsubscribe.invalid/"

    def __init__(self, template, context, language):
        with translation.override(language):
            context = {
                "site_name": settings.SITE_NAME,
                "site_url": settings.SITE_URL,
                "preferences_url": self.PREFERENCES,
                "unsubscribe_url": self.UNSUBSCRIBE,
                "language": language,
                **context,
            }
            self.subject = " ".join(render_to_string(f"newsletters/email/{template}_subject.txt", context).split())
            self.text = render_to_string(f"newsletters/email/{template}.txt", context)
            self.html = inliner().inline(render_to_string(f"newsletters/email/{template}.html", context))

    def to(self, subscriber, to_list=True, message_id=None):
        """The message for one reader; `to_list`: an email of a list, which says how to leave it."""
        text, html = self.text, self.html
        headers = {"Message-ID": message_id or make_msgid(domain=domain())}
        if to_list:
            preferences, unsubscribe = links.preferences_url(subscriber), links.unsubscribe_url(subscriber)
            text = text.replace(self.PREFERENCES, preferences).replace(self.UNSUBSCRIBE, unsubscribe)
            html = html.replace(self.PREFERENCES, preferences).replace(self.UNSUBSCRIBE, unsubscribe)
            headers["List-Unsubscribe"] = f"<{unsubscribe}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message = EmailMultiAlternatives(
            self.subject, text, settings.DEFAULT_FROM_EMAIL, [subscriber.email], headers=headers
        )
        message.attach_alternative(html, "text/html")
        return message


def domain():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def delivery_message_id(delivery_id):
    """The Message-ID of a delivery: the same on every try, so a resend is recognisable as one."""
    return f"<delivery-{delivery_id}@{domain()}>"
