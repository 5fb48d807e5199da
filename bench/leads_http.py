"""Return requests over HTTP (issue 4): gunicorn (production settings, 2 sync
workers) and one lead worker (`db_worker --queue-name leads`), both pointed at
one loopback SMTP port that the benchmark switches between up (aiosmtpd),
down (nothing listening: connection refused) and stalled (accepts, never
answers).

1. POST latency, one client, with SMTP up, down and stalled.
2. Sustained submissions with several clients and SMTP down; every 303 must be
   exactly one lead. Then SMTP comes back, the same worker delivers everything,
   and each mail is matched to its lead by Message-ID.

Run through bench/leads.sh.
"""

import argparse
import collections
import datetime
import os
import sys
import threading
import time

import django

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from leads_common import (  # noqa: E402
    LOG_DIR,
    CpuMeter,
    SMTPServer,
    StalledSMTP,
    form_targets,
    free_port,
    gunicorn,
    post_lead,
    stop_process,
    summary,
    task_worker,
    wait_for_port,
)


def leads_named(marker):
    from leads.models import Lead

    return Lead.objects.filter(name__startswith=f"Bench {marker} ")


def wait_until(condition, limit, step=0.5):
    """Seconds until ``condition()`` held, or None after ``limit`` seconds."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if condition():
            return time.monotonic() - started
        time.sleep(step)
    return None


def latency(port, targets, count, marker):
    """``count`` requests one after another, alternating between the clinics."""
    from leads.models import Lead

    times, other = [], collections.Counter()
    for n in range(count):
        status, seconds, _ = post_lead(port, targets[n % len(targets)], marker)
        times.append(seconds * 1000)
        if status != 303:
            other[status] += 1
    leads = leads_named(marker)
    attempts = sum(leads.values_list("delivery_attempts", flat=True))
    sent = leads.filter(delivery=Lead.Delivery.SENT).count()
    print(
        f"latency, SMTP {marker}: {count} POSTs, {summary(times)}; "
        f"non-303: {dict(other) or 0}; the worker meanwhile made {attempts} "
        f"delivery attempts for these leads, {sent} sent",
        flush=True,
    )
    return times


def sustained(port, targets, seconds, clients):
    """``clients`` threads posting as fast as they can for ``seconds``."""
    results, lock = [], threading.Lock()
    deadline = time.monotonic() + seconds

    def client(c):
        n = c
        while time.monotonic() < deadline:
            outcome = post_lead(port, targets[n % len(targets)], "sustained")
            with lock:
                results.append(outcome)
            n += 1

    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def check_sustained(results, seconds, clients, leads_before):
    from django_tasks_db.models import DBTaskResult

    from leads.delivery import deliver_lead
    from leads.models import Lead

    accepted = {sid for status, _, sid in results if status == 303}
    refused = collections.Counter(status for status, _, _ in results if status != 303)
    rows = collections.Counter(
        str(sid)
        for sid in leads_named("sustained").values_list("submission_id", flat=True)
    )
    saved = set(rows)
    times = [s * 1000 for status, s, _ in results if status == 303]
    print(
        f"sustained, SMTP down: {seconds} s, {clients} clients, {len(results)} POSTs, "
        f"{len(accepted)} answered 303 = {len(accepted) / seconds:.1f} leads/s; "
        f"latency of 303s: {summary(times)}; non-303: {dict(refused) or 0}",
        flush=True,
    )
    job_leads = {
        job["args"][0]
        for job in DBTaskResult.objects.filter(
            task_path=deliver_lead.module_path
        ).values_list("args_kwargs", flat=True)
    }
    sustained_ids = set(leads_named("sustained").values_list("pk", flat=True))
    print(
        f"sustained, check: lead rows {sum(rows.values())}, 303s {len(accepted)}, "
        f"303 without a lead {len(accepted - saved)}, lead without a 303 "
        f"{len(saved - accepted)}, duplicated leads "
        f"{sum(1 for n in rows.values() if n > 1)}, all rows added "
        f"{Lead.objects.count() - leads_before}, leads without a delivery job "
        f"{len(sustained_ids - job_leads)}",
        flush=True,
    )


def pending_wait():
    """Seconds from now until the last pending delivery job is due."""
    from django.utils import timezone

    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    from leads.delivery import deliver_lead

    latest = (
        DBTaskResult.objects.filter(
            task_path=deliver_lead.module_path, status=TaskResultStatus.READY
        )
        .exclude(run_after=get_date_max())
        .order_by("-run_after")
        .values_list("run_after", flat=True)
        .first()
    )
    return max(0.0, (latest - timezone.now()).total_seconds()) if latest else 0.0


def check_mail(inbox):
    """Every lead sent exactly once, to its own clinic's inboxes."""
    from leads.models import Lead, LeadSettings

    mails = collections.Counter(message_id for message_id, _ in inbox.mails)
    recipients = dict(inbox.mails)
    inboxes = {
        routing.site_id: tuple(routing.lead_inbox_list)
        for routing in LeadSettings.objects.all()
    }
    leads = list(Lead.objects.values_list("message_id", "site_id", "delivery"))
    wrong = sum(
        1
        for message_id, site_id, _ in leads
        if message_id in recipients and recipients[message_id] != inboxes[site_id]
    )
    known = {message_id for message_id, _, _ in leads}
    sent = [m for m, _, delivery in leads if delivery == Lead.Delivery.SENT]
    print(
        f"mail: {len(leads)} leads, {len(sent)} marked sent; {len(inbox.mails)} mails "
        f"received, {len(mails)} distinct Message-IDs; leads without a mail "
        f"{len(known - set(mails))}, mails matching no lead "
        f"{len(set(mails) - known)}, leads mailed more than once "
        f"{sum(1 for n in mails.values() if n > 1)}, mails to the wrong clinic {wrong}",
        flush=True,
    )


