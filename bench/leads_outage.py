"""A one-hour SMTP outage, simulated, then the recovery, measured in real time.

Simulated (in this process, on a virtual clock): SMTP refuses connections for
--minutes (60), or with --stalled accepts them and never answers (each attempt
then holds the worker for --virtual-timeout seconds of the virtual clock, 10 as
EMAIL_TIMEOUT in production, while it really waits 0.05 s). Leads arrive evenly
over that time through the real view (Django's test client, production
settings) and the real worker code runs every job as it comes due (`db_worker
--batch` at 1 s polls, the worker's interval). Every attempt really fails
against the port, and the code under test decides what comes next (its retry
schedule, its circuit breaker and probes). Only the clock is virtual:
django.utils.timezone.now is moved forward to the next poll at which something
is due, instead of waiting.

Measured (real time): the stored times are moved back by the virtual offset, so
the database is what a real hour would have left; a real worker process starts,
SMTP (aiosmtpd) comes up, and we time until every lead is sent. Once the first
of them is sent, one more lead arrives through the view: the time it takes is
that of a visitor who writes during the recovery.

Run through bench/leads.sh, or bench/outage_ab.sh for an A/B of two checkouts.
"""

import argparse
import collections
import datetime
import math
import os
import sys
import time
from unittest import mock

import django

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from leads_common import (  # noqa: E402
    ROOT,
    CpuMeter,
    SMTPServer,
    StalledSMTP,
    form_targets,
    lead_body,
    stop_process,
    summary,
    task_worker,
)

POLL = datetime.timedelta(seconds=1)  # db_worker's default --interval
MARKER = "outage"


class VirtualClock:
    """timezone.now, moved forward on demand."""

    def __init__(self, real_now):
        self.real_now = real_now
        self.offset = datetime.timedelta(0)

    def now(self):
        return self.real_now() + self.offset

    def advance_to(self, moment):
        self.offset += max(datetime.timedelta(0), moment - self.now())


class VirtualStall(StalledSMTP):
    """A stalled server whose every accepted connection costs the virtual clock
    ``timeout`` seconds: the time a real stalled server holds the worker."""

    def __init__(self, port, clock, timeout):
        self.clock, self.timeout, self.connections = clock, timeout, 0
        super().__init__(port)

    def accepted(self):
        self.connections += 1
        self.clock.offset += datetime.timedelta(seconds=self.timeout)


def quiet_port():
    """A free port below Linux's ephemeral range (32768-60999): nothing listens
    on it for the hour, and no other process asking for any free port (tests,
    other runs) is handed it meanwhile, as it could be with free_port()."""
    import random
    import socket

    while True:
        port = random.randint(20000, 32000)  # noqa: S311 (not cryptographic)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port


def run_due_jobs(clock, end, arrive):
    """Run due jobs one at a time until none is due or the outage is over (a
    stalled server moves the clock on with each attempt); before each one, the
    leads that have arrived by then (``arrive``): visitors do not wait for the
    worker."""
    from django.core.management import call_command

    finished = queue_jobs().filter(finished_at__isnull=False)
    while clock.now() < end:
        arrive()
        before = finished.count()
        call_command(
            "db_worker",
            "--batch",
            "--max-tasks",
            "1",
            "--queue-name",
            "leads",
            "--no-startup-delay",
            "--no-reload",
            verbosity=0,
        )
        if finished.count() == before:
            return


def delivery_jobs():
    from django_tasks_db.models import DBTaskResult

    from leads.delivery import deliver_lead

    return DBTaskResult.objects.filter(task_path=deliver_lead.module_path)


def queue_jobs():
    """Every job of the leads queue: deliveries, and probes where there are."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(queue_name="leads")


def next_due():
    """When the earliest waiting job is due (first attempts run at once)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import get_date_max

    return (
        queue_jobs()
        .filter(status=TaskResultStatus.READY)
        .exclude(run_after=get_date_max())
        .order_by("run_after")
        .values_list("run_after", flat=True)
        .first()
    )


def post(client, target, marker=MARKER):
    host, page_id, form_id = target
    body, _ = lead_body(page_id, form_id, marker)
    response = client.post(
        "/return-request/",
        body,
        content_type="application/x-www-form-urlencoded",
        HTTP_HOST=host,
        HTTP_ORIGIN=f"http://{host}",
    )
    if response.status_code != 303:
        raise SystemExit(f"Lead POST answered {response.status_code}.")


