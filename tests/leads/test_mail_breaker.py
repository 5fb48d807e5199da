"""Outage-aware delivery: the real lead worker (`manage.py db_worker`, in a
process of its own) against a real mail server on loopback that refuses
connections, or accepts them and never answers, and then comes back.

While the server is down, the circuit breaker (leads.breaker) keeps leads from
trying: after three failures they wait, parked, and one probe a schedule apart
checks the server. When it is back every lead goes out within seconds, in order
of arrival, after any lead that arrived during the recovery. The probe schedule
is shortened to 1 s, doubling up to 2 s; EMAIL_TIMEOUT to 1 s.
"""

import socket
import threading
import time

from django.db.models import Sum

import pytest
from aiosmtpd.controller import Controller
from django_tasks_db.models import DBTaskResult

from leads.delivery import probe_mail_server
from leads.health import delivery_health
from leads.models import Lead, LeadSettings, MailServer
from tests.leads.conftest import Inbox, free_port
from tests.leads.test_killed_worker import lead_jobs, new_lead
from tests.outage import Processes, output, wait_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WORKER = ["db_worker", "--queue-name", "leads", "--interval", "0.2"]
WORKER += ["--no-startup-delay", "--no-reload"]
OUTAGE_SECONDS = 8
PROBE = {"first": 1, "max": 2}
# Within the outage: the three tries that open the breaker, then one probe after
# 1 s and one every 2 s at most (and one that may be on its way at the end).
MOST_TRIES = 3 + 1 + OUTAGE_SECONDS // PROBE["max"] + 1


class MailServerPort:
    """One port on loopback where the mail server is down (nothing listens),
    stalled (connections accepted, never a word) or up (aiosmtpd)."""

    def __init__(self):
        self.port = free_port()
        self.inbox = Inbox()
        self.accepted = 0
        self._listener = self._controller = None
        self._stop = threading.Event()

    def stall(self):
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._listener.settimeout(0.1)
        held = []

        def accept():
            while not self._stop.is_set():
                try:
                    held.append(self._listener.accept()[0])
                    self.accepted += 1
                except TimeoutError:
                    continue
            for connection in held:
                connection.close()

        self._thread = threading.Thread(target=accept, daemon=True)
        self._thread.start()

    def come_back(self):
        if self._listener is not None:
            self._stop.set()
            self._thread.join()
            self._listener.close()
            self._listener = None
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def close(self):
        if self._listener is not None:
            self._stop.set()
            self._listener.close()
        if self._controller is not None:
            self._controller.stop()


@pytest.fixture
def mail_server():
    server = MailServerPort()
    yield server
    server.close()


@pytest.fixture
def processes(tmp_path, mail_server):
    started = Processes(
        tmp_path,
        mail_server.port,
        EMAIL_TIMEOUT="1",
        LEADS_PROBE_FIRST_SECONDS=str(PROBE["first"]),
        LEADS_PROBE_MAX_SECONDS=str(PROBE["max"]),
    )
    yield started
    started.stop_all()


def breaker():
    return MailServer.objects.get()


def tries():
    """Connections attempted: the leads' tries and the probes that ran."""
    leads = Lead.objects.aggregate(total=Sum("delivery_attempts"))["total"] or 0
    probes = DBTaskResult.objects.filter(
        task_path=probe_mail_server.module_path, finished_at__isnull=False
    )
    return leads + probes.count()


def parked(count):
    return lambda: Lead.objects.filter(parked_at__isnull=False).count() == count


def settled(count):
    """``count`` leads parked, and none of their jobs due: each waits."""
    return lambda: parked(count)() and not lead_jobs().ready().exists()


def delivered_in_order(inbox, leads):
    return [message["Message-ID"] for _, message in inbox.messages] == [
        lead.message_id for lead in leads
    ]


