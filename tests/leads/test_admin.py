"""The return-request admin (issue 4), checked with users who are not
superusers: each clinic's staff get their own clinic's requests in every view,
action, export, menu and dashboard, and nothing a visitor typed reaches a title,
message or audit-log label.

test_lead_admin.py covers the basics (listing, 404s, escaping, status, release,
resend, bulk status, CSV and XLSX); this file covers the rest of the issue.
"""

import csv
import io
import re
import uuid
import zipfile

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from wagtail.models import GroupSitePermission, ModelLogEntry
from wagtail.search.index import class_is_indexed
from wagtail.search.models import IndexEntry
from wagtail.test.utils.form_data import querydict_from_html

import openpyxl
import pytest

from leads.delivery import admin_url
from leads.factories import LeadFactory
from leads.models import Lead

pytestmark = pytest.mark.django_db

PERSONAL = ("Blake", "Avery", "blake@", "5550", "script", "HYPERLINK")


def staff(django_user_model, username, *grants):
    """A non-superuser with admin access whose group has, per clinic, the lead
    permissions ``grants`` lists: ``(clinic, ["view", "change"]), ...``."""
    group = Group.objects.create(name=f"{username} group")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for clinic, actions in grants:
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


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def leads(truhealing, tal):
    return {
        "truhealing": LeadFactory(
            site=truhealing.site, name="Avery Truhealing", phone="+15135550101"
        ),
        "tal": LeadFactory(
            site=tal.site,
            name="Blake Tal",
            email="blake@example.net",
            phone="+12165550199",
        ),
    }


@pytest.fixture
def tal_user(tal, django_user_model):
    return staff(
        django_user_model, "tal", (tal, ["view", "change", "export", "delete"])
    )


@pytest.fixture
def tal_staff(tal_user):
    return logged_in(tal_user)


def url(name, lead):
    return reverse(f"leads:{name}", args=[lead.pk])


def listed_ids(response):
    """The leads in a listing, by their bulk-action checkboxes."""
    return {int(pk) for pk in re.findall(r'data-object-id="(\d+)"', response.text)}


def exported(response):
    content = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(content)))


def assert_no_personal_data(text):
    for fragment in PERSONAL:
        assert fragment not in text


# Menu and listing


MENU_ITEM = '"label": "Return requests", "icon_name": "mail", "classname": "", '
MENU_ITEM += '"attrs": {}, "url": "/admin/leads/"'


def test_the_menu_item_follows_site_permissions(tal, tal_user, django_user_model):
    viewer = staff(django_user_model, "viewer", (tal, ["view"]))
    editor = staff(django_user_model, "editor")
    home = reverse("wagtailadmin_home")

    assert MENU_ITEM in logged_in(tal_user).get(home).text
    assert MENU_ITEM in logged_in(viewer).get(home).text
    assert MENU_ITEM not in logged_in(editor).get(home).text
    assert logged_in(editor).get(reverse("leads:index")).status_code == 302


def test_listing_and_filters_of_a_clinics_staff(tal_staff, leads, tal, truhealing):
    held = LeadFactory(site=tal.site, quarantined=True, spam_signals="too_fast")
    failed = LeadFactory(site=tal.site, delivery=Lead.Delivery.FAILED)
    spam = LeadFactory(site=tal.site, verification=Lead.Verification.SPAM)
    index = reverse("leads:index")

    everything = tal_staff.get(index)
    quarantine = tal_staff.get(index, {"quarantined": "true"})
    failures = tal_staff.get(index, {"delivery": "failed"})
    spam_only = tal_staff.get(index, {"verification": "spam"})
    # Another clinic is not a choice of the site filter: asking for it is ignored.
    other_site = tal_staff.get(index, {"site": truhealing.site.pk})

    assert listed_ids(everything) == {leads["tal"].pk, held.pk, failed.pk, spam.pk}
    assert listed_ids(quarantine) == {held.pk}
    assert len(re.findall(r"<td[^>]*>\s*Held\s*</td>", everything.text)) == 1
    assert listed_ids(failures) == {failed.pk}
    assert listed_ids(spam_only) == {spam.pk}
    assert listed_ids(other_site) == listed_ids(everything)
    assert "TruHealing Cincinnati" not in everything.text


