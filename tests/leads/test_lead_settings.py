"""Lead routing (LeadSettings) apart from the clinic's public facts: superusers
only, every change of either in the audit log with its fields, and a change of
the inboxes mailed to the inboxes that lose the clinic's requests."""

from django.contrib.auth.models import Permission
from django.urls import reverse

from wagtail.models import GroupSitePermission, ModelLogEntry

import pytest

from home.teams import add_clinic
from leads.models import LeadSettings
from tests.conftest import (
    routing_form_data,
    routing_url,
    settings_form_data,
    settings_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tal_manager(client, django_user_model, tal):
    team, _created = add_clinic(hostname=tal.host, name=tal.site.site_name)
    user = django_user_model.objects.create_user(username="tal-manager")
    user.groups.add(team.managers)
    client.force_login(user)
    return client


def test_manager_edits_the_clinics_public_facts(tal_manager, tal):
    data = settings_form_data(tal_manager, tal)
    data["phone_display"] = "216.480.4860"

    response = tal_manager.post(settings_url(tal), data)

    assert response.status_code == 302
    tal.settings.refresh_from_db()
    assert tal.settings.phone_display == "216.480.4860"


def test_manager_cannot_open_the_lead_routing(tal_manager, tal):
    before = list(LeadSettings.objects.values())

    opened = tal_manager.get(routing_url(tal))
    posted = tal_manager.post(
        routing_url(tal), {"lead_inboxes": "thief@elsewhere.example"}
    )

    # The settings view answers a refusal with a redirect to the dashboard.
    assert (opened.status_code, opened.url) == (302, "/admin/")
    assert (posted.status_code, posted.url) == (302, "/admin/")
    assert list(LeadSettings.objects.values()) == before
    menu = tal_manager.get(reverse("wagtailadmin_home")).content.decode()
    assert routing_url(tal) not in menu


def test_no_grant_opens_the_lead_routing_to_a_non_superuser(tal_manager, tal):
    """Whoever may edit groups could hand themselves the setting: a grant of
    its permission, per site or global, changes nothing."""
    team = tal.site.clinic_team
    change = Permission.objects.get(codename="change_leadsettings")
    GroupSitePermission.objects.create(
        group=team.managers, site=tal.site, permission=change
    )
    team.managers.permissions.add(change)

    response = tal_manager.get(routing_url(tal))

    assert (response.status_code, response.url) == (302, "/admin/")


def test_group_form_offers_no_lead_routing_permission(admin_client, tal):
    team, _created = add_clinic(hostname=tal.host, name=tal.site.site_name)

    response = admin_client.get(
        reverse("wagtailusers_groups:edit", args=[team.managers.pk])
    )

    html = response.content.decode()
    routing_ids = Permission.objects.filter(
        content_type__app_label="leads", codename__endswith="leadsettings"
    ).values_list("pk", flat=True)
    assert not any(f'value="{pk}"' in html for pk in routing_ids)
    assert "leadsettings_site_permissions" not in html
    assert "clinicsettings_site_permissions" in html  # granted per site


def test_every_settings_change_is_logged_with_its_fields(admin_client, tal):
    data = settings_form_data(admin_client, tal)
    assert admin_client.post(settings_url(tal), data).status_code == 302
    ModelLogEntry.objects.all().delete()  # the form's own office hours went in
    data = settings_form_data(admin_client, tal)
    data["phone_display"] = "216.480.4860"
    data["locality"] = "Lakewood"
    assert admin_client.post(settings_url(tal), data).status_code == 302
    data = routing_form_data(admin_client, tal)
    data["recaptcha_site_key"] = ""
    data["lead_retention_days"] = "90"
    assert admin_client.post(routing_url(tal), data).status_code == 302

    entries = ModelLogEntry.objects.filter(action="home.edit_settings").order_by(
        "timestamp"
    )
    assert [sorted(entry.data["fields"]) for entry in entries] == [
        ["locality", "phone_display"],
        ["lead_retention_days"],
    ]
    assert all(entry.user.username == "root" for entry in entries)
    history = admin_client.get(
        reverse("wagtailadmin_reports:site_history"), {"action": "home.edit_settings"}
    ).content.decode()
    assert "Settings changed: phone number as shown, city" in history
    assert "Settings changed: keep return requests for (days)" in history


def test_secret_values_never_reach_the_log(admin_client, tal):
    data = routing_form_data(admin_client, tal)
    data["recaptcha_site_key"] = "6LcR" + "a1B2" * 9
    data["recaptcha_secret_key"] = "6LcR" + "z9Y8" * 9
    assert admin_client.post(routing_url(tal), data).status_code == 302

    entry = ModelLogEntry.objects.get(action="home.edit_settings")
    assert sorted(entry.data["fields"]) == [
        "recaptcha_secret_key",
        "recaptcha_site_key",
    ]
    assert "z9Y8" not in str(entry.data) + entry.label


def test_changed_inboxes_are_told_to_the_old_ones(
    admin_client, tal, mailoutbox, django_capture_on_commit_callbacks
):
    tal.routing.lead_inboxes = "intake@tal.example, director@tal.example"
    tal.routing.save()
    data = routing_form_data(admin_client, tal)
    data["lead_inboxes"] = "new-intake@tal.example"

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(routing_url(tal), data)

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["intake@tal.example", "director@tal.example"]
    assert tal.settings.clinic_name in message.subject
    assert "root" in message.body
    assert "new-intake" not in message.body


def test_unchanged_inboxes_mail_nobody(
    admin_client, tal, mailoutbox, django_capture_on_commit_callbacks
):
    data = routing_form_data(admin_client, tal)
    data["lead_retention_days"] = "30"

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(routing_url(tal), data)

    assert mailoutbox == []