def simulate(clock, targets, count, outage):
    """Run the outage on the virtual clock; returns its start."""
    from django.test import Client

    client = Client()
    start = clock.now()
    spacing = outage / count
    arrivals = [start + spacing * n for n in range(count)]

    def arrive():
        while arrivals and arrivals[0] <= clock.now():
            post(client, targets[(count - len(arrivals)) % len(targets)])
            arrivals.pop(0)

    polls = 0
    while True:
        due = [moment for moment in (next_due(), *arrivals[:1]) if moment]
        if not due or min(due) - start >= outage:
            return start, polls
        # The worker finds a job at its first poll at or after the job is due.
        clock.advance_to(start + POLL * math.ceil((min(due) - start) / POLL))
        if clock.now() - start >= outage:
            return start, polls
        run_due_jobs(clock, start + outage, arrive)
        polls += 1


def outage_leads(marker=MARKER):
    from leads.models import Lead

    return Lead.objects.filter(name__startswith=f"Bench {marker} ")


def probes_run():
    """Probes of the mail server that ran (none in code without a breaker)."""
    return (
        queue_jobs()
        .filter(task_path__endswith=".probe_mail_server", finished_at__isnull=False)
        .count()
    )


def report_state(clock, start, variant, stall):
    """What the hour left: attempts per lead and when each next try is due."""
    from django_tasks import TaskResultStatus

    from leads.models import Lead

    leads = outage_leads()
    lead_ids = set(leads.values_list("pk", flat=True))
    waiting = collections.defaultdict(list)
    for args, run_after in (
        delivery_jobs()
        .filter(status=TaskResultStatus.READY)
        .values_list("args_kwargs", "run_after")
    ):
        waiting[args["args"][0]].append(run_after)
    attempts = list(leads.values_list("delivery_attempts", flat=True))
    now = clock.now()
    # A lead parked by a circuit breaker waits for the server, not for a timer.
    timed = (
        leads.filter(parked_at__isnull=True) if hasattr(Lead, "parked_at") else leads
    )
    timed_ids = set(timed.values_list("pk", flat=True))
    after = [
        (min(waiting[pk]) - now).total_seconds() for pk in timed_ids if waiting[pk]
    ]
    gaps = [
        (min(waiting[pk]) - last).total_seconds()
        for pk, last in timed.values_list("pk", "last_attempt_at")
        if waiting[pk] and last is not None
    ]
    statuses = collections.Counter(leads.values_list("delivery", flat=True))
    failed, probes = sum(attempts), probes_run()
    minutes = (now - start) / datetime.timedelta(minutes=1)
    print(
        f"simulated: {len(lead_ids)} leads over {minutes:.1f} "
        f"min of {variant} SMTP; {failed + probes} attempts to reach it, all "
        f"failed ({failed} lead sends, {probes} probes"
        + (f"; the server accepted {stall.connections} connections" if stall else "")
        + f"); status {dict(statuses)}; attempts per lead "
        f"{summary(attempts, '', 0)}",
        flush=True,
    )
    print(
        f"simulated: leads with exactly one waiting job "
        f"{sum(1 for pk in lead_ids if len(waiting[pk]) == 1)}, none "
        f"{sum(1 for pk in lead_ids if not waiting[pk])}, more than one "
        f"{sum(1 for pk in lead_ids if len(waiting[pk]) > 1)}; parked until the "
        f"server is back {len(lead_ids) - len(timed_ids)}; for the others, next try "
        f"after SMTP returns: {summary(after, 's', 0)}; gap between the last failed "
        f"attempt and the next try {summary(gaps, 's', 0)}",
        flush=True,
    )
    return lead_ids, statuses.get(Lead.Delivery.PENDING, 0)


def shift_back(lead_ids, offset):
    """Move every stored time of these leads, of the leads queue's jobs and of
    the mail server's breaker (where the code has one) back by ``offset``: the
    database then holds the outage in real time, ending now."""
    from django.apps import apps
    from django.db import transaction
    from django.db.models import F

    from django_tasks_db.models import get_date_max

    from leads.models import Lead

    lead_ids = list(lead_ids)
    times = ["created_at", "consent_at", "last_attempt_at"]
    times += [name for name in ("parked_at",) if hasattr(Lead, name)]
    with transaction.atomic():
        for n in range(0, len(lead_ids), 500):
            Lead.objects.filter(pk__in=lead_ids[n : n + 500]).update(
                **{name: F(name) - offset for name in times}
            )
        jobs = queue_jobs()
        jobs.update(
            enqueued_at=F("enqueued_at") - offset,
            started_at=F("started_at") - offset,
            finished_at=F("finished_at") - offset,
        )
        jobs.exclude(run_after=get_date_max()).update(run_after=F("run_after") - offset)
        if "mailserver" in apps.get_app_config("leads").models:
            apps.get_model("leads", "MailServer").objects.update(
                down_since=F("down_since") - offset
            )