def test_view_only_staff_can_open_a_request_from_the_listing(
    tal, leads, django_user_model
):
    viewer = logged_in(staff(django_user_model, "viewer", (tal, ["view"])))

    listing = viewer.get(reverse("leads:index")).text

    assert f'href="{url("edit", leads["tal"])}"' in listing


def test_listing_shows_the_first_name_and_no_other_personal_data(tal_staff, leads):
    """Staff see whom to call back (test_lead_admin.py); the rest of what the
    visitor wrote stays on the request's own page, which is logged."""
    html = tal_staff.get(reverse("leads:index")).text

    assert str(leads["tal"]) in html
    assert "Blake" in html
    assert "Blake Tal" not in html
    assert "blake@example.net" not in html
    assert leads["tal"].phone.as_national not in html


def test_created_date_filter(admin_client, leads):
    Lead.objects.filter(pk=leads["truhealing"].pk).update(
        created_at="2026-01-15T10:00:00Z"
    )
    index = reverse("leads:index")

    january = admin_client.get(
        index, {"created_at_from": "2026-01-01", "created_at_to": "2026-01-31"}
    )

    assert listed_ids(january) == {leads["truhealing"].pk}


# Search: the database, not a search index


def test_leads_stay_out_of_the_search_index(admin_client, leads):
    admin_client.get(reverse("leads:index"), {"q": "Blake"})

    assert class_is_indexed(Lead) is False
    lead_type = ContentType.objects.get_for_model(Lead)
    assert not IndexEntry.objects.filter(content_type=lead_type).exists()


@pytest.mark.parametrize("query", ["blake", "BLAKE TAL", "blake@exam", "2165550199"])
def test_search_by_name_email_or_phone(admin_client, leads, query):
    found = admin_client.get(reverse("leads:index"), {"q": query})

    assert listed_ids(found) == {leads["tal"].pk}


def test_search_of_a_clinics_staff_stays_in_their_clinic(tal_staff, leads):
    index = reverse("leads:index")

    assert listed_ids(tal_staff.get(index, {"q": "Avery"})) == set()
    assert listed_ids(tal_staff.get(index, {"q": "555"})) == {leads["tal"].pk}


def test_superuser_search_finds_every_clinic(admin_client, leads):
    found = admin_client.get(reverse("leads:index"), {"q": "555"})

    assert listed_ids(found) == {leads["tal"].pk, leads["truhealing"].pk}


# Details


def test_details_show_every_field_read_only(tal_staff, tal):
    lead = LeadFactory(
        site=tal.site,
        name="Blake Tal",
        phone="+12165550199",
        email="blake@example.net",
        message="Please call after 5",
        returning_client=Lead.Returning.YES,
        spam_signals="too_fast",
        quarantined=True,
        source_url="https://tal.localhost/contact/",
        last_error="SMTPServerDisconnected",
        delivery_attempts=2,
        submission_id=uuid.UUID("0f8fad5b-d9cb-469f-a165-70867728950e"),
        ip_hmac="a" * 64,
        fingerprint="b" * 64,
    )

    html = tal_staff.get(url("edit", lead)).text

    for shown in [
        "Blake Tal",
        "(216) 555-0199",
        "blake@example.net",
        "Please call after 5",
        "Phone call",
        "too_fast",
        "https://tal.localhost/contact/",
        "SMTPServerDisconnected",
        lead.consent_version,
        "&lt;" + lead.message_id.strip("<>") + "&gt;",
        "0f8fad5b-d9cb-469f-a165-70867728950e",
        "a" * 64,
        "b" * 64,
    ]:
        assert shown in html
    # Only status and notes are form fields.
    assert 'name="name"' not in html
    assert 'name="email"' not in html
    assert 'name="status"' in html
    assert 'name="staff_notes"' in html


