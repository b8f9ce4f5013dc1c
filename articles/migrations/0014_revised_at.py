from django.db import migrations, models


def fill_revised_at(apps, schema_editor):
    """What "Updated" meant before: an edit more than ten minutes after the story went out, or a note."""
    Article = apps.get_model("articles", "Article")
    Correction = apps.get_model("articles", "Correction")
    latest_note = dict(
        Correction.objects.values("article_id").annotate(at=models.Max("published_at")).values_list("article_id", "at")
    )
    changed = []
    for article in Article.objects.exclude(published_at=None).only("published_at", "updated_at", "created_at"):
        went_out = max(article.published_at, article.created_at or article.published_at)
        candidates = [latest_note.get(article.pk)]
        if article.updated_at and (article.updated_at - went_out).total_seconds() > 600:
            candidates.append(article.updated_at)
        candidates = [at for at in candidates if at]
        if candidates:
            article.revised_at = max(candidates)
            changed.append(article)
    Article.objects.bulk_update(changed, ["revised_at"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_story_id_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="revised_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="The last change readers could see after the story went out: an edit of the public story, or the date of its latest correction or update. Shown as “Updated”.",
                null=True,
                verbose_name="revised at",
            ),
        ),
        migrations.RunPython(fill_revised_at, migrations.RunPython.noop),
    ]
