"""Running the durable queue's tasks in a test, as `manage.py db_worker` does between requests."""

from unittest import mock

from django_tasks_db.management.commands.db_worker import Worker


def run_queued_tasks():
    """Run every task that is ready now, one after the other, until none is left; return how many ran."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    # The real worker drops connections between tasks; here the connection holds the test's own
    # transaction, and on PostgreSQL dropping it would end the test's access to its data.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        worker.run()
    return worker._run_tasks