def sent_within(seconds, inbox, leads, *watched):
    """Seconds until every lead is marked sent, failing past ``seconds``."""
    start = time.monotonic()
    ids = [lead.pk for lead in leads]
    wait_until(
        lambda: (
            Lead.objects.filter(pk__in=ids, delivery=Lead.Delivery.SENT).count()
            == len(ids)
        ),
        "every lead to be sent",
        *watched,
        seconds=seconds,
    )
    return time.monotonic() - start


@pytest.mark.parametrize("outage", ["refused", "stalled"])
def test_an_outage_costs_a_few_probes_and_the_return_sends_everything(
    database_tasks, clinics, mail_server, processes, outage
):
    truhealing, _ = clinics
    if outage == "stalled":
        mail_server.stall()
    worker = processes.start("worker", WORKER)
    leads = [new_lead(truhealing) for _ in range(10)]

    # Three tries open the breaker; the other seven wait without trying.
    wait_until(parked(10), "every lead to wait", worker, seconds=30)
    assert breaker().is_open
    # smtplib reports a greeting that never came as the server hanging up.
    assert breaker().last_error == (
        "ConnectionRefusedError" if outage == "refused" else "SMTPServerDisconnected"
    )
    assert tries() <= 4
    time.sleep(OUTAGE_SECONDS)
    during = [new_lead(truhealing) for _ in range(3)]
    wait_until(parked(13), "the new leads to wait", worker)
    assert tries() <= MOST_TRIES, output(worker)
    if outage == "stalled":  # one connection a try (one may be under way)
        assert tries() <= mail_server.accepted <= tries() + 1
    health = delivery_health([truhealing.site.pk])
    assert health.mail_server_down_since == breaker().down_since
    assert health.reason.startswith("The mail server has been unreachable since ")

    mail_server.come_back()
    took = sent_within(PROBE["max"] + 8, mail_server.inbox, leads + during, worker)

    assert took < PROBE["max"] + 8
    assert delivered_in_order(mail_server.inbox, leads + during)
    assert Lead.objects.filter(parked_at__isnull=False).count() == 0
    assert not breaker().is_open
    assert delivery_health([truhealing.site.pk]).mail_server_down_since is None
    log = output(worker)
    assert log.count("is unreachable (") == 1, log
    assert log.count("The mail server is back after") == 1, log


def test_a_lead_arriving_during_the_recovery_goes_first(
    database_tasks, clinics, mail_server, processes
):
    truhealing, _ = clinics
    worker = processes.start("worker", WORKER)
    backlog = [new_lead(truhealing) for _ in range(15)]
    wait_until(settled(15), "the backlog to wait", worker, seconds=30)
    worker.terminate()  # it finishes the job it runs, if any, and stops
    worker.wait(timeout=30)

    mail_server.come_back()
    newcomer = new_lead(truhealing)
    worker = processes.start("worker", WORKER)
    sent_within(PROBE["max"] + 10, mail_server.inbox, [newcomer, *backlog], worker)

    assert delivered_in_order(mail_server.inbox, [newcomer, *backlog])


def test_two_workers_never_send_one_lead_twice(
    database_tasks, clinics, mail_server, processes
):
    truhealing, tal = clinics
    workers = [processes.start("worker", WORKER) for _ in range(2)]
    leads = [new_lead(clinic) for clinic in (truhealing, tal) * 12]
    wait_until(parked(24), "every lead to wait", *workers, seconds=30)

    mail_server.come_back()
    sent_within(PROBE["max"] + 15, mail_server.inbox, leads, *workers)
    more = [new_lead(clinic) for clinic in (truhealing, tal) * 6]
    sent_within(15, mail_server.inbox, more, *workers)

    received = sorted(
        (message["Message-ID"], tuple(to)) for to, message in mail_server.inbox.messages
    )
    expected = sorted(
        (lead.message_id, (inbox,))
        for lead in leads + more
        for inbox in LeadSettings.objects.get(site=lead.site).lead_inbox_list
    )
    assert received == expected