def recovery(smtp, limit):
    """SMTP comes back: how long until the worker has sent every lead."""
    from leads.models import Lead

    pending = Lead.objects.filter(delivery=Lead.Delivery.PENDING)
    count, due_in = pending.count(), pending_wait()
    smtp.start()
    returned = datetime.datetime.now(datetime.UTC)
    took = wait_until(lambda: not pending.exists(), limit)
    if took is None:
        print(f"recovery: NOT all sent {limit} s after SMTP returned", flush=True)
        return
    sent = list(
        Lead.objects.filter(delivered_at__gte=returned).values_list(
            "delivered_at", flat=True
        )
    )
    per_second = collections.Counter(moment.replace(microsecond=0) for moment in sent)
    print(
        f"recovery: {count} leads pending when SMTP returned, the last retry due "
        f"{due_in:.0f} s later; all sent {took:.0f} s after SMTP returned (last "
        f"delivered_at {(max(sent) - returned).total_seconds():.1f} s); one worker "
        f"sent up to {max(per_second.values())} mails in a second",
        flush=True,
    )


def check_logs():
    """Errors the servers logged: tracebacks, SQLite's "database is locked",
    jobs that raised (the worker logs them as state=FAILED)."""
    for name in ("gunicorn", "worker"):
        lines = (LOG_DIR / f"leads-{name}.log").read_text(errors="replace").splitlines()
        counts = {
            pattern: sum(1 for line in lines if pattern in line)
            for pattern in ("Traceback", "database is locked", "state=FAILED")
        }
        print(f"log of the {name}: {counts}", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()

    django.setup()
    from django.db import connection

    from leads.models import Lead

    targets = form_targets()
    web_port, smtp_port = free_port(), free_port()
    env = {**os.environ, "EMAIL_PORT": str(smtp_port)}
    smtp, stalled, processes = SMTPServer(smtp_port), None, []
    print(
        f"database: {connection.vendor}; gunicorn 2 sync workers on :{web_port}; "
        f"SMTP port {smtp_port}; logs in {LOG_DIR}/leads-*.log",
        flush=True,
    )
    try:
        processes.append(gunicorn(web_port, env))
        wait_for_port(web_port)
        processes.append(task_worker(env))
        smtp.start()
        for n in range(20):  # both clinics, both gunicorn workers
            post_lead(web_port, targets[n % len(targets)], "warm-up")
        any_pending = Lead.objects.filter(delivery=Lead.Delivery.PENDING).exists
        if wait_until(lambda: not any_pending(), 60) is None:
            raise SystemExit("The worker did not send the warm-up leads.")

        for condition in ("up", "down", "stalled"):
            if condition == "down":
                smtp.stop()
            if condition == "stalled":
                stalled = StalledSMTP(smtp_port)
            with CpuMeter() as cpu:
                latency(web_port, targets, args.requests, condition)
            print(f"  {cpu}", flush=True)
            if condition == "up":
                wait_until(lambda: not any_pending(), 60)
        stalled.stop()
        stalled = None

        before = Lead.objects.count()
        with CpuMeter() as cpu:
            results = sustained(web_port, targets, args.seconds, args.clients)
        check_sustained(results, args.seconds, args.clients, before)
        print(f"  {cpu}", flush=True)
        with CpuMeter() as cpu:
            recovery(smtp, limit=900)
        print(f"  {cpu}", flush=True)
        time.sleep(1)  # the last mail's handler may still be running
        check_mail(smtp.inbox)
        check_logs()
    finally:
        for process in processes:
            stop_process(process)
        if stalled is not None:
            stalled.stop()
        smtp.stop()


if __name__ == "__main__":
    main()
