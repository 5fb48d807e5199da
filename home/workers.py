"""Task workers that outlive their database.

django-tasks-db's worker re-raises every database error but "database is
locked": without the autoreloader the process exits, and with it the worker's
thread dies while the process stays up, taking no more jobs. :class:`Worker`
catches any error around one turn of its loop, closes its connections, waits
(longer after each failure, up to ``MAX_PAUSE_SECONDS``) and carries on. An
outage is logged once when it starts and once when it ends. Between tasks the
worker writes a heartbeat (:class:`~home.models.WorkerHeartbeat`), so that a
queue nobody serves can be told from a slow one.

``manage.py db_worker`` runs this worker (home/management/commands/db_worker.py).
"""

import contextlib
import datetime
import logging
import os
import random
import socket
import time

from django.db import (
    DatabaseError,
    OperationalError,
    close_old_connections,
    connections,
)
from django.utils import timezone

from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from home.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10
MAX_PAUSE_SECONDS = 5
# A worker not seen for this long is forgotten when another one starts.
FORGET_AFTER = datetime.timedelta(days=1)
# A turn of the loop that found the database locked (SQLite): not an outage.
BUSY = object()


class ResultLost(Exception):
    """The database went away while the worker ran this task, so its outcome
    could not be recorded. Set on the task's row once the database is back."""


class Outage:
    """A stretch of failures of the loop of a long-running process: logged once
    when it starts and once when it ends, with a longer pause after each try."""

    def __init__(self, name, *, ceiling=MAX_PAUSE_SECONDS):
        self.name = name
        self.ceiling = ceiling
        self.started = None
        self.failures = 0

    def failed(self, error):
        """Note ``error``; returns the seconds to wait before the next try."""
        if self.started is None:
            self.started = time.monotonic()
            if isinstance(error, DatabaseError):
                # The class only: a database error's text can quote a value.
                logger.warning(
                    "%s: the database is unavailable (%s); trying again until it "
                    "is back",
                    self.name,
                    type(error).__name__,
                )
            else:
                logger.error(
                    "%s: unexpected error, carrying on", self.name, exc_info=error
                )
        self.failures += 1
        return min(self.ceiling, 0.5 * 2 ** (self.failures - 1))

    def over(self):
        if self.started is not None:
            logger.warning(
                "%s: working again after %.0f s",
                self.name,
                time.monotonic() - self.started,
            )
        self.started = None
        self.failures = 0


def close_connections():
    """Drop every database connection of this thread: after an outage each one
    may be broken, and the next query should open a new one."""
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(DatabaseError):  # it was broken already
            connection.close()


class Heartbeat:
    """Writes the worker's heartbeat row at most every ``HEARTBEAT_SECONDS``."""

    def __init__(self, worker_id, queue_names):
        self.worker_id = worker_id
        self.queues = ",".join(["", *queue_names, ""])
        self.started_at = timezone.now()
        self.due = 0.0

    def beat(self):
        if time.monotonic() < self.due:
            return
        now = timezone.now()
        if not WorkerHeartbeat.objects.filter(pk=self.worker_id).update(seen_at=now):
            WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()
            WorkerHeartbeat.objects.create(
                worker_id=self.worker_id,
                queues=self.queues[:255],
                hostname=socket.gethostname()[:255],
                pid=os.getpid(),
                started_at=self.started_at,
                seen_at=now,
            )
        self.due = time.monotonic() + HEARTBEAT_SECONDS


class Worker(db_worker.Worker):
    """django-tasks-db's worker, with a loop that no error ends (see the module's
    docstring). In ``--batch`` mode an error still ends the run: whoever runs the
    batch (cron, a test) runs it again."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.outage = Outage(f"Worker {self.worker_id}")
        self.heartbeat = Heartbeat(self.worker_id, self.queue_names)
        self.lost = []

    def run(self):
        logger.info(
            "Starting worker %s for queues %s",
            self.worker_id,
            ",".join(self.queue_names),
        )
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 (spreads workers that start together)
        while self.running:
            try:
                task_result = self.take_turn()
            except Exception as error:
                if self.batch:
                    raise
                close_connections()
                time.sleep(self.outage.failed(error))
                continue
            self.outage.over()
            if task_result is None and self.batch:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            if self.running and task_result in (None, BUSY):
                time.sleep(self.interval)

    def take_turn(self):
        """Beat, settle what an outage left open, and run the next due task.
        Returns the task run, None when none was due, or BUSY."""
        close_old_connections()
        self.settle_lost()
        self.heartbeat.beat()
        task_result = self.claim_next()
        if task_result not in (None, BUSY):
            try:
                self.run_task(task_result)
            except DatabaseError:
                # The outcome could not be saved: the task's row stays RUNNING.
                self.lost.append(task_result.pk)
                raise
        return task_result

    def claim_next(self):
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        try:
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
        except OperationalError as error:
            if is_locked_database_exception(error):
                return BUSY  # SQLite: another process is writing
            raise
        return task_result

    def settle_lost(self):
        """Mark the tasks whose outcome an outage swallowed as failed, so that
        whoever watches them (the lead watchdog) can queue them again."""
        if not self.lost:
            return
        DBTaskResult.objects.filter(
            pk__in=self.lost, status=TaskResultStatus.RUNNING
        ).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path=f"{__name__}.{ResultLost.__qualname__}",
            traceback="",
        )
        self.lost = []
