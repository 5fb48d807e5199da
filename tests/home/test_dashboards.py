"""Each role's dashboard, with two clinics made by add_clinic: an editor's
drafts, pages sent back and pages awaiting review; a moderator's review queue; a
manager's return requests; a superuser's overview of every clinic. Nobody but a
superuser sees anything of the other clinic, not even pages they edited or
submitted there themselves."""

import datetime

from django.urls import reverse
from django.utils import timezone

from wagtail.models import TaskState, WorkflowPage

import pytest
from bs4 import BeautifulSoup

from home.factories import StandardPageFactory, WorkerHeartbeatFactory
from home.models import StandardPage
from home.teams import add_clinic
from leads.factories import LeadFactory
from leads.models import Lead

pytestmark = pytest.mark.django_db

# A clinic's people, and the prefix of the other clinic's titles.
EACH_CLINIC_AND_THE_OTHER = [("tal", "TRUHEALING"), ("truhealing", "TAL")]


@pytest.fixture
def teams(truhealing, tal):
    return {
        clinic.host: add_clinic(hostname=clinic.host, name=clinic.site.site_name)[0]
        for clinic in (truhealing, tal)
    }


@pytest.fixture
def people(django_user_model, teams, truhealing, tal):
    def member(username, group):
        user = django_user_model.objects.create_user(
            username=username, email=f"{username}@clinic.example", password="pw"
        )
        user.groups.add(group)
        return user

    people = {"superuser": django_user_model.objects.create_superuser("root")}
    for prefix, clinic in (("tal", tal), ("truhealing", truhealing)):
        for role in ("editors", "moderators", "managers"):
            name = f"{prefix} {role[:-1]}"
            group = getattr(teams[clinic.host], role)
            people[name] = member(name.replace(" ", "-"), group)
    return people


def client_for(client, user):
    client.force_login(user)
    return client


def dashboard(client, user):
    response = client_for(client, user).get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def panel_text(page, panel_id):
    section = page.find(id=f"{panel_id}-section")
    return section.get_text(" ", strip=True) if section else ""


def draft(clinic, title, user, **fields):
    page = StandardPageFactory(parent=clinic.home, title=title, **fields)
    page.save_revision(user=user)
    return page


def submit(clinic, page, user):
    WorkflowPage.objects.get(page=clinic.home).workflow.start(page, user)


def reject(client, moderator, page, comment):
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk]
    )
    response = client_for(client, moderator).post(url, {"comment": comment})
    assert response.status_code == 302
    client.logout()


def clinic_content(clinic, prefix, editor, moderator, client):
    """A draft, a page sent back with a comment, a page in review and a live page,
    all titled ``prefix`` so that they can be told apart from the other clinic's."""
    draft(clinic, f"{prefix} draft", editor, live=False)
    sent_back = draft(clinic, f"{prefix} sent back", editor, live=False)
    submit(clinic, sent_back, editor)
    reject(client, moderator, sent_back, f"{prefix} comment: cite the source.")
    in_review = draft(clinic, f"{prefix} in review", editor, live=False)
    submit(clinic, in_review, editor)
    StandardPageFactory(parent=clinic.home, title=f"{prefix} live page")


@pytest.fixture
def content(people, truhealing, tal, client):
    clinic_content(
        tal, "TAL-ONLY", people["tal editor"], people["tal moderator"], client
    )
    clinic_content(
        truhealing,
        "TRUHEALING-ONLY",
        people["truhealing editor"],
        people["truhealing moderator"],
        client,
    )
    # The Tal editor once worked on TruHealing pages (a former member, or a grant
    # since removed): those stay off their dashboard.
    tal_editor = people["tal editor"]
    draft(truhealing, "TRUHEALING-ONLY edited by the Tal editor", tal_editor)
    submitted = draft(
        truhealing,
        "TRUHEALING-ONLY submitted by the Tal editor",
        tal_editor,
        live=False,
    )
    submit(truhealing, submitted, tal_editor)


@pytest.fixture
def leads(truhealing, tal):
    """Tal: 2 new (one quarantined), 1 failed, 1 waiting 20 minutes for its mail.
    TruHealing: 1 new and failed, nothing waiting."""
    sent = Lead.Delivery.SENT
    LeadFactory(site=tal.site, delivery=sent)
    LeadFactory(site=tal.site, delivery=sent, quarantined=True)
    LeadFactory(
        site=tal.site, status=Lead.Status.CONTACTED, delivery=Lead.Delivery.FAILED
    )
    waiting = LeadFactory(
        site=tal.site, status=Lead.Status.CLOSED, delivery=Lead.Delivery.PENDING
    )
    Lead.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=20)
    )
    LeadFactory(site=truhealing.site, delivery=Lead.Delivery.FAILED)
    WorkerHeartbeatFactory()


# Editors


def test_an_editor_sees_their_own_drafts(client, people, content):
    page = dashboard(client, people["tal editor"])

    drafts = panel_text(page, "your-drafts")
    assert "TAL-ONLY draft" in drafts
    assert "Tal Behavioral Health Cleveland" in drafts
    # Pages in review are in their own panels, and live pages are no drafts.
    assert "TAL-ONLY sent back" not in drafts
    assert "TAL-ONLY in review" not in drafts
    assert "TAL-ONLY live page" not in drafts


