"""Return requests in the admin: each clinic's staff see and handle their own
clinic's requests only, every look and change is in the audit log, and exports
are safe to open in a spreadsheet."""

import csv
import datetime
import io
import re

from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from wagtail.models import GroupSitePermission, ModelLogEntry

import openpyxl
import pytest

from leads.factories import LeadFactory
from leads.models import Lead

pytestmark = pytest.mark.django_db


def staff_of(clinic, django_user_model, *actions, username="staff"):
    """A non-superuser whose group grants ``actions`` on one clinic's leads."""
    group = Group.objects.create(name=f"{username} group")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for action in actions:
        GroupSitePermission.objects.create(
            group=group,
            site=clinic.site,
            permission=Permission.objects.get(codename=f"{action}_lead"),
        )
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@clinic.example", password="pw"
    )
    user.groups.add(group)
    return user


@pytest.fixture
def leads(truhealing, tal):
    return {
        "truhealing": LeadFactory(site=truhealing.site, name="Avery Truhealing"),
        "tal": LeadFactory(site=tal.site, name="Blake Tal", email="blake@example.net"),
    }


@pytest.fixture
def tal_staff(client, tal, django_user_model):
    client.force_login(staff_of(tal, django_user_model, "view", "change"))
    return client


def lead_url(name, lead):
    return reverse(f"leads:{name}", args=[lead.pk])


def test_a_clinics_staff_see_only_their_clinics_requests(tal_staff, leads):
    listing = tal_staff.get(reverse("leads:index"))
    search = tal_staff.get(reverse("leads:index"), {"q": "Avery"})
    dashboard = tal_staff.get(reverse("wagtailadmin_home"))

    assert listing.status_code == 200
    assert str(leads["tal"]) in listing.text
    assert str(leads["truhealing"]) not in listing.text
    assert str(leads["truhealing"]) not in search.text
    assert "Return requests" in dashboard.text
    assert "Tal Behavioral Health Cleveland" in dashboard.text
    assert "TruHealing Cincinnati" not in dashboard.text


@pytest.mark.parametrize("name", ["edit", "delete", "history"])
def test_another_clinics_request_is_not_found(tal_staff, leads, name):
    assert tal_staff.get(lead_url(name, leads["truhealing"])).status_code == 404


@pytest.mark.parametrize("name", ["release", "resend", "delete"])
def test_another_clinics_request_cannot_be_acted_on(tal_staff, leads, name):
    other = leads["truhealing"]
    Lead.objects.filter(pk=other.pk).update(
        quarantined=True, delivery=Lead.Delivery.FAILED
    )

    response = tal_staff.post(lead_url(name, other))

    assert response.status_code == 404
    assert Lead.objects.filter(pk=other.pk, quarantined=True).exists()


def test_superusers_see_every_clinic(admin_client, leads):
    listing = admin_client.get(reverse("leads:index")).text

    assert str(leads["tal"]) in listing
    assert str(leads["truhealing"]) in listing


def test_search_and_filters(tal_staff, leads, tal):
    LeadFactory(site=tal.site, name="Casey Other", status=Lead.Status.CLOSED)
    index = reverse("leads:index")

    by_name = tal_staff.get(index, {"q": "Blake"}).text
    closed = tal_staff.get(index, {"status": "closed"}).text

    assert str(leads["tal"]) in by_name
    assert "Casey" not in by_name
    assert str(leads["tal"]) not in closed


def test_viewing_a_request_is_logged_without_personal_data(tal_staff, leads):
    lead = leads["tal"]

    response = tal_staff.get(lead_url("edit", lead))

    assert response.status_code == 200
    assert "Blake Tal" in response.text
    assert "blake@example.net" in response.text
    entry = ModelLogEntry.objects.get(action="leads.view")
    assert entry.object_id == str(lead.pk)
    assert entry.label == str(lead)
    assert "Blake" not in entry.label


