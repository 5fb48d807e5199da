"""The demo clinics are bilingual: `manage.py load_demo` translates each clinic
into Spanish through wagtail-localize, with the Spanish copy of
home/demo_translations/, and never shows English on a Spanish page."""

import io
import shutil
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.models import Locale, Page, Revision, Site
from wagtail_localize.models import Translation

import polib
import pytest

from blog import models as blog_models
from blog.models import BlogIndexPage, BlogPostPage, FAQSet
from home import demo_translations
from home.models import HomePage, Notice, StandardPage
from leads.models import ContactPage
from tests.demo_fixture import demo_loaded_once

pytestmark = pytest.mark.django_db

HOSTS = ["truhealing.localhost", "tal.localhost"]
PO_FILES = sorted(demo_translations.PO_ROOT.parent.rglob("*.po"))


def load_demo():
    call_command("load_demo", port=8000, stdout=io.StringIO())


def spanish():
    return Locale.objects.get(language_code="es")


def translated_by_wagtail_localize(english, translation):
    """A Translation of ``english`` into Spanish, whose target is
    ``translation``."""
    rows = Translation.objects.filter(
        source__object_id=english.translation_key,
        source__locale=english.locale,
        target_locale=spanish(),
    )
    return (
        rows.exists()
        and rows.get().get_target_instance().pk == translation.pk
        and translation.locale == spanish()
    )


def demo_pages(site):
    """The English pages that have a Spanish version, by kind."""
    home = site.root_page.specific
    blog = BlogIndexPage.objects.child_of(home).get()
    return {
        "home": [home],
        "about": [StandardPage.objects.child_of(home).get(slug="about")],
        "privacy": [StandardPage.objects.child_of(home).get(slug="privacy-policy")],
        "contact": [ContactPage.objects.child_of(home).get()],
        "blog": [blog],
        "posts": [
            post
            for post in BlogPostPage.objects.child_of(blog)
            if post.has_translation(spanish())
        ],
    }


def path_of(page):
    return page.get_url_parts()[2]


def snapshot():
    return {
        "translations": Translation.objects.count(),
        "pages": sorted(
            Page.objects.values_list(
                "id", "url_path", "title", "live", "latest_revision_id"
            )
        ),
        "revisions": Revision.objects.count(),
        "notices": sorted(Notice.objects.values_list("id", "site_id", "body")),
        "testimonials": sorted(
            blog_models.Testimonial.objects.values_list("id", "quote")
        ),
        "faq_sets": sorted(FAQSet.objects.values_list("id", "title")),
    }


@pytest.fixture(scope="class")
def bilingual_demo(django_db_setup, django_db_blocker):
    """The demo in both languages, loaded once for TestTheLoadedDemo: loading it
    takes several seconds, and each test's changes (a second load included) are
    rolled back after it (see tests/demo_fixture.py). Class-scoped rather than
    module-scoped so that its transaction ends with the class: the tests of the
    loader's refusals must run the loader on a database without the demo."""
    with demo_loaded_once(django_db_blocker, load_demo):
        yield


@pytest.fixture
def demo(bilingual_demo, db):
    """The demo's sites by host name, read afresh for each test."""
    return {site.hostname: site for site in Site.objects.all()}


