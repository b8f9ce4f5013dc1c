from importlib import import_module

from django.db import migrations

editions = import_module("articles.migrations.0017_editions")


class Migration(migrations.Migration):
    """
    SQLite rebuilds a table to add a column (0026 added the email alert's) and the table's
    statistics go with the old one: without them the planner walked every story for a small tag's
    page at 100,000 stories. Give it its figures again, as 0017 does.
    """

    dependencies = [("articles", "0026_article_send_alert")]

    operations = [migrations.RunPython(editions.refresh_statistics, migrations.RunPython.noop)]
