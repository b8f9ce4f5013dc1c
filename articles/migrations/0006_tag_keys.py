from django.db import migrations, models
import django.db.models.deletion
import taggit.managers

from articles.tagging import clean_name, look_alike_key, tag_key


def fill_keys(apps, schema_editor):
    Tag = apps.get_model("articles", "Tag")
    for tag in Tag.objects.all():
        tag.name = clean_name(tag.name)
        tag.key = tag_key(tag.name)
        tag.look_alike_key = look_alike_key(tag.name)
        tag.save(update_fields=["name", "key", "look_alike_key"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_place_index")]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="tags",
            field=taggit.managers.TaggableManager(
                blank=True,
                help_text="Topics. Pick existing ones as you type; a new one is created when nothing matches.",
                through="articles.TaggedArticle",
                to="articles.Tag",
                verbose_name="tags",
            ),
        ),
        migrations.AddField(
            model_name="tag",
            name="key",
            field=models.CharField(default="", editable=False, max_length=100),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="tag",
            name="look_alike_key",
            field=models.CharField(db_index=True, default="", editable=False, max_length=100),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="tag",
            name="needs_review",
            field=models.BooleanField(
                default=False,
                help_text="Created by a writer; an editor checks it is not a duplicate, then clears this.",
                verbose_name="needs review",
            ),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="tag",
            name="key",
            field=models.CharField(
                editable=False,
                help_text="The name case-folded: two names with one key are one tag.",
                max_length=100,
                unique=True,
            ),
        ),
        migrations.CreateModel(
            name="TagRedirect",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("old_slug", models.SlugField(max_length=100, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "tag",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="redirects", to="articles.tag"
                    ),
                ),
            ],
        ),
    ]
