"""A clinic's editor sees only their own clinics' pages in the admin views that
show pages without editing them: the page chooser, the explorer, the admin
search, the reports, the dashboard, a page's usage and history, and the page bulk
actions. Another clinic's page is refused or left out.

Each test shows that a TruHealing page (SECRET) never reaches Tal's editor while a
Tal page (VISIBLE) does: the view is scoped, not empty. Wagtail's page
permissions already scope some of these views (aging and locked pages, site
history, workflow reports, a page's usage and history): their tests keep it so.
"""

import datetime

from django.contrib.auth.models import Group, Permission
from django.urls import include, path, reverse
from django.utils import timezone

from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    GroupSitePermission,
    Locale,
    Page,
    PageLogEntry,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

import pytest

from blog.factories import BlogIndexPageFactory
from cms.urls import urlpatterns as cms_urlpatterns
from home.factories import StandardPageFactory
from home.page_scoping import PAGE_TYPES_REPORT, wagtail_path_overrides
from tests.conftest import make_clinic

pytestmark = pytest.mark.django_db

SECRET = "TruHealing secret page"
VISIBLE = "Tal visible page"
EDITOR_PERMISSIONS = ["add_page", "change_page", "publish_page"]


def make_editor(django_user_model, username, pages, permissions=EDITOR_PERMISSIONS):
    """A user with admin access and ``permissions`` on ``pages`` only."""
    group = Group.objects.create(name=f"{username} group")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for page in pages:
        for codename in permissions:
            GroupPagePermission.objects.create(
                group=group,
                page=page,
                permission=Permission.objects.get(codename=codename),
            )
    user = django_user_model.objects.create_user(username=username, password="pw")
    user.groups.add(group)
    return user


@pytest.fixture
def tal_editor_user(django_user_model, tal):
    return make_editor(django_user_model, "tal-editor", [tal.home])


@pytest.fixture
def tal_editor(client, tal_editor_user):
    client.force_login(tal_editor_user)
    return client


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        username="root", email="root@clinic.example", password="pw"
    )


@pytest.fixture
def pages(truhealing, tal):
    """A page of each clinic, published a year ago, so that the aging pages report
    lists them too."""
    published = timezone.now() - datetime.timedelta(days=365)
    return {
        "secret": StandardPageFactory(
            parent=truhealing.home, title=SECRET, last_published_at=published
        ),
        "visible": StandardPageFactory(
            parent=tal.home, title=VISIBLE, last_published_at=published
        ),
    }


def html_of(response):
    """The HTML of a response; the chooser's modal answers JSON around it."""
    if response["Content-Type"].startswith("application/json"):
        return response.json().get("html") or ""
    return response.content.decode()


def assert_scoped(response, hidden=SECRET, shown=VISIBLE):
    assert response.status_code == 200
    html = html_of(response)
    assert shown in html
    assert hidden not in html


