"""
The Jinja2 environment of the reader templates drawn many times on a page (a list's story cards,
templates/jinja2/): Django's template engine took three times as long to draw a card
(docs/benchmarks.md, "Cold pages"). Everything else stays on Django's templates.

The templates translate with _() through Django's own catalogs; makemessages reads only Django
templates and Python, so the strings they use are named below as well.
"""

from django.template.defaultfilters import date
from django.utils.html import conditional_escape
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, gettext_noop, ngettext
from jinja2 import Environment
from markupsafe import Markup

from media.templatetags.media_tags import picture

#: What templates/jinja2/ translates, for makemessages.
TRANSLATED = [gettext_noop("Live"), gettext_noop("Updated")]


def environment(**options):
    # Django's templates keep a template's last newline; so does this, so the markup is the same.
    env = Environment(
        **{**options, "keep_trailing_newline": True, "extensions": ["jinja2.ext.i18n"], "finalize": django_escaped}
    )
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.globals["picture"] = picture
    env.filters["date"] = local_date
    return env


def django_escaped(value):
    """Every value escaped as Django's templates escape it (a quote as &#x27;, not &#39;): the same bytes."""
    return Markup(conditional_escape(value))


def local_date(value, format_string):
    """Django's date filter, in the site's time zone as Django's templates show it."""
    return date(template_localtime(value), format_string)
