"""``manage.py db_worker``: django-tasks-db's command, running our worker.

Django finds this command before django-tasks-db's own (``home`` comes first in
INSTALLED_APPS), as ``django.contrib.staticfiles`` extends ``runserver``. The
arguments are the library's; the worker is :class:`home.workers.Worker`, which
outlives database outages and writes a heartbeat.
"""

import os

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader

from django_tasks_db.management.commands import db_worker

from home.workers import Worker


class Command(db_worker.Command):
    help = (
        "Run a database background worker that survives database outages and "
        "writes a heartbeat."
    )

    def handle(self, *, verbosity, queue_name, exclude_queues, reload, **options):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        options = {
            name: options[name]
            for name in (
                "interval",
                "batch",
                "backend_name",
                "startup_delay",
                "max_tasks",
                "worker_id",
            )
        }
        worker = Worker(
            queue_names=queue_names, excluded_queue_names=excluded, **options
        )
        if reload and not options["batch"]:
            # Under the reloader only the child, which runs the worker, handles
            # the signals.
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