def assert_refused(response):
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard."""
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


# Page chooser


def test_chooser_root_offers_only_the_editors_clinic(tal_editor, truhealing, tal):
    response = tal_editor.get(reverse("wagtailadmin_choose_page"))

    assert_scoped(response, hidden=truhealing.home.title, shown=tal.home.title)


def test_chooser_shows_the_children_of_the_editors_pages(tal_editor, tal, pages):
    url = reverse("wagtailadmin_choose_page_child", args=[tal.home.pk])

    assert_scoped(tal_editor.get(url))


def test_chooser_refuses_another_clinics_page(tal_editor, truhealing, pages):
    url = reverse("wagtailadmin_choose_page_child", args=[truhealing.home.pk])

    response = tal_editor.get(url)

    assert response.status_code == 404
    assert truhealing.home.title not in response.content.decode()
    assert SECRET not in response.content.decode()


def test_wagtails_own_chooser_url_refuses_it_too(tal_editor, truhealing, pages):
    """Our chooser answers Wagtail's URL names; Wagtail's view at its own URL
    stays reachable by hand, and refuses the page through the chooser hook."""
    response = tal_editor.get(f"/admin/choose-page/{truhealing.home.pk}/")

    assert reverse("wagtailadmin_choose_page") != "/admin/choose-page/"
    assert response.status_code == 404


def test_chooser_at_the_tree_root_lists_only_the_editors_clinic(
    tal_editor, truhealing, tal, pages
):
    root = Page.get_first_root_node()
    url = reverse("wagtailadmin_choose_page_child", args=[root.pk])

    assert_scoped(
        tal_editor.get(url), hidden=truhealing.home.title, shown=tal.home.title
    )


def test_chooser_of_a_page_type_opens_among_the_editors_pages(
    tal_editor, truhealing, tal
):
    """Only TruHealing has a blog: Wagtail would open on its home, the common
    ancestor of every blog index, and show its title."""
    BlogIndexPageFactory(parent=truhealing.home)

    response = tal_editor.get(
        reverse("wagtailadmin_choose_page"), {"page_type": "blog.blogindexpage"}
    )

    assert response.status_code == 200
    assert response.json()["parent_page_id"] == Page.get_first_root_node().pk
    assert truhealing.home.title not in html_of(response)


def test_chooser_search_finds_only_the_editors_pages(tal_editor, pages):
    response = tal_editor.get(reverse("wagtailadmin_choose_page_search"), {"q": "page"})

    assert_scoped(response)


def test_chooser_describes_only_the_editors_pages(tal_editor, pages):
    url = reverse("wagtailadmin_choose_page_chosen_multiple")

    own = tal_editor.get(url, {"id": [pages["visible"].pk]})
    foreign = tal_editor.get(url, {"id": [pages["visible"].pk, pages["secret"].pk]})

    assert own.status_code == 200
    assert own.json()["result"][0]["adminTitle"] == VISIBLE
    assert foreign.status_code == 404
    assert SECRET not in foreign.content.decode()


def test_superuser_chooses_from_every_clinic(client, superuser, truhealing, pages):
    client.force_login(superuser)
    url = reverse("wagtailadmin_choose_page_child", args=[truhealing.home.pk])

    assert_scoped(client.get(url), hidden=VISIBLE, shown=SECRET)


# Explorer, admin search and the pages of one type


def test_explorer_refuses_another_clinics_page(tal_editor, truhealing, pages):
    response = tal_editor.get(
        reverse("wagtailadmin_explore", args=[truhealing.home.pk])
    )

    assert_refused(response)


def test_explorer_lists_the_editors_pages(tal_editor, tal, pages):
    response = tal_editor.get(reverse("wagtailadmin_explore", args=[tal.home.pk]))

    assert_scoped(response)


def test_admin_search_finds_only_the_editors_pages(tal_editor, pages):
    response = tal_editor.get(reverse("wagtailadmin_pages:search"), {"q": "page"})

    assert_scoped(response)


def test_pages_of_one_type_are_the_editors_only(tal_editor, pages):
    url = reverse("wagtailadmin_pages:type_use", args=["home", "standardpage"])

    response = tal_editor.get(url)

    assert_scoped(response)
    assert reverse(PAGE_TYPES_REPORT) in response.content.decode()


# Reports


def test_page_types_report_names_only_the_editors_pages(tal_editor, pages):
    # The last edited standard page of all, which Wagtail's report would name.
    pages["secret"].save_revision()

    response = tal_editor.get(reverse(PAGE_TYPES_REPORT))

    assert_scoped(response)


def test_page_types_report_counts_every_clinic_for_a_superuser(
    client, superuser, pages
):
    pages["secret"].save_revision()
    client.force_login(superuser)

    response = client.get(reverse(PAGE_TYPES_REPORT))

    assert_scoped(response, hidden=VISIBLE, shown=SECRET)


def test_reports_menu_leads_to_the_scoped_page_types_report(tal_editor, tal):
    html = tal_editor.get(reverse("wagtailadmin_home")).content.decode()

    assert reverse(PAGE_TYPES_REPORT) in html
    assert reverse("wagtailadmin_reports:page_types_usage") not in html


def test_aging_pages_report_lists_only_the_editors_pages(tal_editor, pages):
    response = tal_editor.get(reverse("wagtailadmin_reports:aging_pages"))

    assert_scoped(response)


def test_locked_pages_report_lists_only_the_editors_pages(
    client, django_user_model, superuser, tal, pages
):
    for page in pages.values():
        page.locked, page.locked_by, page.locked_at = True, superuser, timezone.now()
        page.save()
    # Only users who may unlock pages see the report: a moderator.
    permissions = EDITOR_PERMISSIONS + ["lock_page", "unlock_page"]
    moderator = make_editor(django_user_model, "tal-moderator", [tal.home], permissions)
    client.force_login(moderator)

    response = client.get(reverse("wagtailadmin_reports:locked_pages"))

    assert_scoped(response)


def test_site_history_lists_only_the_editors_pages(tal_editor, superuser, pages):
    for page in pages.values():
        PageLogEntry.objects.log_action(page, "wagtail.edit", user=superuser)

    response = tal_editor.get(reverse("wagtailadmin_reports:site_history"))

    assert_scoped(response)


@pytest.fixture
def reviewers(tal_editor_user, truhealing, tal):
    """A review task whose group (Tal's editor, and no page permission) reviews
    the pages of both clinics, as a workflow shared by the clinics would."""
    group = Group.objects.create(name="Reviewers")
    tal_editor_user.groups.add(group)
    task = GroupApprovalTask.objects.create(name="Review")
    task.groups.add(group)
    workflow = Workflow.objects.create(name="Clinic review")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for clinic in (truhealing, tal):
        WorkflowPage.objects.create(workflow=workflow, page=clinic.home)
    return workflow


@pytest.fixture
def in_review(pages, reviewers, superuser):
    for page in pages.values():
        page.save_revision(user=superuser)
        reviewers.start(page, superuser)
    return pages


@pytest.mark.parametrize(
    "url_name", ["wagtailadmin_reports:workflow", "wagtailadmin_reports:workflow_tasks"]
)
def test_workflow_reports_list_only_the_editors_pages(tal_editor, in_review, url_name):
    assert_scoped(tal_editor.get(reverse(url_name)))


# Dashboard


def test_dashboard_shows_only_tasks_on_the_editors_pages(tal_editor, in_review):
    assert_scoped(tal_editor.get(reverse("wagtailadmin_home")))


def test_dashboard_shows_only_edits_and_locks_in_the_editors_clinic(
    tal_editor, tal_editor_user, pages
):
    """Pages the editor edited or locked while on TruHealing's team."""
    for page in pages.values():
        PageLogEntry.objects.log_action(page, "wagtail.edit", user=tal_editor_user)
        page.locked, page.locked_by = True, tal_editor_user
        page.locked_at = timezone.now()
        page.save()

    response = tal_editor.get(reverse("wagtailadmin_home"))

    assert_scoped(response)
    assert response.content.decode().count(VISIBLE) >= 2  # both panels


# A page's usage and history


def test_usage_of_a_page_hides_another_clinics_pages_that_use_it(tal_editor, pages):
    link = f'<p><a linktype="page" id="{pages["visible"].pk}">Tal</a></p>'
    pages["secret"].body = [("paragraph", link)]
    pages["secret"].save()

    response = tal_editor.get(
        reverse("wagtailadmin_pages:usage", args=[pages["visible"].pk])
    )

    assert_scoped(response)
    assert "Private" in response.content.decode()


def test_history_of_another_clinics_page_is_refused(tal_editor, pages):
    url_name = "wagtailadmin_pages:history"
    foreign = tal_editor.get(reverse(url_name, args=[pages["secret"].pk]))

    assert_refused(foreign)
    assert (
        tal_editor.get(reverse(url_name, args=[pages["visible"].pk])).status_code == 200
    )


# Bulk actions


def test_bulk_action_leaves_out_another_clinics_pages(tal_editor, pages):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])

    foreign = tal_editor.get(url, {"id": [pages["secret"].pk]})
    mixed = tal_editor.get(url, {"id": [pages["visible"].pk, pages["secret"].pk]})

    assert foreign.status_code == 404
    assert SECRET not in foreign.content.decode()
    assert_scoped(mixed)