def test_visitor_html_is_escaped_in_the_details(tal_staff, tal):
    lead = LeadFactory(site=tal.site, name="<script>alert(1)</script>")

    html = tal_staff.get(lead_url("edit", lead)).text

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_status_and_notes_change_and_the_status_change_is_logged(tal_staff, leads):
    lead = leads["tal"]

    page = tal_staff.get(lead_url("edit", lead))
    response = tal_staff.post(
        lead_url("edit", lead), {"status": "contacted", "staff_notes": "Called back"}
    )

    # The status can be changed: its select is there and not disabled.
    assert re.search(r'<select name="status" [^>]*id="id_status"', page.text)
    assert not re.search(r'<select name="status" [^>]*disabled', page.text)
    assert 'data-w-kbd-key-value="mod+s"' in page.text  # the save button
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == Lead.Status.CONTACTED
    assert lead.staff_notes == "Called back"
    entry = ModelLogEntry.objects.get(action="leads.status")
    assert entry.data == {"from": "new", "to": "contacted"}
    assert entry.label == str(lead)


def test_view_only_staff_cannot_change(client, tal, leads, django_user_model):
    client.force_login(staff_of(tal, django_user_model, "view", username="viewer"))
    lead = leads["tal"]

    page = client.get(lead_url("edit", lead))
    response = client.post(lead_url("edit", lead), {"status": "closed"})

    assert page.status_code == 200
    assert "You can see this request but not change it." in page.text
    assert re.search(r'<select name="status" [^>]*disabled id="id_status"', page.text)
    assert '<textarea name="staff_notes"' in page.text
    assert page.text.count(' disabled id="id_staff_notes"') == 1
    assert 'data-w-kbd-key-value="mod+s"' not in page.text  # no save button

    assert response.status_code == 302  # the admin's "permission denied"
    assert response["Location"] == reverse("wagtailadmin_home")
    lead.refresh_from_db()
    assert lead.status == Lead.Status.NEW


def test_nobody_adds_a_request_by_hand(admin_client):
    response = admin_client.post(reverse("leads:add"), {"name": "Made up"})

    # The admin turns a refusal into a redirect home with a message.
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert not Lead.objects.exists()
    assert "leads/new/" not in admin_client.get(reverse("leads:index")).text


def test_delete_is_logged_and_needs_the_delete_permission(
    client, tal, leads, django_user_model
):
    client.force_login(
        staff_of(tal, django_user_model, "view", "change", username="handler")
    )
    assert client.post(lead_url("delete", leads["tal"])).status_code == 404

    client.force_login(staff_of(tal, django_user_model, "delete", username="deleter"))
    response = client.post(lead_url("delete", leads["tal"]))

    assert response.status_code == 302
    assert not Lead.objects.filter(pk=leads["tal"].pk).exists()
    entry = ModelLogEntry.objects.get(action="wagtail.delete")
    assert "Blake" not in entry.label


def test_release_from_quarantine_sends_the_notification(tal_staff, tal, mailoutbox):
    tal.routing.lead_inboxes = "intake@tal.example"
    tal.routing.save()
    held = LeadFactory(site=tal.site, quarantined=True, spam_signals="too_fast")

    response = tal_staff.post(lead_url("release", held))

    assert response.status_code == 302
    held.refresh_from_db()
    assert not held.quarantined
    assert held.delivery == Lead.Delivery.SENT
    assert [message.to for message in mailoutbox] == [["intake@tal.example"]]
    assert ModelLogEntry.objects.filter(action="leads.release").count() == 1


def test_resend_a_failed_delivery(tal_staff, tal, mailoutbox):
    tal.routing.lead_inboxes = "intake@tal.example"
    tal.routing.save()
    failed = LeadFactory(site=tal.site, delivery=Lead.Delivery.FAILED)

    tal_staff.post(lead_url("resend", failed))

    failed.refresh_from_db()
    assert failed.delivery == Lead.Delivery.SENT
    assert failed.retry_from is not None
    assert len(mailoutbox) == 1
    assert ModelLogEntry.objects.filter(action="leads.resend").count() == 1


def bulk_url(action, *leads):
    ids = "&".join(f"id={lead.pk}" for lead in leads)
    return f"/admin/bulk/leads/lead/{action}/?next=/admin/leads/&{ids}"


