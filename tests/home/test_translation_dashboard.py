"""An editor's dashboard lists their clinic's pages that have no Spanish version,
and those whose Spanish version is behind the English page (published since
wagtail-localize last synced it), with two clinics made by add_clinic. Pages
translated and current are not listed, nor anything of the other clinic."""

from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail_localize.models import Translation, TranslationSource

import pytest
from bs4 import BeautifulSoup

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from home.dashboard import TRANSLATION_ROWS, translation_rows
from home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

PANEL = "translations-to-do"


@pytest.fixture
def people(django_user_model, teams, team_member):
    member = team_member
    return {
        "tal editor": member("tal-editor", teams["tal"].editors),
        "tal manager": member("tal-manager", teams["tal"].managers),
        "truhealing editor": member("truhealing-editor", teams["truhealing"].editors),
        "superuser": django_user_model.objects.create_superuser("root"),
    }


@pytest.fixture
def translate(spanish, django_capture_on_commit_callbacks):
    """Translate and publish a page with wagtail-localize, as a translator who
    may publish does (the publication runs when the transaction commits)."""

    def translate(page):
        source, _created = TranslationSource.get_or_create_from_instance(page)
        translation = Translation.objects.create(source=source, target_locale=spanish)
        with django_capture_on_commit_callbacks(execute=True):
            translation.save_target(publish=True)
        return translation

    return translate


def republish(page):
    """Publish the English page again, as a moderator approving a change."""
    page.specific.save_revision().publish()


def clinic_pages(clinic, prefix, translate):
    """The clinic's home page and blog translated; a post translated and current,
    a post translated then changed, a post never translated and a draft."""
    blog = BlogIndexPageFactory(parent=clinic.home)
    translate(clinic.home)
    translate(blog)
    translate(BlogPostPageFactory(parent=blog, title=f"{prefix} current post"))
    outdated = BlogPostPageFactory(parent=blog, title=f"{prefix} outdated post")
    translate(outdated)
    republish(outdated)
    BlogPostPageFactory(parent=blog, title=f"{prefix} untranslated post")
    StandardPageFactory(parent=clinic.home, title=f"{prefix} draft", live=False)
    return blog


@pytest.fixture
def content(teams, tal, truhealing, translate):
    return {
        "tal": clinic_pages(tal, "TAL", translate),
        "truhealing": clinic_pages(truhealing, "TRUHEALING", translate),
    }


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def panel(page):
    return page.find(id=f"{PANEL}-section")


def rows(page):
    section = panel(page)
    if section is None:
        return {}
    return {
        row.find("td", class_="title").get_text(strip=True): row
        for row in section.select("tr[data-translation-row]")
    }


def test_an_editor_sees_their_clinics_untranslated_and_outdated_pages(
    client, people, content
):
    listed = rows(dashboard(client, people["tal editor"]))

    assert set(listed) == {"TAL untranslated post", "TAL outdated post"}
    untranslated = listed["TAL untranslated post"]
    assert untranslated["data-translation-row"] == "missing"
    assert "No Spanish version" in untranslated.get_text()
    assert "Tal Behavioral Health Cleveland" in untranslated.get_text()
    outdated = listed["TAL outdated post"]
    assert outdated["data-translation-row"] == "outdated"
    assert "Spanish version out of date" in outdated.get_text()


def test_nothing_of_the_other_clinic(client, people, content):
    page = dashboard(client, people["tal editor"])

    assert panel(page) is not None
    assert "TRUHEALING" not in page.get_text()
    assert set(rows(dashboard(client, people["truhealing editor"]))) == {
        "TRUHEALING untranslated post",
        "TRUHEALING outdated post",
    }


def test_a_superuser_sees_every_clinic(client, people, content):
    listed = rows(dashboard(client, people["superuser"]))

    assert set(listed) == {
        "TAL untranslated post",
        "TAL outdated post",
        "TRUHEALING untranslated post",
        "TRUHEALING outdated post",
    }


def test_rows_link_to_the_page_and_to_where_to_translate_it(
    client, people, content, teams
):
    """The title opens the English page; for those allowed to use them, a
    button opens wagtail-localize's "Translate" or "Sync" for it."""
    may_translate = Permission.objects.get(
        content_type__app_label="wagtail_localize", codename="submit_translation"
    )
    # add_clinic gives editors the permission; without it, no button.
    teams["tal"].editors.permissions.remove(may_translate)
    editor = type(people["tal editor"]).objects.get(pk=people["tal editor"].pk)
    plain = rows(dashboard(client, editor))
    assert (
        plain["TAL untranslated post"].find(
            "a", attrs={"data-translation-action": True}
        )
        is None
    )

    teams["tal"].editors.permissions.add(may_translate)
    editor = type(editor).objects.get(pk=editor.pk)  # permissions afresh
    listed = rows(dashboard(client, editor))

    untranslated = listed["TAL untranslated post"]
    post = content["tal"].get_children().get(title="TAL untranslated post")
    title_link = untranslated.find("td", class_="title").find("a")
    assert title_link["href"] == reverse("wagtailadmin_pages:edit", args=[post.pk])
    translate = untranslated.find("a", attrs={"data-translation-action": True})
    assert translate["href"].startswith(
        reverse("wagtail_localize:submit_page_translation", args=[post.pk]) + "?"
    )
    assert "select_locale=es" in translate["href"]
    assert client.get(translate["href"]).status_code == 200

    outdated = content["tal"].get_children().get(title="TAL outdated post")
    source = TranslationSource.objects.get(object_id=outdated.translation_key)
    sync = listed["TAL outdated post"].find(
        "a", attrs={"data-translation-action": True}
    )
    assert sync["href"].startswith(
        reverse("wagtail_localize:update_translations", args=[source.pk]) + "?"
    )
    assert client.get(sync["href"]).status_code == 200

    # Syncing (without publishing) brings the source up to date: the row goes.
    assert client.post(sync["href"]).status_code == 302
    assert set(rows(dashboard(client, editor))) == {"TAL untranslated post"}


def test_no_panel_when_everything_is_translated(client, people, tal, teams, translate):
    blog = BlogIndexPageFactory(parent=tal.home)
    for page in (tal.home, blog, BlogPostPageFactory(parent=blog)):
        translate(page)

    assert panel(dashboard(client, people["tal editor"])) is None


def test_no_panel_without_a_second_language(client, people, tal, teams):
    BlogPostPageFactory(parent=BlogIndexPageFactory(parent=tal.home))

    assert panel(dashboard(client, people["tal editor"])) is None


def test_no_panel_for_those_who_edit_no_pages(client, people, content):
    assert panel(dashboard(client, people["tal manager"])) is None


def test_the_number_of_queries_does_not_grow_with_the_pages(people, content):
    editor = people["tal editor"]

    def queries():
        with CaptureQueriesContext(connection) as captured:
            listed, _more = translation_rows(editor)
        return len(captured), len(listed)

    queries()  # the user's permissions and the sites' root paths, cached
    before, listed_before = queries()
    for n in range(5):
        BlogPostPageFactory(parent=content["tal"], title=f"TAL another post {n}")
    after, listed_after = queries()

    assert listed_after == listed_before + 5
    assert after == before


def test_a_long_list_is_cut(people, content):
    for n in range(TRANSLATION_ROWS + 1):
        BlogPostPageFactory(parent=content["tal"], title=f"TAL another post {n}")

    listed, more = translation_rows(people["tal editor"])

    assert len(listed) == TRANSLATION_ROWS
    assert more is True
