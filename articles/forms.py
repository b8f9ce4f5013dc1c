"""The tag picker of the article form: existing tags as the editor types, new ones checked for near-duplicates."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from taggit.utils import parse_tags

from .models import Tag
from .tagging import clean_name, look_alike_key, one_edit_apart, tag_key


class TagAutocompleteWidget(forms.SelectMultiple):
    """A select2 box like the places and bylines pickers, that also takes new tags."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"class": "tag-autocomplete", "data-url": reverse_lazy("admin:articles_tag_search"), **(attrs or {})}
        )

    @property
    def media(self):
        return forms.Media(
            js=[
                "admin/js/vendor/jquery/jquery.min.js",
                "admin/js/vendor/select2/select2.full.min.js",
                "admin/js/jquery.init.js",
                "admin-extra/tag-autocomplete.js",
            ],
            css={"screen": ["admin/css/vendor/select2/select2.min.css", "admin/css/autocomplete.css"]},
        )

    def format_value(self, value):
        names = [tag.name if isinstance(tag, Tag) else str(tag) for tag in (value or [])]
        return [name for name in names if name]

    def optgroups(self, name, value, attrs=None):
        # The choices are exactly the selected tags; the rest arrive as the editor types.
        self.choices = [(tag_name, tag_name) for tag_name in value]
        return super().optgroups(name, value, attrs)


class TagNamesField(forms.Field):
    widget = TagAutocompleteWidget

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        if len(value) == 1 and "," in value[0]:
            value = parse_tags(value[0])  # A comma-separated list from a form without scripts.
        names, keys = [], set()
        for item in value:
            name = clean_name(item)
            if name and tag_key(name) not in keys:
                keys.add(tag_key(name))
                names.append(name)
        return names

    def prepare_value(self, value):
        return value


def near_duplicates(names, exclude=None):
    """
    {new name: [existing Tag]} for names that are not tags yet but look like one: the same letters
    in another script, or one typo away. `exclude`: a tag being renamed, which may resemble itself.
    """
    tags = Tag.objects.exclude(pk=exclude.pk) if exclude is not None and exclude.pk else Tag.objects.all()
    keys = {tag_key(name): name for name in names}
    existing_keys = set(tags.filter(key__in=keys).values_list("key", flat=True))
    new = {key: name for key, name in keys.items() if key not in existing_keys}
    if not new:
        return {}
    found = {}
    look_alikes = {look_alike_key(name): key for key, name in new.items()}
    for tag in tags.filter(look_alike_key__in=look_alikes):
        found.setdefault(new[look_alikes[tag.look_alike_key]], []).append(tag)
    lengths = {len(key) for key in new}
    candidates = tags.only("pk", "name", "slug", "key")
    for tag in candidates.iterator(chunk_size=5000):
        if not any(abs(len(tag.key) - n) <= 1 for n in lengths):
            continue
        for key, name in new.items():
            if len(key) >= 4 and one_edit_apart(key, tag.key) and tag not in found.get(name, []):
                found.setdefault(name, []).append(tag)
    return found


class TagChoiceMixin(forms.Form):
    """Adds the tag picker and the near-duplicate check to the article form."""

    confirm_new_tags = forms.BooleanField(
        label=_("Create these new tags anyway"),
        required=False,
        help_text=_("Tick only when a new tag really differs from the existing one it resembles."),
    )

    def clean_tags(self):
        names = self.cleaned_data.get("tags") or []
        self.new_tag_names = [n for n in names if not Tag.objects.filter(key=tag_key(n)).exists()]
        if not self.data.get("confirm_new_tags"):
            check_near_duplicates(
                self.new_tag_names,
                _(
                    "“%(new)s” looks like the existing tag %(existing)s. Pick the existing tag, or tick “Create these new tags anyway”."  # noqa: E501
                ),
            )
        return names


def check_near_duplicates(names, message, exclude=None):
    """Raise a ValidationError naming, for each of `names`, the existing tags it looks like."""
    similar = near_duplicates(names, exclude=exclude)
    if similar:
        raise forms.ValidationError(
            [
                forms.ValidationError(
                    message,
                    params={"new": new, "existing": ", ".join(f"“{tag.name}”" for tag in tags)},
                    code="near_duplicate",
                )
                for new, tags in similar.items()
            ]
        )


class TagAdminForm(forms.ModelForm):
    """The tag admin's form: the same near-duplicate rule as the article form's tag picker."""

    confirm_look_alike = forms.BooleanField(
        label=_("Save this name anyway"),
        required=False,
        help_text=_("Tick only when the name really differs from the existing tag it resembles."),
    )

    class Meta:
        model = Tag
        fields = ["name", "slug", "needs_review"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "The tag's web address. Leave blank to make one from the name. An old address keeps "
            "working: it redirects here."
        )

    def clean_name(self):
        name = clean_name(self.cleaned_data["name"])
        renamed = self.instance.pk is None or tag_key(name) != self.instance.key
        if renamed and not self.data.get("confirm_look_alike"):
            check_near_duplicates(
                [name],
                _("“%(new)s” looks like the existing tag %(existing)s. Use that tag, or tick “Save this name anyway”."),
                exclude=self.instance,
            )
        return name
