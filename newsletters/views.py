"""
The reader's side of email: sign up, confirm, change what they get, leave. Personal pages are
reached by a signed link and kept by no cache. The forms need no cookie: sign-up is harmless to
forge (it only ever mails the address a confirmation) and the other pages' links are their key.
"""

from functools import wraps

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from locations.models import Location

from . import links, signups
from .forms import PreferencesForm, SignUpForm
from .models import Subscriber


def reader_form(view):
    """
    A reader's form: GET shows it, POST sends it; no cookie needed, kept by no cache, indexed by no
    search engine, and its address (a signed link) never sent on in a Referer header.
    """

    @wraps(view)
    def personal(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex"
        return response

    return csrf_exempt(never_cache(require_http_methods(["GET", "HEAD", "POST"])(personal)))


@reader_form
def sign_up(request):
    client = signups.client_of(request)
    if request.method == "POST" and signups.too_many(client):
        # Asked first, and answered with a page that reads nothing: a script may ask thousands of times.
        return render(request, "newsletters/too_many.html", status=429)
    form = SignUpForm(request.POST or None, initial={"place": request.GET.get("place")})
    if request.method != "POST" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(request, "newsletters/sign_up.html", {"form": form}, status=status)
    if not form.is_bot:
        data = form.cleaned_data
        signups.sign_up(data["email"], get_language(), data["place"], client)
    return HttpResponseRedirect(reverse("newsletters:check_inbox"), status=303)


@never_cache
def check_inbox(request):
    hours = settings.NEWSLETTER_CONFIRM_SECONDS // 3600
    return render(request, "newsletters/check_inbox.html", {"hours": hours})


def _reader_or_refusal(request, token, purpose):
    """(subscriber, place id, None), or (None, None, the page that says why the link does not work)."""
    try:
        subscriber, place_id = links.reader(token, purpose)
    except links.LinkExpired:
        return None, None, render(request, "newsletters/link_expired.html", status=410)
    except links.LinkError:
        return None, None, render(request, "newsletters/link_invalid.html", status=400)
    return subscriber, place_id, None


@reader_form
def confirm(request, token):
    # A GET only shows the button: mail scanners open links, and must not confirm anything.
    subscriber, place_id, refusal = _reader_or_refusal(request, token, links.CONFIRM)
    if refusal:
        return refusal
    if request.method != "POST":
        return render(request, "newsletters/confirm.html", {"subscriber": subscriber, "place": _place(place_id)})
    if not signups.confirm(subscriber, place_id):
        return render(request, "newsletters/link_invalid.html", status=400)
    return HttpResponseRedirect(links.preferences_path(subscriber) + "?welcome=1", status=303)


@reader_form
def preferences(request, token):
    subscriber, _place_id, refusal = _reader_or_refusal(request, token, links.MANAGE)
    if refusal:
        return refusal
    form = PreferencesForm(
        request.POST or None,
        subscriber=subscriber,
        languages=settings.LANGUAGES,
        initial={"digest": subscriber.digest, "breaking": subscriber.breaking, "language": subscriber.language},
    )
    saved = request.method == "POST" and form.is_valid()
    if saved:
        _save_preferences(subscriber, form.cleaned_data)
        return HttpResponseRedirect(links.preferences_path(subscriber) + "?saved=1", status=303)
    context = {
        "subscriber": subscriber,
        "form": form,
        "follows": subscriber.follows.select_related("location").order_by("location__name"),
        "welcome": "welcome" in request.GET,
        "saved": "saved" in request.GET,
        "unsubscribe_url": links.unsubscribe_url(subscriber),
    }
    return render(request, "newsletters/preferences.html", context, status=400 if request.method == "POST" else 200)


def _save_preferences(subscriber, data):
    subscriber.digest, subscriber.breaking, subscriber.language = data["digest"], data["breaking"], data["language"]
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.CONFIRMED  # the link proves the mailbox is theirs
    subscriber.save(update_fields=["digest", "breaking", "language", "status"])
    subscriber.follows.filter(location__in=data["stop_following"]).delete()
    if data["follow"] is not None:
        subscriber.follows.get_or_create(location=data["follow"], defaults={"created_at": timezone.now()})


@reader_form
def unsubscribe(request, token):
    """A GET asks; a POST (the page's button, or a mail program's one-click, RFC 8058) unsubscribes."""
    subscriber, _place_id, refusal = _reader_or_refusal(request, token, links.MANAGE)
    if refusal:
        return refusal
    if request.method == "POST" and subscriber.status == Subscriber.Status.CONFIRMED:
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.save(update_fields=["status"])
    context = {"subscriber": subscriber, "done": request.method == "POST", "token": token}
    return render(request, "newsletters/unsubscribe.html", context)


def _place(place_id):
    return Location.objects.filter(pk=place_id).first() if place_id else None
