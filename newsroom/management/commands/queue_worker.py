"""
The durable queue's worker (`manage.py queue_worker`, started by `make run` and `make serve`):
first what a restart calls for (email sends stopped half-way go on, the next digests are due on
the queue), then django-tasks' own worker, with the same options as `manage.py db_worker`.
"""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from newsletters.rounds import schedule_digests
from newsletters.sending import resume


class Command(DatabaseWorker):
    help = "Run the queue's worker, after picking up the email sends a restart stopped."

    def handle(self, *args, **options):
        resume()
        schedule_digests()
        super().handle(*args, **options)
