"""
The purge log: which surrogate keys (common.keys) changes have purged, kept in the database so
that it commits with the change itself, outlives any cache and is the same for every app server.
See common.purges.
"""

import time

from django.db import models
from django.utils.translation import gettext_lazy as _


class PurgeSerial(models.Model):
    """The log's counter, in one row: every numbered purge takes the next value."""

    value = models.BigIntegerField(default=0)
    # Made anew with each database (and each restore of one): copies drawn from another never count.
    epoch = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("purge serial")

    def __str__(self):
        return f"{self.value} ({self.epoch})"


class Numbering(models.Model):
    """When each serial was given out: a copy drawn at serial N cannot have been out of date before N + 1."""

    serial = models.BigIntegerField(_("serial"), primary_key=True)
    numbered_at = models.FloatField(_("numbered at"), help_text=_("Unix time."))

    class Meta:
        verbose_name = _("numbering")
        verbose_name_plural = _("numberings")

    def __str__(self):
        return str(self.serial)


class Purge(models.Model):
    """The latest numbered purge of a key: a copy of anything that shows the key, drawn before it, is out of date."""

    key = models.CharField(_("key"), max_length=200, primary_key=True)
    serial = models.BigIntegerField(_("serial"))
    # The latest purge that took something down: no later soft purge can make an older copy servable.
    hard_serial = models.BigIntegerField(_("serial of the last hard purge"), default=0)
    purged_at = models.FloatField(_("purged at"), help_text=_("Unix time."))

    class Meta:
        verbose_name = _("purge")
        verbose_name_plural = _("purges")

    def __str__(self):
        return f"{self.key} @ {self.serial}"


class PendingPurge(models.Model):
    """
    A purge written in the change's own transaction. One due now is numbered into Purge as soon as
    the change commits; one due later (a story scheduled to go out) takes effect at that time.
    Until then every copy that shows the key counts as out of date.
    """

    key = models.CharField(_("key"), max_length=200)
    hard = models.BooleanField(_("taken down"), default=False)
    due_at = models.FloatField(_("due at"), null=True, blank=True, help_text=_("Unix time; empty: now."))
    created_at = models.FloatField(_("created at"), default=time.time, help_text=_("Unix time."))

    class Meta:
        verbose_name = _("pending purge")
        verbose_name_plural = _("pending purges")
        indexes = [
            models.Index(fields=["key", "due_at"], name="pendingpurge_key_idx"),
            models.Index(fields=["due_at"], name="pendingpurge_due_idx"),
        ]

    def __str__(self):
        return self.key