# Spanish trees


@pytest.fixture
def spanish(truhealing, tal, pages):
    """Both clinics in Spanish, with a Spanish page each."""
    locale = Locale.objects.create(language_code="es")
    trees = {}
    for name, clinic in (("truhealing", truhealing), ("tal", tal)):
        trees[name] = clinic.home.copy_for_translation(locale)
    for name, title in (("secret", "Página secreta"), ("visible", "Página de Tal")):
        page = pages[name].copy_for_translation(locale)
        page.title = page.draft_title = title
        page.save()
    return trees


@pytest.fixture
def bilingual_tal_editor(client, django_user_model, tal, spanish):
    """Permissions on Tal's home and its translation, as add_clinic grants them:
    the editor's explorable root is then the tree root."""
    editor = make_editor(django_user_model, "tal-bilingual", [tal.home, spanish["tal"]])
    client.force_login(editor)
    return client


def test_chooser_offers_the_editors_spanish_pages(bilingual_tal_editor, spanish):
    url = reverse("wagtailadmin_choose_page_child", args=[spanish["tal"].pk])

    assert_scoped(
        bilingual_tal_editor.get(url), hidden="Página secreta", shown="Página de Tal"
    )


def test_chooser_refuses_another_clinics_spanish_page(bilingual_tal_editor, spanish):
    url = reverse("wagtailadmin_choose_page_child", args=[spanish["truhealing"].pk])

    assert bilingual_tal_editor.get(url).status_code == 404


