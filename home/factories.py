from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.models import Collection, Locale, Page, Site

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from home.models import (
    ClinicSettings,
    ClinicTeam,
    HomePage,
    Notice,
    StandardPage,
    WorkerHeartbeat,
)


class HomePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Clinic {n}")
    slug = factory.Sequence(lambda n: f"clinic-{n}")
    hero_heading = "You can come back"
    hero_text = "Leaving a program early does not close the door."

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page {n}")
    intro = "A short summary."

    class Meta:
        model = StandardPage


class SiteFactory(DjangoModelFactory):
    hostname = factory.Sequence(lambda n: f"clinic{n}.localhost")
    port = 80
    site_name = factory.Sequence(lambda n: f"Clinic {n}")
    root_page = factory.SubFactory(
        HomePageFactory, parent=factory.LazyFunction(Page.get_first_root_node)
    )
    is_default_site = False

    class Meta:
        model = Site


class NoticeFactory(DjangoModelFactory):
    site = factory.LazyFunction(lambda: Site.objects.order_by("pk").first())
    name = factory.Sequence(lambda n: f"Notice {n}")
    body = "<p>Talk with a licensed provider about your situation.</p>"
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Notice


class ClinicSettingsFactory(DjangoModelFactory):
    site = factory.SubFactory(SiteFactory)
    clinic_name = factory.LazyAttribute(lambda o: o.site.site_name)
    phone = "+15135550100"
    locality = "Cincinnati"
    region = "OH"
    disclaimer = factory.SubFactory(NoticeFactory, site=factory.SelfAttribute("..site"))

    class Meta:
        model = ClinicSettings
        django_get_or_create = ["site"]


class WorkerHeartbeatFactory(DjangoModelFactory):
    """A worker of the leads queue, seen just now."""

    worker_id = factory.Sequence(lambda n: f"worker-{n}")
    queues = ",leads,"
    hostname = "web1"
    pid = factory.Sequence(lambda n: 1000 + n)
    started_at = factory.LazyFunction(timezone.now)
    seen_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = WorkerHeartbeat


class GroupFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Group {n}")

    class Meta:
        model = Group


class ClinicTeamFactory(DjangoModelFactory):
    """A team row alone; ``home.teams.add_clinic`` makes a real one, with its
    permissions."""

    site = factory.SubFactory(SiteFactory)
    collection = factory.LazyAttribute(
        lambda o: Collection.get_first_root_node().add_child(name=o.site.site_name)
    )
    editors = factory.SubFactory(GroupFactory)
    moderators = factory.SubFactory(GroupFactory)
    managers = factory.SubFactory(GroupFactory)

    class Meta:
        model = ClinicTeam
