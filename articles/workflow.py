"""
Who may move a story where, and the audit trail of those moves.

    draft ⇄ ready for review → published (scheduled while its time is in the future) ⇄ unpublished

Writers move their own stories between draft and ready for review, and edit stories that are not
out yet. Editors (the publish permission) make every move, including back to draft.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Article, ArticleEvent

PUBLISH_PERMISSION = "articles.publish_article"
WRITER_STATUSES = {Article.Status.DRAFT, Article.Status.REVIEW}


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def is_own(user, article):
    """A new story, one the user filed, or one carrying the user's byline."""
    if article.pk is None or article.created_by_id == user.pk:
        return True
    return article.authors.filter(user=user).exists()


def can_edit(user, article):
    """Writers edit stories that are not out yet; once published (or scheduled) a story is the editors'."""
    return can_publish(user) or article.pk is None or article.status in WRITER_STATUSES


def allowed_statuses(user, article):
    """The statuses this user may give this story; its current one is always among them."""
    if can_publish(user):
        return set(Article.Status)
    if article.status in WRITER_STATUSES and is_own(user, article):
        return set(WRITER_STATUSES)
    return {article.status}


def record(article, user, action, detail=""):
    return ArticleEvent.objects.create(
        article=article,
        headline=article.headline[:250],
        user=user,
        username=user.get_username() if user else "",
        action=action,
        detail=detail[:500],
    )


def _to_second(moment):
    return moment.replace(microsecond=0) if moment else None


def record_transition(article, user, old_status, old_published_at):
    """Write the audit entry for a status change (or a new time for a scheduled story); None when neither."""
    status = article.status
    if status == old_status:
        # Only a new time for a story not yet out is a move (the form drops microseconds on every save).
        was_scheduled = old_published_at is not None and old_published_at > timezone.now()
        if status != Article.Status.PUBLISHED or not (article.is_scheduled or was_scheduled):
            return None
        if _to_second(old_published_at) == _to_second(article.published_at):
            return None
    when = date_format(timezone.localtime(article.published_at), "DATETIME_FORMAT") if article.published_at else ""
    if status == Article.Status.REVIEW:
        return record(article, user, ArticleEvent.Action.SUBMITTED)
    if status == Article.Status.PUBLISHED:
        if article.is_scheduled:
            return record(article, user, ArticleEvent.Action.SCHEDULED, _("To go out at %(time)s") % {"time": when})
        return record(article, user, ArticleEvent.Action.PUBLISHED, when)
    if old_status == Article.Status.PUBLISHED:
        return record(article, user, ArticleEvent.Action.UNPUBLISHED, article.get_status_display())
    if status == Article.Status.DRAFT and old_status == Article.Status.REVIEW:
        return record(article, user, ArticleEvent.Action.RETURNED)
    return None