class TestTheLoadedDemo:
    """The tests that start from the loaded demo, which they share (see
    ``bilingual_demo``). The loader's refusals, below, are tested on a database
    without it."""

    def test_each_clinic_has_live_spanish_pages_made_by_wagtail_localize(
        self, client, demo
    ):
        for hostname in HOSTS:
            pages = demo_pages(demo[hostname])
            assert len(pages["posts"]) >= 2, hostname

            for kind, english_pages in pages.items():
                for english in english_pages:
                    where = (hostname, kind, english.slug)
                    translation = english.get_translation(spanish()).specific
                    assert translated_by_wagtail_localize(english, translation), where
                    assert translation.live, where
                    assert translation.alias_of_id is None, where
                    path = path_of(translation)
                    assert path.startswith("/es/"), (where, path)
                    response = client.get(path, HTTP_HOST=f"{hostname}:8000")
                    assert response.status_code == 200, (where, path)
                    assert '<html lang="es">' in response.text, where
                    if kind not in ("home", "blog"):  # "Blog" is Spanish too
                        assert translation.title != english.title, where
                        assert translation.slug != english.slug, where  # e.g. contacto

    def test_spanish_pages_show_spanish_copy(self, client, demo):
        for hostname in HOSTS:
            home = demo[hostname].root_page.specific
            spanish_home = home.get_translation(spanish()).specific

            html = client.get("/es/", HTTP_HOST=hostname).text

            assert spanish_home.hero_heading != home.hero_heading
            assert spanish_home.seo_title != home.seo_title
            assert spanish_home.search_description != home.search_description
            assert spanish_home.hero_heading in html
            assert home.hero_heading not in html
            contact = ContactPage.objects.child_of(home).get()
            assert path_of(contact.get_translation(spanish())) == "/es/contacto/"

    def test_notices_testimonials_and_faq_sets_are_spanish_on_the_same_site(self, demo):
        for hostname in HOSTS:
            site = demo[hostname]
            english_notices = Notice.objects.filter(
                site=site, locale=Locale.get_default()
            )
            assert english_notices.count() >= 3  # disclaimer, crisis notice, footer
            for notice in english_notices:
                translation = notice.get_translation(spanish())
                assert translation.site_id == site.pk  # a translation keeps its site
                assert translation.body != notice.body
                assert translated_by_wagtail_localize(notice, translation)

            testimonials = faq_sets = 0
            for post in demo_pages(site)["posts"]:
                spanish_post = post.get_translation(spanish()).specific
                for block in spanish_post.body:
                    if block.block_type == "testimonial":
                        shown, testimonials = block.value, testimonials + 1
                    elif block.block_type == "faq" and block.value["faq_set"]:
                        shown, faq_sets = block.value["faq_set"], faq_sets + 1
                    else:
                        continue
                    assert shown.locale == spanish()
                    assert shown.site_id == site.pk
                    assert shown.live
                    english = shown.get_translation(Locale.get_default())
                    assert translated_by_wagtail_localize(english, shown)
            assert testimonials >= 2, hostname
            assert faq_sets >= 1, hostname

            english_topics = []
            if hasattr(blog_models, "Topic"):  # the blog's topics, where they exist
                english_topics = blog_models.Topic.objects.filter(
                    site=site, locale=Locale.get_default()
                )
            for topic in english_topics:
                translation = topic.get_translation(spanish())
                assert translation.site_id == site.pk
                assert translated_by_wagtail_localize(topic, translation)

    def test_a_second_run_creates_nothing_and_keeps_what_an_editor_changed(self, demo):
        before = snapshot()

        load_demo()

        assert snapshot() == before

        home = HomePage.objects.get(slug="tal-cleveland")
        spanish_home = home.get_translation(spanish()).specific
        spanish_home.hero_heading = "Editado por el equipo de Tal"
        spanish_home.save_revision().publish()
        notice = Notice.objects.get(
            site=demo["tal.localhost"],
            locale=spanish(),
            name__startswith="Aviso médico",
        )
        notice.body = "<p>Texto del equipo.</p>"
        notice.save()
        translations = Translation.objects.count()

        load_demo()

        spanish_home.refresh_from_db()
        notice.refresh_from_db()
        assert spanish_home.hero_heading == "Editado por el equipo de Tal"
        assert notice.body == "<p>Texto del equipo.</p>"
        assert Translation.objects.count() == translations

    def test_skeletons_are_written_for_new_objects_only(
        self, demo, tmp_path, monkeypatch
    ):
        monkeypatch.setattr(demo_translations, "PO_ROOT", tmp_path / "es")
        site = demo["truhealing.localhost"]
        translations = Translation.objects.count()

        written = demo_translations.write_skeletons(site)

        names = sorted(path.name for path in written)
        assert "page-about.po" in names
        assert (
            Path(tmp_path / "es" / "truhealing-cincinnati" / "page-about.po") in written
        )
        about = polib.pofile(
            str(tmp_path / "es" / "truhealing-cincinnati" / "page-about.po")
        )
        assert {entry.msgctxt for entry in about} >= {"title", "slug", "body.0"}
        assert all(entry.msgstr == "" for entry in about)
        assert Translation.objects.count() == translations
        assert demo_translations.write_skeletons(site) == []


# The Spanish copy


def test_every_po_file_is_translated_completely():
    assert len(PO_FILES) >= 30
    for path in PO_FILES:
        po = polib.pofile(str(path))
        assert len(po) > 0, path
        for entry in po:
            assert entry.msgstr.strip(), (path.name, entry.msgid)
            assert not entry.fuzzy, (path.name, entry.msgid)
            assert not entry.obsolete, (path.name, entry.msgid)


def test_po_files_name_no_translation_of_a_database():
    for path in PO_FILES:
        assert demo_translations.TRANSLATION_ID not in polib.pofile(str(path)).metadata


@pytest.fixture
def copy_of_the_po_files(tmp_path, monkeypatch):
    root = tmp_path / "es"
    shutil.copytree(demo_translations.PO_ROOT, root)
    monkeypatch.setattr(demo_translations, "PO_ROOT", root)
    return root


def test_a_segment_without_spanish_stops_the_loader(copy_of_the_po_files):
    path = copy_of_the_po_files / "truhealing-cincinnati" / "page-contact.po"
    po = polib.pofile(str(path))
    entry = next(entry for entry in po if entry.msgctxt == "form_intro")
    entry.msgstr = ""
    po.save(str(path))

    with pytest.raises(CommandError) as error:
        load_demo()

    message = str(error.value)
    assert "truhealing-cincinnati/page-contact.po" in message
    assert "Our Cincinnati admissions team reads every request." in message
    assert not Translation.objects.exists()  # nothing half done


def test_a_fuzzy_entry_counts_as_no_spanish(copy_of_the_po_files):
    path = copy_of_the_po_files / "truhealing-cincinnati" / "page-about.po"
    po = polib.pofile(str(path))
    entry = next(entry for entry in po if entry.msgctxt == "title")
    entry.flags.append("fuzzy")
    po.save(str(path))

    with pytest.raises(CommandError, match="About TruHealing Cincinnati"):
        load_demo()


def test_an_object_without_a_po_file_stops_the_loader(copy_of_the_po_files):
    (
        copy_of_the_po_files / "truhealing-cincinnati" / "faqset-returning-to-iop.po"
    ).unlink()

    with pytest.raises(CommandError, match="faqset-returning-to-iop.po"):
        load_demo()