def test_chooser_search_finds_the_editors_spanish_pages(bilingual_tal_editor, spanish):
    response = bilingual_tal_editor.get(
        reverse("wagtailadmin_choose_page_search"), {"q": "Página"}
    )

    assert_scoped(response, hidden="Página secreta", shown="Página de Tal")


def test_explorer_from_the_tree_root_stays_in_the_editors_clinic(
    bilingual_tal_editor, truhealing, tal, spanish
):
    root = bilingual_tal_editor.get(reverse("wagtailadmin_explore_root"))
    foreign = bilingual_tal_editor.get(
        reverse("wagtailadmin_explore", args=[truhealing.home.pk])
    )

    assert_scoped(root, hidden=truhealing.home.title, shown=tal.home.title)
    assert_refused(foreign)


def test_dashboard_counts_only_the_editors_pages(bilingual_tal_editor, spanish):
    html = bilingual_tal_editor.get(reverse("wagtailadmin_home")).content.decode()

    # Tal's home and page, in English and in Spanish.
    assert "4 Pages" in html


def test_admin_user_without_a_clinic_chooses_nothing(
    client, django_user_model, truhealing, pages
):
    nobody = make_editor(django_user_model, "nobody", [])
    client.force_login(nobody)

    browse = client.get(reverse("wagtailadmin_choose_page"))
    search = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "page"})

    assert browse.status_code == search.status_code == 200
    assert truhealing.home.title not in html_of(browse)
    assert SECRET not in html_of(search)


def test_clinic_manager_chooses_among_their_clinics_pages(
    client, django_user_model, truhealing, tal, pages
):
    """Managers hold no page permission, only site permissions (their clinic's
    settings), whose contact and privacy pages they choose."""
    manager = make_editor(django_user_model, "tal-manager", [])
    GroupSitePermission.objects.create(
        group=manager.groups.get(),
        site=tal.site,
        permission=Permission.objects.get(codename="change_clinicsettings"),
    )
    client.force_login(manager)

    root = client.get(reverse("wagtailadmin_choose_page"))
    home = client.get(reverse("wagtailadmin_choose_page_child", args=[tal.home.pk]))
    foreign = client.get(
        reverse("wagtailadmin_choose_page_child", args=[truhealing.home.pk])
    )

    assert_scoped(root, hidden=truhealing.home.title, shown=tal.home.title)
    assert_scoped(home)
    assert foreign.status_code == 404


def test_page_types_report_offers_only_the_editors_sites(
    client, django_user_model, truhealing, tal
):
    third = make_clinic(
        hostname="third.localhost",
        name="Third Clinic Dayton",
        phone="+19375550100",
        is_default_site=False,
        disclaimer="Third disclaimer.",
    )
    editor = make_editor(django_user_model, "two-clinics", [tal.home, third.home])
    client.force_login(editor)

    html = client.get(reverse(PAGE_TYPES_REPORT)).content.decode()

    assert tal.site.site_name in html
    assert third.site.site_name in html
    assert truhealing.site.site_name not in html


def test_sidebar_explorer_lists_only_the_editors_trees(
    bilingual_tal_editor, truhealing, tal, spanish
):
    response = bilingual_tal_editor.get(
        reverse("wagtailadmin_api:pages:listing"),
        {"child_of": "root", "for_explorer": "1"},
    )

    ids = {page["id"] for page in response.json()["items"]}
    assert ids == {tal.home.pk, spanish["tal"].pk}


# Wagtail's own paths, shadowed as cms/urls.py can do (home.page_scoping)

urlpatterns = [path("admin/", include(wagtail_path_overrides())), *cms_urlpatterns]


def test_wagtails_own_paths_are_scoped(tal_editor, pages):
    """Wagtail's report at its own path, which the menu no longer links to."""
    pages["secret"].save_revision()

    assert_scoped(tal_editor.get("/admin/reports/page-types-usage/"))


@pytest.mark.urls(__name__)
def test_overrides_shadow_wagtails_own_paths(tal_editor, truhealing, pages):
    pages["secret"].save_revision()

    report = tal_editor.get("/admin/reports/page-types-usage/")
    described = tal_editor.get(
        "/admin/choose-page/chosen-multiple/", {"id": [pages["secret"].pk]}
    )
    browsed = tal_editor.get("/admin/choose-page/", {"page_type": "home.standardpage"})

    assert_scoped(report)
    assert described.status_code == 404
    assert_scoped(browsed, hidden=truhealing.home.title, shown=VISIBLE)


@pytest.mark.urls(__name__)
def test_overrides_keep_wagtails_admin_access_check(client, pages):
    response = client.get("/admin/choose-page/chosen-multiple/", {"id": [1]})

    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))
