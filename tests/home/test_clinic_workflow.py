"""Each clinic's own review before publishing, as add_clinic sets it up, run end
to end through the admin: an editor submits, the clinic's moderator rejects with
a comment, the editor resubmits, the moderator approves and the page is
published; approved with a go-live time, the scheduler publishes it then. The
other clinic's moderator is neither mailed nor able to see or act on it."""

import datetime
import io

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import (
    Locale,
    Page,
    Revision,
    TaskState,
    WorkflowPage,
    WorkflowState,
)

import pytest

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from blog.models import BlogPostPage
from home.factories import StandardPageFactory
from tests.home.test_chosen_objects import edit_form, edit_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(django_user_model, teams, team_member):
    member = team_member
    return {
        "editor": member("tal-editor", teams["tal"].editors),
        "moderator": member("tal-moderator", teams["tal"].moderators),
        "other moderator": member(
            "truhealing-moderator", teams["truhealing"].moderators
        ),
        "superuser": django_user_model.objects.create_superuser(
            username="root", email="root@clinic.example", password="pw"
        ),
    }


def client_of(client_class, user):
    client = client_class()
    client.force_login(user)
    return client


@pytest.fixture
def clients(people, client):
    return {name: client_of(type(client), user) for name, user in people.items()}


@pytest.fixture
def draft(tal):
    return StandardPageFactory(
        parent=tal.home, title="Relapse is not failure", live=False
    )


def submit(client, page, **fields):
    data = edit_form(client, page, **fields)
    data["action-submit"] = "Submit"
    return client.post(edit_url(page), data)


def task_state(page):
    return TaskState.objects.filter(workflow_state__object_id=str(page.pk)).latest(
        "started_at"
    )


def act(client, page, action, **data):
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, action, task_state(page).pk],
    )
    return client.post(url, data)


def workflow_status(page):
    return (
        WorkflowState.objects.filter(object_id=str(page.pk)).latest("created_at").status
    )


def mailed(mailoutbox):
    return sorted({address for message in mailoutbox for address in message.to})


def test_submit_reject_resubmit_approve_publish(clients, people, draft, mailoutbox):
    response = submit(clients["editor"], draft)

    assert response.status_code == 302
    assert workflow_status(draft) == WorkflowState.STATUS_IN_PROGRESS
    assert (
        task_state(draft).task.name
        == "Tal Behavioral Health Cleveland moderators approve"
    )
    # Only the clinic's own moderator is asked: no superuser, no other clinic.
    assert mailed(mailoutbox) == ["tal-moderator@clinic.example"]

    mailoutbox.clear()
    response = act(clients["moderator"], draft, "reject", comment="Cite the source.")
    assert response.status_code == 302
    assert workflow_status(draft) == WorkflowState.STATUS_NEEDS_CHANGES
    assert task_state(draft).get_comment() == "Cite the source."
    assert mailed(mailoutbox) == ["tal-editor@clinic.example"]
    assert "Cite the source." in mailoutbox[0].body

    mailoutbox.clear()
    response = submit(clients["editor"], draft, intro="Sources: SAMHSA, 2024.")
    assert response.status_code == 302
    assert workflow_status(draft) == WorkflowState.STATUS_IN_PROGRESS
    assert mailed(mailoutbox) == ["tal-moderator@clinic.example"]
    assert not Page.objects.get(pk=draft.pk).live

    mailoutbox.clear()
    response = act(clients["moderator"], draft, "approve", comment="")
    assert response.status_code == 302
    page = Page.objects.get(pk=draft.pk).specific
    assert page.live is True
    assert page.intro == "Sources: SAMHSA, 2024."
    assert workflow_status(draft) == WorkflowState.STATUS_APPROVED
    assert task_state(draft).finished_by == people["moderator"]
    assert mailed(mailoutbox) == ["tal-editor@clinic.example"]