def test_an_editor_sees_what_was_sent_back_with_the_comment(client, people, content):
    page = dashboard(client, people["tal editor"])

    sent_back = panel_text(page, "sent-back-to-you")
    assert "TAL-ONLY sent back" in sent_back
    assert "TAL-ONLY comment: cite the source." in sent_back
    assert "tal-moderator" in sent_back
    assert "TAL-ONLY draft" not in sent_back


def test_an_editor_sees_their_pages_awaiting_review(client, people, content):
    page = dashboard(client, people["tal editor"])

    awaiting = panel_text(page, "your-pages-awaiting-review")
    assert "TAL-ONLY in review" in awaiting
    assert "TAL-ONLY sent back" not in awaiting


def test_rows_link_to_the_edit_view(client, people, content):
    page = dashboard(client, people["tal editor"])

    link = page.find("a", string="TAL-ONLY draft")
    draft_page = StandardPage.objects.get(title="TAL-ONLY draft")
    assert link["href"] == reverse("wagtailadmin_pages:edit", args=[draft_page.pk])


@pytest.mark.parametrize("clinic, other", EACH_CLINIC_AND_THE_OTHER)
def test_an_editor_sees_nothing_of_the_other_clinic(
    client, people, content, clinic, other
):
    page = dashboard(client, people[f"{clinic} editor"])

    assert panel_text(page, "your-drafts")
    assert f"{other}-ONLY" not in page.get_text()


def test_an_editor_without_work_gets_no_empty_panels(client, people, tal, content):
    page = dashboard(client, people["tal moderator"])

    for panel_id in ("your-drafts", "sent-back-to-you", "your-pages-awaiting-review"):
        assert page.find(id=f"{panel_id}-section") is None


# Moderators


@pytest.mark.parametrize("clinic, other", EACH_CLINIC_AND_THE_OTHER)
def test_a_moderator_sees_their_clinics_review_queue(
    client, people, content, clinic, other
):
    page = dashboard(client, people[f"{clinic} moderator"])

    queue = panel_text(page, "awaiting-review")
    assert f"{clinic.upper()}-ONLY in review" in queue
    # Sent back: no longer theirs to review.
    assert f"{clinic.upper()}-ONLY sent back" not in queue
    assert f"{other}-ONLY" not in page.get_text()


# Managers


@pytest.mark.parametrize(
    "clinic, name, other",
    [
        ("tal", "Tal Behavioral Health Cleveland", "TruHealing Cincinnati"),
        ("truhealing", "TruHealing Cincinnati", "Tal Behavioral Health Cleveland"),
    ],
)
def test_a_manager_sees_their_clinics_return_requests(
    client, people, content, leads, clinic, name, other
):
    page = dashboard(client, people[f"{clinic} manager"])

    requests = panel_text(page, "leads-panel")
    assert name in requests
    assert other not in requests
    assert page.find(id="every-clinic-section") is None


def test_a_managers_counts_are_their_clinics(client, people, leads):
    page = dashboard(client, people["tal manager"])

    row = page.find(id="leads-panel-section").find("tbody").find("tr")
    assert [cell.get_text(strip=True) for cell in row.find_all("td")] == [
        "2",
        "1",
        "1",
    ]
    # Tal's request has waited 20 minutes: flagged.
    assert page.find(attrs={"data-delivery-health": "critical"})


# Superusers


def overview_row(row):
    """A row of the superusers' overview: its counts and its delivery status."""
    counts = {
        cell["data-count"]: int(cell.get_text(strip=True))
        for cell in row.find_all("td", attrs={"data-count": True})
    }
    health = row.find("td", attrs={"data-delivery-health": True})
    return {**counts, "health": health["data-delivery-health"]}


def overview_rows(page):
    rows = page.find(id="every-clinic-section").find("tbody").find_all("tr")
    return {row["data-clinic"]: overview_row(row) for row in rows}


def test_a_superuser_sees_every_clinic_with_its_figures(
    client, people, content, leads, truhealing, tal
):
    page = dashboard(client, people["superuser"])

    assert overview_rows(page) == {
        tal.host: {
            # Home page and live page; draft, sent back, in review.
            "live": 2,
            "drafts": 3,
            "in_review": 1,
            "new": 2,
            "quarantined": 1,
            "failed": 1,
            "health": "critical",
        },
        truhealing.host: {
            # Plus the two pages the Tal editor worked on.
            "live": 3,
            "drafts": 5,
            "in_review": 2,
            "new": 1,
            "quarantined": 0,
            "failed": 1,
            "health": "ok",
        },
    }


def test_the_overview_links_each_clinic_to_its_pages(client, people, truhealing, tal):
    page = dashboard(client, people["superuser"])

    for clinic in (truhealing, tal):
        link = page.find("a", string=clinic.site.site_name)
        assert link["href"] == reverse("wagtailadmin_explore", args=[clinic.home.pk])


def test_only_superusers_see_the_overview(client, people, leads):
    for name in ("tal editor", "tal moderator", "tal manager"):
        client.logout()
        assert dashboard(client, people[name]).find(id="every-clinic-section") is None
