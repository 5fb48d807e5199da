from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A task worker's last sign of life, written by ``manage.py db_worker``
    (home.workers) between tasks, so that whoever watches delivery can tell a
    queue nobody serves from a slow one."""

    worker_id = models.CharField(_("worker id"), max_length=64, primary_key=True)
    # ",default,leads," so that one queue is found with a plain ``contains``.
    queues = models.CharField(_("queues"), max_length=255)
    hostname = models.CharField(_("host name"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"))
    seen_at = models.DateTimeField(_("last seen at"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.hostname}:{self.pid} ({self.queues.strip(',')})"

    @classmethod
    def serving(cls, queue):
        """Heartbeats of workers that take jobs of ``queue``."""
        return cls.objects.filter(
            models.Q(queues__contains=f",{queue},") | models.Q(queues__contains=",*,")
        )