def test_bulk_status_change_acts_on_own_clinic_only(tal_staff, leads, tal):
    second = LeadFactory(site=tal.site)
    url = bulk_url("set_status", leads["tal"], second, leads["truhealing"])

    confirm = tal_staff.get(url)
    response = tal_staff.post(url, {"status": "closed"})

    assert confirm.status_code == 200
    assert str(leads["truhealing"]) not in confirm.text
    assert response.status_code == 302
    statuses = dict(Lead.objects.values_list("pk", "status"))
    assert statuses[leads["tal"].pk] == statuses[second.pk] == "closed"
    assert statuses[leads["truhealing"].pk] == "new"
    assert ModelLogEntry.objects.filter(action="leads.status").count() == 2


def test_bulk_release(tal_staff, tal):
    held = [LeadFactory(site=tal.site, quarantined=True) for _ in range(2)]

    tal_staff.post(bulk_url("release", *held))

    assert not Lead.objects.filter(quarantined=True).exists()


# Export


@pytest.fixture
def exporter(client, tal, django_user_model):
    client.force_login(staff_of(tal, django_user_model, "export", username="exporter"))
    return client


def test_export_needs_the_export_permission(tal_staff, leads):
    response = tal_staff.get(reverse("leads:index"), {"export": "csv"})

    assert response.status_code == 302  # the admin's "permission denied"
    assert response["Location"] == reverse("wagtailadmin_home")
    listing = tal_staff.get(reverse("leads:index")).text
    assert "export=csv" not in listing
    assert not ModelLogEntry.objects.filter(action="leads.export").exists()


def test_csv_export_is_formula_safe_and_own_clinic_only(exporter, tal, leads):
    LeadFactory(site=tal.site, name='=HYPERLINK("http://evil.example","x")')
    LeadFactory(site=tal.site, name="+1 call me", message="@SUM(A1)")

    response = exporter.get(reverse("leads:index"), {"export": "csv"})

    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    )
    names = {row["Name"] for row in rows}
    assert '\'=HYPERLINK("http://evil.example","x")' in names
    assert "'+1 call me" in names
    assert "Blake Tal" in names
    assert "Avery Truhealing" not in names
    assert {row["Message"] for row in rows} >= {"'@SUM(A1)"}
    assert ModelLogEntry.objects.filter(action="leads.export").count() == 3


def test_xlsx_export_keeps_formulas_as_text(exporter, tal, leads):
    LeadFactory(site=tal.site, name="=1+1")

    response = exporter.get(reverse("leads:index"), {"export": "xlsx"})

    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content))
    ).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    formula_cell = next(cell for cell in cells if cell.value == "=1+1")
    assert formula_cell.data_type == "s"
    assert "Avery Truhealing" not in [cell.value for cell in cells]


def test_groups_grant_lead_permissions_per_site(admin_client, tal):
    group = Group.objects.create(name="Tal intake")

    page = admin_client.get(reverse("wagtailusers_groups:edit", args=[group.pk]))

    assert page.status_code == 200
    assert "Return requests: handle" in page.text


def test_listing_shows_whom_to_call_and_how(client, tal, django_user_model):
    lead = LeadFactory(
        site=tal.site,
        name="Blake Tal",
        contact_method=Lead.ContactMethod.TEXT,
        contact_time=Lead.ContactTime.EVENING,
    )
    Lead.objects.filter(pk=lead.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=3)
    )
    reader = staff_of(tal, django_user_model, "view", username="reader")
    exporter = staff_of(tal, django_user_model, "export", username="exporter")

    client.force_login(reader)
    html = client.get(reverse("leads:index")).content.decode()
    client.force_login(exporter)
    numbers_only = client.get(reverse("leads:index")).content.decode()

    for heading in ("First name", "Contact by", "Preferred time", "Received"):
        assert heading in html
    assert "Blake" in html and "Text message" in html and "Evening" in html
    assert "3\xa0hours ago" in html  # the request's age
    # Export alone lists numbers and statuses, never who wrote.
    assert "Blake" not in numbers_only and "Text message" not in numbers_only


def test_listing_filters_by_language(tal_staff, tal):
    LeadFactory(site=tal.site, name="Carmen Espanol", language_code="es")
    LeadFactory(site=tal.site, name="Dana English", language_code="en")

    spanish = tal_staff.get(reverse("leads:index"), {"language_code": "es"})

    assert "Carmen" in spanish.content.decode()
    assert "Dana" not in spanish.content.decode()
