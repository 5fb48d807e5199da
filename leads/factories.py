from django.utils import timezone

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from home.factories import SiteFactory
from leads.models import ContactPage, Lead, LeadSettings, MailServer, RateCounter


class LeadFactory(DjangoModelFactory):
    """A lead saved without its delivery job; use leads.delivery.create_lead() for
    the real path."""

    name = "Jordan Example"
    phone = "+15135550123"
    contact_method = Lead.ContactMethod.PHONE
    consent_given = True
    consent_version = "2026-11"
    consent_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Lead


class ContactPageFactory(wagtail_factories.PageFactory):
    title = "Contact us"
    intro = "<p>Tell us how to reach you.</p>"

    class Meta:
        model = ContactPage


class RateCounterFactory(DjangoModelFactory):
    key = factory.Sequence(lambda n: f"leads-rate:test:{n}")
    window_start = factory.LazyFunction(timezone.now)
    count = 1

    class Meta:
        model = RateCounter


class MailServerFactory(DjangoModelFactory):
    """A mail transport's breaker, open since now."""

    key = factory.Sequence(lambda n: f"smtp://mail{n}.clinic.example:587")
    failures = 3
    last_error = "ConnectionRefusedError"
    down_since = factory.LazyFunction(timezone.now)
    probe_every = 5

    class Meta:
        model = MailServer


class LeadSettingsFactory(DjangoModelFactory):
    site = factory.SubFactory(SiteFactory)
    lead_inboxes = factory.LazyAttribute(lambda o: f"intake@{o.site.hostname}")

    class Meta:
        model = LeadSettings
        django_get_or_create = ["site"]