def recover(returned, started, limit, target):
    """Real seconds from SMTP's return (``returned``, ``started``) until every
    lead is sent, each lead's delay, and the seconds a lead that arrives once
    the first is sent takes to go out; None past ``limit`` seconds."""
    from django.test import Client
    from django.utils import timezone

    from leads.models import Lead

    pending = outage_leads().exclude(delivery=Lead.Delivery.SENT)
    newcomer = outage_leads("recovery")
    arrived = None
    while pending.exists() or not newcomer.filter(delivery=Lead.Delivery.SENT):
        if time.monotonic() - started > limit:
            return None, [], None
        if arrived is None and outage_leads().filter(delivery=Lead.Delivery.SENT):
            post(Client(), target, "recovery")
            arrived = timezone.now()
        time.sleep(0.2)
    took = time.monotonic() - started
    after = [
        (delivered - returned).total_seconds()
        for delivered in outage_leads().values_list("delivered_at", flat=True)
    ]
    return took, after, (newcomer.get().delivered_at - arrived).total_seconds()


def check_mail(inbox):
    messages = set(outage_leads().values_list("message_id", flat=True))
    received = collections.Counter(m for m, _ in inbox.mails if m in messages)
    print(
        f"mail: {len(messages)} outage leads; received {sum(received.values())} of "
        f"their mails; leads without a mail {len(messages - set(received))}, "
        f"mailed more than once {sum(1 for n in received.values() if n > 1)}",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=360)
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--wait-limit", type=int, default=660)
    parser.add_argument("--stalled", action="store_true")
    parser.add_argument("--virtual-timeout", type=float, default=10)
    args = parser.parse_args()

    smtp_port = quiet_port()  # nothing listens on it until SMTP "returns"
    os.environ["EMAIL_PORT"] = str(smtp_port)
    django.setup()
    from django.conf import settings
    from django.utils import timezone

    targets = form_targets()
    clock = VirtualClock(timezone.now)
    smtp, worker, stall = SMTPServer(smtp_port), None, None
    variant = "stalled" if args.stalled else "refused"
    print(f"code under test: {ROOT}; SMTP {variant}", flush=True)
    try:
        began = time.monotonic()
        if args.stalled:
            stall = VirtualStall(smtp_port, clock, args.virtual_timeout)
            settings.EMAIL_TIMEOUT = 0.05  # real seconds; the clock adds the rest
        with mock.patch("django.utils.timezone.now", clock.now):
            start, polls = simulate(
                clock, targets, args.leads, datetime.timedelta(minutes=args.minutes)
            )
            print(
                f"simulated in {time.monotonic() - began:.0f} s real time, "
                f"{polls} worker polls that found work",
                flush=True,
            )
            # The worker was running all along: start it before SMTP returns.
            worker = task_worker({**os.environ})
            time.sleep(5)
            lead_ids, pending = report_state(clock, start, variant, stall)
            offset = clock.offset
        if stall is not None:
            stall.stop()
        smtp.start()
        returned, started = timezone.now(), time.monotonic()
        shift_back(lead_ids, offset)
        with CpuMeter() as cpu:
            took, after, newcomer = recover(
                returned, started, args.wait_limit, targets[0]
            )
        if took is None:
            print(f"measured: NOT all sent within {args.wait_limit} s", flush=True)
        else:
            print(
                f"measured: all {pending} pending leads sent {took:.0f} s (real "
                f"time) after SMTP returned; per lead, sent after "
                f"{summary(after, 's', 0)}; a lead arriving once the first was "
                f"sent went out after {newcomer:.1f} s",
                flush=True,
            )
        print(f"  {cpu}", flush=True)
        time.sleep(1)
        check_mail(smtp.inbox)
    finally:
        stop_process(worker)
        smtp.stop()


if __name__ == "__main__":
    main()
