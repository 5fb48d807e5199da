"""What staff are told of lead delivery (leads.health): how long the oldest
request has waited for its email, flagged past 15 minutes, and why, for the
clinics they may see only."""

import datetime

from django.utils import timezone

import pytest

from home.factories import WorkerHeartbeatFactory
from leads.factories import LeadFactory, MailServerFactory
from leads.health import DeliveryHealth, delivery_health, lead_worker_seen
from leads.models import Lead
from tests.leads.test_admin import logged_in, staff

pytestmark = pytest.mark.django_db

FIFTEEN_MINUTES = datetime.timedelta(minutes=15)
NO_WORKER = "No lead worker is running: requests wait until one starts."


def ago(**delta):
    return timezone.now() - datetime.timedelta(**delta)


def waiting_lead(clinic, *, came_in, **fields):
    lead = LeadFactory(site=clinic.site, **fields)
    Lead.objects.filter(pk=lead.pk).update(created_at=came_in)
    return lead


@pytest.mark.parametrize(
    ("queues", "seconds_ago", "expected"),
    [
        (",leads,", 5, True),
        (",default,leads,", 5, True),
        (",*,", 5, True),
        (",default,", 5, False),
        (",leads,", 3600, False),
    ],
)
def test_a_lead_worker_is_one_that_serves_the_queue_and_beat_lately(
    queues, seconds_ago, expected
):
    WorkerHeartbeatFactory(queues=queues, seen_at=ago(seconds=seconds_ago))

    assert lead_worker_seen() is expected


def test_all_is_well_says_nothing(truhealing):
    WorkerHeartbeatFactory()
    LeadFactory(site=truhealing.site, delivery=Lead.Delivery.SENT)

    health = delivery_health([truhealing.site.pk])

    assert health == DeliveryHealth(None, worker_seen=True, last_error="")
    assert (health.status, health.reason, health.flagged) == ("", "", False)


def test_no_lead_worker_is_said_even_with_nothing_waiting(truhealing):
    WorkerHeartbeatFactory(queues=",default,")

    health = delivery_health([truhealing.site.pk])

    assert (health.status, health.reason) == ("warning", NO_WORKER)


def test_a_request_waiting_with_a_sending_error(truhealing):
    WorkerHeartbeatFactory()
    waiting_lead(truhealing, came_in=ago(minutes=5))
    waiting_lead(
        truhealing,
        came_in=ago(minutes=3),
        last_error="SMTPConnectError",
        last_attempt_at=ago(minutes=1),
    )

    health = delivery_health([truhealing.site.pk])

    assert health.waiting >= datetime.timedelta(minutes=5)
    assert (health.status, health.flagged) == ("info", False)
    assert health.reason == "Sending fails: SMTPConnectError."


def test_past_fifteen_minutes_it_is_flagged(truhealing):
    WorkerHeartbeatFactory()
    waiting_lead(truhealing, came_in=ago(minutes=16))

    health = delivery_health([truhealing.site.pk])

    assert (health.status, health.flagged) == ("critical", True)


def test_quarantined_and_delivered_requests_are_not_waiting(truhealing):
    WorkerHeartbeatFactory()
    waiting_lead(truhealing, came_in=ago(hours=2), quarantined=True)
    waiting_lead(truhealing, came_in=ago(hours=2), delivery=Lead.Delivery.SENT)
    waiting_lead(truhealing, came_in=ago(hours=2), delivery=Lead.Delivery.FAILED)

    assert delivery_health([truhealing.site.pk]).waiting is None


def test_a_released_request_waits_from_its_release(truhealing):
    WorkerHeartbeatFactory()
    waiting_lead(truhealing, came_in=ago(days=3), retry_from=ago(minutes=2))

    health = delivery_health([truhealing.site.pk])

    assert datetime.timedelta(minutes=2) <= health.waiting < FIFTEEN_MINUTES
    assert health.flagged is False


def test_each_clinic_sees_its_own_requests_only(truhealing, tal, django_user_model):
    WorkerHeartbeatFactory()
    waiting_lead(truhealing, came_in=ago(minutes=40))
    waiting_lead(tal, came_in=ago(minutes=2))
    tal_staff = logged_in(staff(django_user_model, "tal", (tal, ["view"])))

    for url in ("/admin/", "/admin/leads/"):
        page = tal_staff.get(url).content.decode()
        assert 'data-delivery-health="info"' in page, url
        assert "has waited 2\xa0minutes for its email" in page, url
        assert "40\xa0minutes" not in page, url
    assert delivery_health([truhealing.site.pk]).flagged is True


def test_an_open_breaker_says_since_when_the_mail_server_is_unreachable(truhealing):
    WorkerHeartbeatFactory()
    down_since = timezone.make_aware(datetime.datetime(2026, 12, 2, 9, 5))
    MailServerFactory(down_since=down_since, last_error="SMTPServerDisconnected")
    waiting_lead(truhealing, came_in=ago(minutes=3), last_error="SMTPConnectError")

    health = delivery_health([truhealing.site.pk])

    assert health.mail_server_down_since == down_since
    assert health.status == "warning"
    assert health.reason == (
        "The mail server has been unreachable since 09:05 (SMTPServerDisconnected): "
        "requests wait and go out as soon as it is back."
    )


def test_a_closed_breaker_says_nothing(truhealing):
    WorkerHeartbeatFactory()
    MailServerFactory(down_since=None, failures=1)

    health = delivery_health([truhealing.site.pk])

    assert (health.mail_server_down_since, health.status, health.reason) == (
        None,
        "",
        "",
    )
