from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from leads.models import Lead


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