# The scheduler closes its database connections between turns, as a process of
# its own does: the test cannot hold them in one transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_approval_with_a_go_live_time_is_published_by_the_scheduler(clients, draft):
    # An hour ahead, so that a slow machine cannot reach it before the approval.
    go_live = timezone.localtime() + datetime.timedelta(hours=1)
    submit(clients["editor"], draft, go_live_at=go_live.strftime("%Y-%m-%d %H:%M:%S"))

    act(clients["moderator"], draft, "approve", comment="")

    page = Page.objects.get(pk=draft.pk).specific
    assert page.live is False
    scheduled = page.scheduled_revision
    assert scheduled is not None
    call_command("run_scheduler", once=True, stdout=io.StringIO())
    assert Page.objects.get(pk=draft.pk).live is False  # not yet

    # The hour passes: the go-live time, as the approval recorded it, is now past.
    past = timezone.now() - datetime.timedelta(seconds=1)
    content = {**scheduled.content, "go_live_at": past.isoformat()}
    Revision.objects.filter(pk=scheduled.pk).update(
        approved_go_live_at=past, content=content
    )
    Page.objects.filter(pk=draft.pk).update(go_live_at=past)
    call_command("run_scheduler", once=True, stdout=io.StringIO())
    assert Page.objects.get(pk=draft.pk).live is True


def test_the_other_clinics_moderator_can_neither_see_nor_act(clients, draft):
    submit(clients["editor"], draft)
    other = clients["other moderator"]

    dashboard = other.get(reverse("wagtailadmin_home")).content.decode()
    approve = act(other, draft, "approve", comment="")
    edit = other.get(edit_url(draft))

    assert "Relapse is not failure" not in dashboard
    assert approve.status_code in (302, 403, 404)
    assert approve.status_code != 302 or approve.url != edit_url(draft)
    assert edit.status_code in (302, 403, 404)
    assert workflow_status(draft) == WorkflowState.STATUS_IN_PROGRESS
    assert not Page.objects.get(pk=draft.pk).live
    mine = clients["moderator"].get(reverse("wagtailadmin_home")).content.decode()
    assert "Relapse is not failure" in mine  # awaiting the clinic's moderator


def test_every_language_tree_of_the_clinic_uses_its_workflow(teams, tal):
    spanish = tal.home.copy_for_translation(Locale.objects.create(language_code="es"))

    english = WorkflowPage.objects.get(page=tal.home).workflow
    assert WorkflowPage.objects.get(page=spanish).workflow == english
    assert (
        english
        != WorkflowPage.objects.get(page=teams["truhealing"].site.root_page).workflow
    )


def test_the_approval_is_the_posts_review_byline(clients, people, tal, client):
    tal_blog = BlogIndexPageFactory(parent=tal.home, slug="blog")
    post = BlogPostPageFactory(parent=tal_blog, title="Coming back after a lapse")
    people["moderator"].first_name, people["moderator"].last_name = "Dana", "Reyes"
    people["moderator"].save()
    workflow = WorkflowPage.objects.get(page=tal.home).workflow
    post.save_revision(user=people["editor"])  # "Submit" saves a revision, then starts
    workflow.start(post, people["editor"])

    act(clients["moderator"], post, "approve", comment="")

    post = BlogPostPage.objects.get(pk=post.pk)
    assert post.approved_by_name == "Dana Reyes"
    html = client.get(post.url, HTTP_HOST=tal.host).content.decode()
    assert "Clinically reviewed by Dana Reyes, <time" in html
    assert '"reviewedBy": {"@type": "Person", "name": "Dana Reyes"}' in html

    post.reviewer_name, post.reviewer_credentials = "Sam Ortiz", "LICDC"
    post.save_revision().publish()
    html = client.get(post.url, HTTP_HOST=tal.host).content.decode()
    assert "Clinically reviewed by Sam Ortiz, LICDC" in html
    assert "Dana Reyes" not in html
