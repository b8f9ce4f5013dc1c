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


def public_q(prefix=""):
    """
    The rule behind published(), as a Q. The place index keeps copies of the two fields it reads,
    so counting a place's stories never has to visit the articles themselves.
    """
    return Q(**{f"{prefix}status": Status.PUBLISHED, f"{prefix}published_at__lte": timezone.now()})