def test_visitor_html_is_escaped_everywhere_on_the_details(tal_staff, tal):
    lead = LeadFactory(
        site=tal.site,
        name='"><img src=x onerror=alert(1)>',
        message="<script>alert('m')</script>\nsecond line",
        email="a@example.com",
    )

    html = tal_staff.get(url("edit", lead)).text

    assert "<script>alert('m')</script>" not in html
    assert "&lt;script&gt;alert(&#x27;m&#x27;)&lt;/script&gt;<br>second line" in html
    assert "<img src=x onerror=alert(1)>" not in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_title_is_the_leads_label_only(tal_staff, leads):
    html = tal_staff.get(url("edit", leads["tal"])).text

    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert str(leads["tal"]) in title
    assert_no_personal_data(title)


def test_a_status_change_message_has_no_personal_data(tal_staff, leads):
    response = tal_staff.post(
        url("edit", leads["tal"]),
        {"status": "closed", "staff_notes": "Left a voicemail"},
        follow=True,
    )

    messages = [str(message) for message in response.context["messages"]]
    assert len(messages) == 1
    assert str(leads["tal"]) in messages[0]
    assert_no_personal_data(messages[0])


def test_the_notification_links_to_the_details(tal, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://admin.clinic.example/"
    lead = LeadFactory(site=tal.site)

    assert (
        admin_url(lead) == f"https://admin.clinic.example/admin/leads/edit/{lead.pk}/"
    )


# Another clinic's requests, by direct URL


@pytest.mark.parametrize("name", ["edit", "delete", "history", "release", "resend"])
def test_another_clinics_request_is_404_for_every_view(tal_staff, leads, name):
    other = leads["truhealing"]
    Lead.objects.filter(pk=other.pk).update(
        quarantined=True, delivery=Lead.Delivery.FAILED
    )

    get = tal_staff.get(url(name, other))
    post = tal_staff.post(url(name, other), {"status": "closed"})

    assert get.status_code == (405 if name in ("release", "resend") else 404)
    assert post.status_code == 404
    other.refresh_from_db()
    assert (other.status, other.quarantined) == ("new", True)
    assert other.delivery == Lead.Delivery.FAILED


@pytest.mark.parametrize("action", ["delete", "export"])
def test_delete_or_export_alone_does_not_open_the_details(
    leads, tal, truhealing, django_user_model, action
):
    user = logged_in(
        staff(django_user_model, "mixed", (tal, ["view"]), (truhealing, [action]))
    )

    listing = user.get(reverse("leads:index")).text

    assert listed_ids(user.get(reverse("leads:index"))) == {
        leads["tal"].pk,
        leads["truhealing"].pk,
    }
    assert f'href="{url("edit", leads["tal"])}"' in listing
    assert f'href="{url("edit", leads["truhealing"])}"' not in listing
    assert user.get(url("edit", leads["truhealing"])).status_code == 404
    assert user.get(url("history", leads["truhealing"])).status_code == 404
    assert user.get(url("history", leads["tal"])).status_code == 200


def test_search_looks_only_where_the_user_may_read_requests(
    leads, tal, truhealing, django_user_model
):
    user = logged_in(
        staff(django_user_model, "mixed", (tal, ["view"]), (truhealing, ["delete"]))
    )
    index = reverse("leads:index")

    by_truhealing_phone = user.get(index, {"q": "5135550101"})
    by_tal_phone = user.get(index, {"q": "2165550199"})

    assert listed_ids(user.get(index)) == {leads["tal"].pk, leads["truhealing"].pk}
    assert listed_ids(by_truhealing_phone) == set()
    assert listed_ids(by_tal_phone) == {leads["tal"].pk}


def test_superuser_opens_every_clinics_request(admin_client, leads):
    for lead in leads.values():
        assert admin_client.get(url("edit", lead)).status_code == 200


# Actions: POST with CSRF only


@pytest.mark.parametrize("name", ["release", "resend"])
def test_actions_need_post_and_a_csrf_token(tal_user, tal, name):
    lead = LeadFactory(site=tal.site, quarantined=True, delivery=Lead.Delivery.FAILED)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(tal_user)

    assert strict.get(url(name, lead)).status_code == 405
    assert strict.post(url(name, lead)).status_code == 403
    lead.refresh_from_db()
    assert lead.quarantined is True


def test_release_button_posts_with_the_pages_csrf_token(tal_user, tal):
    lead = LeadFactory(site=tal.site, quarantined=True)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(tal_user)
    html = strict.get(url("edit", lead)).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    assert f'formaction="{url("release", lead)}"' in html
    response = strict.post(url("release", lead), {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.quarantined is False


def test_releasing_a_lead_not_in_quarantine_does_nothing(tal_staff, leads):
    response = tal_staff.post(url("release", leads["tal"]), follow=True)

    messages = [str(message) for message in response.context["messages"]]
    assert messages == [f"{leads['tal']} is not in quarantine."]
    assert not ModelLogEntry.objects.filter(action="leads.release").exists()


def test_view_only_staff_cannot_release_or_resend(tal, django_user_model):
    viewer = logged_in(staff(django_user_model, "viewer", (tal, ["view"])))
    lead = LeadFactory(site=tal.site, quarantined=True)

    assert viewer.post(url("release", lead)).status_code == 404
    lead.refresh_from_db()
    assert lead.quarantined is True


# Bulk actions


def bulk_url(action, *leads, query=""):
    ids = "&".join(f"id={lead.pk}" for lead in leads) or "id=all"
    return f"/admin/bulk/leads/lead/{action}/?next=/admin/leads/&{ids}{query}"


def test_bulk_release_queues_delivery_for_own_clinic_only(
    tal_staff, tal, truhealing, mailoutbox
):
    for clinic in (tal, truhealing):
        clinic.routing.lead_inboxes = f"intake@{clinic.host}"
        clinic.routing.save()
    held = [LeadFactory(site=tal.site, quarantined=True) for _ in range(2)]
    other = LeadFactory(site=truhealing.site, quarantined=True)

    response = tal_staff.post(bulk_url("release", *held, other))

    assert response.status_code == 302
    assert set(Lead.objects.filter(quarantined=True)) == {other}
    assert set(
        Lead.objects.filter(site=tal.site).values_list("delivery", flat=True)
    ) == {"sent"}
    assert [message.to for message in mailoutbox] == [["intake@tal.localhost"]] * 2
    logged = ModelLogEntry.objects.filter(action="leads.release")
    assert sorted(entry.label for entry in logged) == sorted(map(str, held))


def test_bulk_resend_only_failed_deliveries(tal_staff, tal, mailoutbox):
    tal.routing.lead_inboxes = "intake@tal.localhost"
    tal.routing.save()
    failed = LeadFactory(site=tal.site, delivery=Lead.Delivery.FAILED)
    sent = LeadFactory(site=tal.site, delivery=Lead.Delivery.SENT)

    tal_staff.post(bulk_url("resend", failed, sent))

    failed.refresh_from_db()
    assert failed.delivery == Lead.Delivery.SENT
    assert failed.retry_from is not None
    assert len(mailoutbox) == 1
    logged = ModelLogEntry.objects.filter(action="leads.resend")
    assert [entry.object_id for entry in logged] == [str(failed.pk)]


def test_bulk_status_needs_the_change_permission(leads, tal, django_user_model):
    viewer = logged_in(staff(django_user_model, "viewer", (tal, ["view"])))

    confirm = viewer.get(bulk_url("set_status", leads["tal"]))
    viewer.post(bulk_url("set_status", leads["tal"]), {"status": "closed"})

    assert "None of the selected return requests can be changed by you." in (
        confirm.text
    )
    leads["tal"].refresh_from_db()
    assert leads["tal"].status == Lead.Status.NEW


def test_select_all_acts_on_the_filtered_listing_only(tal_staff, tal):
    held = LeadFactory(site=tal.site, quarantined=True)
    other = LeadFactory(site=tal.site)

    tal_staff.post(
        bulk_url("set_status", query="&quarantined=true"), {"status": "closed"}
    )

    statuses = dict(Lead.objects.values_list("pk", "status"))
    assert statuses == {held.pk: "closed", other.pk: "new"}


def test_select_all_acts_on_the_searched_listing_only(tal_staff, tal, truhealing):
    found = LeadFactory(site=tal.site, name="Quinn Searched")
    other = LeadFactory(site=tal.site, name="Riley Other")
    elsewhere = LeadFactory(site=truhealing.site, name="Quinn Elsewhere")

    tal_staff.post(bulk_url("set_status", query="&q=quinn"), {"status": "contacted"})

    statuses = dict(Lead.objects.values_list("pk", "status"))
    assert statuses == {found.pk: "contacted", other.pk: "new", elsewhere.pk: "new"}


# Export


def test_export_has_only_the_sites_with_the_export_permission(
    leads, tal, truhealing, django_user_model
):
    user = staff(
        django_user_model,
        "mixed",
        (tal, ["view", "export"]),
        (truhealing, ["view"]),
    )
    client = logged_in(user)

    listing = client.get(reverse("leads:index"))
    rows = exported(client.get(reverse("leads:index"), {"export": "csv"}))

    assert listed_ids(listing) == {leads["tal"].pk, leads["truhealing"].pk}
    assert [row["Name"] for row in rows] == ["Blake Tal"]


def test_superuser_exports_every_clinic(admin_client, leads):
    rows = exported(admin_client.get(reverse("leads:index"), {"export": "csv"}))

    assert sorted(row["Name"] for row in rows) == ["Avery Truhealing", "Blake Tal"]


def test_export_follows_the_listings_filters(tal_staff, tal, leads):
    LeadFactory(site=tal.site, name="Held Person", quarantined=True)

    rows = exported(
        tal_staff.get(reverse("leads:index"), {"export": "csv", "quarantined": "true"})
    )

    assert [row["Name"] for row in rows] == ["Held Person"]


@pytest.mark.parametrize(
    "value", ["=1+1", "+1 555", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"]
)
def test_csv_cells_that_would_be_formulas_start_with_a_quote(tal_staff, tal, value):
    LeadFactory(site=tal.site, name=value, message=value, staff_notes=value)

    (row,) = exported(tal_staff.get(reverse("leads:index"), {"export": "csv"}))

    assert row["Name"] == row["Message"] == row["Staff notes"] == "'" + value


def test_csv_leaves_ordinary_values_alone(tal_staff, leads):
    (row,) = exported(tal_staff.get(reverse("leads:index"), {"export": "csv"}))

    assert row["Name"] == "Blake Tal"
    assert row["Email"] == "blake@example.net"
    assert row["Phone"] == "'+12165550199"  # a + is a formula to a spreadsheet


def test_xlsx_export_has_the_rows_and_no_formulas(tal_staff, tal, leads):
    LeadFactory(site=tal.site, name='=HYPERLINK("http://evil.example","x")')
    LeadFactory(site=tal.site, name="+1 555")

    response = tal_staff.get(reverse("leads:index"), {"export": "xlsx"})
    content = b"".join(response.streaming_content)

    assert response["Content-Disposition"].startswith("attachment")
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.values)
    assert rows[0][:3] == ("ID", "Clinic site", "Created")
    names = sorted(row[rows[0].index("Name")] for row in rows[1:])
    assert names == ["+1 555", '=HYPERLINK("http://evil.example","x")', "Blake Tal"]
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml  # stored as text, never as a formula


def test_export_is_refused_without_the_export_permission(tal, django_user_model):
    viewer = logged_in(staff(django_user_model, "viewer", (tal, ["view"])))

    response = viewer.get(reverse("leads:index"), {"export": "xlsx"})

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


# Audit log


def test_every_action_is_in_the_audit_log_without_personal_data(tal_staff, tal, leads):
    lead = leads["tal"]
    held = LeadFactory(site=tal.site, name="Blake Held", quarantined=True)
    failed = LeadFactory(site=tal.site, name="Blake Failed", delivery="failed")

    tal_staff.get(url("edit", lead))
    tal_staff.post(url("edit", lead), {"status": "contacted", "staff_notes": "x"})
    tal_staff.post(bulk_url("set_status", held, failed), {"status": "closed"})
    tal_staff.post(url("release", held))
    tal_staff.post(url("resend", failed))
    tal_staff.get(reverse("leads:index"), {"export": "csv"})
    tal_staff.post(url("delete", failed))

    entries = list(ModelLogEntry.objects.order_by("pk"))
    actions = [(entry.action, int(entry.object_id)) for entry in entries]
    assert actions[:3] == [
        ("leads.view", lead.pk),
        ("wagtail.edit", lead.pk),
        ("leads.status", lead.pk),
    ]
    assert set(actions[3:5]) == {("leads.status", held.pk), ("leads.status", failed.pk)}
    assert actions[5] == ("leads.release", held.pk)
    assert ("leads.resend", failed.pk) in actions
    assert {pk for action, pk in actions if action == "leads.export"} == {
        lead.pk,
        held.pk,
        failed.pk,
    }
    assert actions[-1] == ("wagtail.delete", failed.pk)
    for entry in entries:
        assert entry.user.username == "tal"
        assert re.fullmatch(r"Lead #\d+, Tal Behavioral Health Cleveland", entry.label)
        assert_no_personal_data(str(entry.data))


def test_the_history_names_the_lead_actions(tal_staff, leads):
    lead = leads["tal"]
    tal_staff.get(url("edit", lead))
    tal_staff.post(url("edit", lead), {"status": "closed", "staff_notes": ""})

    html = tal_staff.get(url("history", lead)).text

    assert "Return request viewed" in html
    assert "Return request status changed" in html


# Dashboard


def dashboard_rows(client):
    html = client.get(reverse("wagtailadmin_home")).text
    panel = html.split('id="leads-panel-heading"', 1)[1].split("</section>", 1)[0]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr>(.*?)</tr>", panel, re.S)[1:]
    ]


def test_dashboard_counts_per_clinic_of_the_user(tal_staff, admin_client, tal, leads):
    LeadFactory(site=tal.site, quarantined=True, status=Lead.Status.CLOSED)
    LeadFactory(site=tal.site, delivery=Lead.Delivery.FAILED)

    assert dashboard_rows(tal_staff) == ["Tal Behavioral Health Cleveland 2 1 1"]
    assert dashboard_rows(admin_client) == [
        "Tal Behavioral Health Cleveland 2 1 1",
        "TruHealing Cincinnati 1 0 0",
    ]


def test_dashboard_links_open_the_filtered_listing(tal_staff, tal, leads):
    held = LeadFactory(site=tal.site, quarantined=True)
    html = tal_staff.get(reverse("wagtailadmin_home")).text

    link = f"/admin/leads/?site={tal.site.pk}&amp;quarantined=true"
    assert link in html
    listing = tal_staff.get(link.replace("&amp;", "&"))
    assert listed_ids(listing) == {held.pk}


def test_no_dashboard_panel_without_lead_permissions(django_user_model, leads):
    editor = logged_in(staff(django_user_model, "editor"))

    html = editor.get(reverse("wagtailadmin_home")).text

    assert "leads-panel-heading" not in html


# Groups


def test_groups_grant_lead_permissions_per_site_from_the_group_form(
    admin_client, tal, leads, django_user_model
):
    group = Group.objects.create(name="Tal intake")
    edit = reverse("wagtailusers_groups:edit", args=[group.pk])
    data = querydict_from_html(admin_client.get(edit).text, form_id="w-editor-form")
    data["name"] = "Tal intake"
    data.setlist("leads_lead_view_site_permissions-sites", [str(tal.site.pk)])
    data.setlist("leads_lead_change_site_permissions-sites", [str(tal.site.pk)])

    response = admin_client.post(edit, data)

    assert response.status_code == 302
    granted = GroupSitePermission.objects.filter(group=group)
    assert sorted((row.site_id, row.permission.codename) for row in granted) == [
        (tal.site.pk, "change_lead"),
        (tal.site.pk, "view_lead"),
    ]
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = django_user_model.objects.create_user(username="intake", password="pw")
    user.groups.add(group)
    listing = logged_in(user).get(reverse("leads:index"))
    assert listed_ids(listing) == {leads["tal"].pk}


def test_lead_inboxes_are_validated_and_split(truhealing):
    routing = truhealing.routing
    routing.lead_inboxes = "a@clinic.example,\nb@clinic.example"
    routing.full_clean()
    assert routing.lead_inbox_list == ["a@clinic.example", "b@clinic.example"]

    routing.lead_inboxes = "a@clinic.example, not-an-address"
    with pytest.raises(ValidationError) as error:
        routing.full_clean()
    assert error.value.message_dict["lead_inboxes"] == [
        "“not-an-address” is not a valid email address."
    ]
