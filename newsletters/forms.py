"""The sign-up form on every reader page, and a reader's preferences."""

from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from locations.models import Location, fold_name


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "placeholder": _("you@example.com")}),
        error_messages={"invalid": _("Enter an email address such as name@example.com.")},
    )
    place = forms.ModelChoiceField(queryset=Location.objects.all(), required=False, widget=forms.HiddenInput)
    # Left empty by people (it is hidden from them and from screen readers); filled in by many bots.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    @property
    def is_bot(self):
        return bool(self.cleaned_data.get("website"))


class PreferencesForm(forms.Form):
    digest = forms.BooleanField(label=_("The daily digest"), required=False)
    breaking = forms.BooleanField(label=_("Breaking news alerts"), required=False)
    language = forms.ChoiceField(label=_("Edition"))
    stop_following = forms.ModelMultipleChoiceField(
        label=_("Stop following"), queryset=Location.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    follow = forms.CharField(
        label=_("Follow another place"),
        required=False,
        max_length=100,
        help_text=_("A town, district or region, e.g. Kramatorsk."),
    )

    def __init__(self, *args, subscriber, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = languages
        self.fields["stop_following"].queryset = Location.objects.filter(follow__subscriber=subscriber)

    def clean_follow(self):
        name = self.cleaned_data["follow"].strip()
        if not name:
            return None
        # Any of its names, in either alphabet, as readers spell it; the likeliest place first.
        places = Location.objects.filter(names__folded=fold_name(name))
        place = places.order_by("-names__is_variant", F("population").desc(nulls_last=True), "pk").first()
        if place is None:
            raise forms.ValidationError(_("We know no place called “%(name)s”."), params={"name": name})
        return place
