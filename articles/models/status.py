"""A story's workflow status, and the one rule that makes a story public."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("Ready for review")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


def public_q(prefix="", language=None):
    """
    The rule behind published(), as a Q; with `language`, public in that edition. The place index
    and the search entries keep copies of the fields it reads, so counting a place's stories never
    has to visit the articles themselves.
    """
    rule = Q(**{f"{prefix}status": Status.PUBLISHED, f"{prefix}published_at__lte": timezone.now()})
    return rule & Q(**{f"{prefix}language": language}) if language else rule
