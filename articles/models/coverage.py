"""The rules of a live story's coverage: when it began and ended."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: An end time of coverage this far ahead of the server's clock is still taken as "now".
COVERAGE_END_SLACK = timedelta(minutes=5)


class LiveCoverage:
    """Article's live coverage: its checks and whether it is still going on."""

    def clean_coverage(self):
        started, ended = self.coverage_started_at, self.coverage_ended_at
        if ended and ended > timezone.now() + COVERAGE_END_SLACK:
            raise ValidationError(
                {"coverage_ended_at": _("Fill this in when the coverage has ended: it cannot be in the future.")}
            )
        if started and ended and ended < started:
            raise ValidationError({"coverage_ended_at": _("The coverage cannot end before it started.")})
        if ended and not self.is_live:
            raise ValidationError({"coverage_ended_at": _("Only live coverage has an end time.")})

    @property
    def is_live_now(self):
        """A live story whose coverage has not ended: it carries the LIVE label and its page updates itself."""
        return self.is_live and (self.coverage_ended_at is None or self.coverage_ended_at > timezone.now())
