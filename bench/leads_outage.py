"""A one-hour SMTP outage, simulated, then the recovery, measured in real time.

Simulated (in this process, on a virtual clock): SMTP refuses connections for
--minutes (60). Leads arrive evenly over that time through the real view
(Django's test client, production settings) and the real worker code runs
every job as it comes due (`db_worker --batch` at 1 s polls, the worker's
interval). Every attempt really fails against the closed port and
leads.delivery schedules the next one itself (retry_delay: 15 s doubling, capped
at 600 s, with jitter). Only the clock is virtual: django.utils.timezone.now is
moved forward to the next poll at which something is due, instead of waiting.

Measured (real time): the stored times are moved back by the virtual offset, so
the database is what a real hour would have left; a real worker process starts,
SMTP (aiosmtpd) comes up, and we time until every lead is sent.

Run through bench/leads.sh.
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
    CpuMeter,
    SMTPServer,
    form_targets,
    free_port,
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


def run_due_jobs():
    from django.core.management import call_command

    call_command(
        "db_worker",
        "--batch",
        "--queue-name",
        "leads",
        "--no-startup-delay",
        "--no-reload",
        verbosity=0,
    )


def delivery_jobs():
    from django_tasks_db.models import DBTaskResult

    from leads.delivery import deliver_lead

    return DBTaskResult.objects.filter(task_path=deliver_lead.module_path)


def next_due():
    """When the earliest waiting retry is due (first attempts run at once)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import get_date_max

    return (
        delivery_jobs()
        .filter(status=TaskResultStatus.READY)
        .exclude(run_after=get_date_max())
        .order_by("run_after")
        .values_list("run_after", flat=True)
        .first()
    )


def post(client, target):
    host, page_id, form_id = target
    body, _ = lead_body(page_id, form_id, MARKER)
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
    arrived, next_arrival, polls = 0, start, 0
    while True:
        due = [next_due()] + ([next_arrival] if arrived < count else [])
        due = min(moment for moment in due if moment is not None)
        if due - start >= outage:
            return start, polls
        # The worker finds a job at its first poll at or after the job is due.
        clock.advance_to(start + POLL * math.ceil((due - start) / POLL))
        while arrived < count and next_arrival <= clock.now():
            post(client, targets[arrived % len(targets)])
            arrived += 1
            next_arrival += spacing
        run_due_jobs()
        polls += 1


def outage_leads():
    from leads.models import Lead

    return Lead.objects.filter(name__startswith=f"Bench {MARKER} ")


def jobs_of(lead_ids):
    return [
        job_id
        for job_id, args in delivery_jobs().values_list("id", "args_kwargs")
        if args["args"][0] in lead_ids
    ]


def report_state(clock, start):
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
    after = [(min(waiting[pk]) - now).total_seconds() for pk in lead_ids if waiting[pk]]
    gaps = [
        (min(waiting[pk]) - last).total_seconds()
        for pk, last in leads.values_list("pk", "last_attempt_at")
        if waiting[pk]
    ]
    statuses = collections.Counter(leads.values_list("delivery", flat=True))
    failed = sum(attempts)
    minutes = (now - start) / datetime.timedelta(minutes=1)
    print(
        f"simulated: {len(lead_ids)} leads over {minutes:.1f} "
        f"min of refused SMTP; {failed} delivery attempts, all failed; status "
        f"{dict(statuses)}; attempts per lead {summary(attempts, '', 0)}",
        flush=True,
    )
    print(
        f"simulated: leads with exactly one waiting job "
        f"{sum(1 for pk in lead_ids if len(waiting[pk]) == 1)}, none "
        f"{sum(1 for pk in lead_ids if not waiting[pk])}, more than one "
        f"{sum(1 for pk in lead_ids if len(waiting[pk]) > 1)}; next try after SMTP "
        f"returns: {summary(after, 's', 0)}; gap between the last failed attempt "
        f"and the next try {summary(gaps, 's', 0)}",
        flush=True,
    )
    return lead_ids, statuses.get(Lead.Delivery.PENDING, 0)


def shift_back(lead_ids, offset):
    """Move every stored time of these leads and their jobs back by ``offset``:
    the database then holds the outage in real time, ending now."""
    from django.db import transaction
    from django.db.models import F

    from django_tasks_db.models import get_date_max

    from leads.models import Lead

    lead_ids = list(lead_ids)
    job_ids = jobs_of(set(lead_ids))
    with transaction.atomic():
        for n in range(0, len(lead_ids), 500):
            Lead.objects.filter(pk__in=lead_ids[n : n + 500]).update(
                created_at=F("created_at") - offset,
                consent_at=F("consent_at") - offset,
                last_attempt_at=F("last_attempt_at") - offset,
            )
        for n in range(0, len(job_ids), 500):
            jobs = delivery_jobs().filter(pk__in=job_ids[n : n + 500])
            jobs.update(
                enqueued_at=F("enqueued_at") - offset,
                started_at=F("started_at") - offset,
                finished_at=F("finished_at") - offset,
            )
            jobs.exclude(run_after=get_date_max()).update(
                run_after=F("run_after") - offset
            )


def recover(returned, started, limit):
    """Real seconds from SMTP's return (``returned``, ``started``) until every
    lead is sent, and each lead's delay; None past ``limit`` seconds."""
    from leads.models import Lead

    pending = outage_leads().exclude(delivery=Lead.Delivery.SENT)
    while pending.exists():
        if time.monotonic() - started > limit:
            return None, []
        time.sleep(1)
    took = time.monotonic() - started
    after = [
        (delivered - returned).total_seconds()
        for delivered in outage_leads().values_list("delivered_at", flat=True)
    ]
    return took, after


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
    args = parser.parse_args()

    smtp_port = free_port()  # nothing listens on it until SMTP "returns"
    os.environ["EMAIL_PORT"] = str(smtp_port)
    django.setup()
    from django.utils import timezone

    targets = form_targets()
    clock = VirtualClock(timezone.now)
    smtp, worker = SMTPServer(smtp_port), None
    try:
        began = time.monotonic()
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
            lead_ids, pending = report_state(clock, start)
            offset = clock.offset
        smtp.start()
        returned, started = timezone.now(), time.monotonic()
        shift_back(lead_ids, offset)
        with CpuMeter() as cpu:
            took, after = recover(returned, started, args.wait_limit)
        if took is None:
            print(f"measured: NOT all sent within {args.wait_limit} s", flush=True)
        else:
            print(
                f"measured: all {pending} pending leads sent {took:.0f} s (real "
                f"time) after SMTP returned; per lead, sent after "
                f"{summary(after, 's', 0)}",
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
