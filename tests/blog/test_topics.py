"""Blog topics are the clinic's own translatable snippets: a Spanish post shows
them in Spanish, links to the Spanish blog filtered by the Spanish slug, falls
back to the English name of a topic not yet translated, and no post may have
another clinic's topic."""

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import GroupPagePermission, GroupSitePermission, Locale
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

import pytest

from blog.factories import BlogPostPageFactory, TopicFactory
from blog.models import BlogPostPage, Topic
from home.teams import site_permissions
from tests.blog.helpers import html_of, structured_data
from tests.blog.test_index import titles


@pytest.fixture
def spanish(db):
    locale, _ = Locale.objects.get_or_create(language_code="es")
    return locale


def translate_topic(topic, locale, name, slug):
    """As a translator does in wagtail-localize: each segment of the topic gets
    its translation, then the translation is saved (no fallback: the name and
    the slug are all there is to translate; the site is synchronised)."""
    source, _ = TranslationSource.get_or_create_from_instance(topic)
    texts = {"name": name, "slug": slug}
    segments = StringSegment.objects.filter(source=source).select_related(
        "string", "context"
    )
    assert sorted(segment.context.path for segment in segments) == ["name", "slug"]
    for segment in segments:
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            data=texts[segment.context.path],
        )
    translation, _created = source.create_or_update_translation(locale)
    return translation


def translate_post(post, locale):
    source, _ = TranslationSource.get_or_create_from_instance(post)
    translation, _created = source.create_or_update_translation(
        locale, publish=True, fallback=True, copy_parent_pages=True
    )
    return translation


@pytest.fixture
def topics(truhealing):
    return {
        "returning": TopicFactory(site=truhealing.site, name="Returning to treatment"),
        "family": TopicFactory(site=truhealing.site, name="Family"),
        "iop": TopicFactory(site=truhealing.site, name="IOP"),
    }


@pytest.fixture
def spanish_blog(truhealing, truhealing_blog, spanish, topics):
    """Two posts translated into Spanish, and one of their topics."""
    returning_es = translate_topic(
        topics["returning"], spanish, "Regreso al tratamiento", "regreso"
    )
    come_back = BlogPostPageFactory(
        parent=truhealing_blog,
        title="Coming back",
        slug="come-back",
        topics=[topics["returning"], topics["family"]],
    )
    family = BlogPostPageFactory(
        parent=truhealing_blog,
        title="Family post",
        slug="family-post",
        topics=[topics["family"]],
    )
    iop = BlogPostPageFactory(
        parent=truhealing_blog,
        title="IOP post",
        slug="iop-post",
        topics=[topics["iop"]],
    )
    come_back_es = translate_post(come_back, spanish)
    come_back_es.title = "Volver"
    come_back_es.save_revision().publish()
    family_es = translate_post(family, spanish)
    family_es.title = "Familia"
    family_es.save_revision().publish()
    return {
        "returning_es": returning_es,
        "come_back_es": BlogPostPage.objects.get(pk=come_back_es.pk),
        "family_es": BlogPostPage.objects.get(pk=family_es.pk),
        "iop": iop,
    }


def test_a_topic_translates_with_its_slug_and_stays_with_its_clinic(
    truhealing, spanish, topics, spanish_blog
):
    spanish_topic = spanish_blog["returning_es"]

    assert spanish_topic.locale == spanish
    assert spanish_topic.translation_key == topics["returning"].translation_key
    assert spanish_topic.site_id == truhealing.site.pk
    assert (spanish_topic.name, spanish_topic.slug) == (
        "Regreso al tratamiento",
        "regreso",
    )
    assert str(spanish_topic) == "Regreso al tratamiento"


def test_a_translated_post_keeps_the_same_topics(topics, spanish_blog):
    post = spanish_blog["come_back_es"]

    assert set(post.topics.all()) == {topics["returning"], topics["family"]}


def test_spanish_post_shows_its_topics_in_spanish(client, truhealing, spanish_blog):
    html = html_of(client, truhealing, "/es/blog/come-back/")

    tags = html.split('<ul class="tags"')[1].split("</ul>")[0]
    assert '<a href="/es/blog/?tag=regreso">Regreso al tratamiento</a>' in tags
    # Not translated yet: the English topic, whose slug the Spanish blog takes.
    assert '<a href="/es/blog/?tag=family">Family</a>' in tags
    assert "Returning to treatment" not in html
    assert structured_data(html)["BlogPosting"]["keywords"] == [
        "Family",
        "Regreso al tratamiento",
    ]


def test_english_post_still_shows_its_topics_in_english(
    client, truhealing, spanish_blog
):
    html = html_of(client, truhealing, "/blog/come-back/")

    tags = html.split('<ul class="tags"')[1].split("</ul>")[0]
    assert '<a href="/blog/?tag=returning-to-treatment">Returning to treatment' in tags
    assert '<a href="/blog/?tag=family">Family</a>' in tags
    assert "Regreso al tratamiento" not in html


def test_spanish_slug_filters_the_spanish_blog(client, truhealing, spanish_blog):
    html = html_of(client, truhealing, "/es/blog/?tag=regreso")

    assert titles(html) == ["Volver"]
    assert (
        '<a href="/es/blog/?tag=regreso" aria-current="page">Regreso al tratamiento</a>'
        in html
    )
    assert '<a href="/es/blog/?tag=family">Family</a>' in html


def test_untranslated_topic_filters_the_spanish_blog(client, truhealing, spanish_blog):
    html = html_of(client, truhealing, "/es/blog/?tag=family")

    assert titles(html) == ["Familia", "Volver"]
    assert '<a href="/es/blog/?tag=family" aria-current="page">Family</a>' in html


def test_english_slug_still_filters_the_spanish_blog(client, truhealing, spanish_blog):
    """A link shared in English, opened in Spanish, lists the same topic."""
    html = html_of(client, truhealing, "/es/blog/?tag=returning-to-treatment")

    assert titles(html) == ["Volver"]
    assert (
        '<a href="/es/blog/?tag=regreso" aria-current="page">Regreso al tratamiento</a>'
        in html
    )


def test_english_blog_filters_by_the_english_slug(client, truhealing, spanish_blog):
    assert titles(html_of(client, truhealing, "/blog/?tag=returning-to-treatment")) == [
        "Coming back"
    ]
    assert titles(html_of(client, truhealing, "/blog/?tag=regreso")) == ["Coming back"]
    assert titles(html_of(client, truhealing, "/blog/?tag=nothing")) == []


def test_spanish_related_posts_share_a_topic(client, truhealing, spanish_blog):
    html = html_of(client, truhealing, "/es/blog/family-post/")

    related = html.split('<section class="related"')[1]
    assert "Volver" in related
    assert "Coming back" not in related
    assert "IOP post" not in related


def test_another_clinics_topic_slug_filters_nothing(
    client, truhealing, tal, truhealing_blog, topics
):
    BlogPostPageFactory(parent=truhealing_blog, title="Ours", topics=[topics["iop"]])
    TopicFactory(site=tal.site, name="Tal only")

    assert titles(html_of(client, truhealing, "/blog/?tag=tal-only")) == []
    assert titles(html_of(client, truhealing, "/blog/?tag=iop")) == ["Ours"]


def test_slug_is_unique_per_clinic_and_language(truhealing, tal, spanish):
    from django.core.exceptions import ValidationError

    TopicFactory(site=truhealing.site, name="IOP")
    TopicFactory(site=tal.site, name="IOP")
    TopicFactory(site=truhealing.site, name="IOP", locale=spanish)

    with pytest.raises(ValidationError, match="a topic with this slug"):
        Topic(
            site=truhealing.site, locale=Locale.get_default(), name="iop"
        ).full_clean()


# The page form


def post_data(topic_ids):
    return nested_form_data(
        {
            "title": "Topics",
            "slug": "topics-post",
            "intro": "A post.",
            "date_published": "2026-05-01",
            "body": streamfield([("paragraph", rich_text("<p>Hello</p>"))]),
            "action-publish": "publish",
        }
    ) | {"topics": topic_ids}


def test_the_page_form_refuses_another_clinics_topic(
    admin_client, truhealing, tal, tal_blog
):
    foreign = TopicFactory(site=truhealing.site, name="TruHealing topic")
    own = TopicFactory(site=tal.site, name="Tal topic")
    url = reverse("wagtailadmin_pages:add", args=["blog", "blogpostpage", tal_blog.pk])

    response = admin_client.post(url, post_data([own.pk, foreign.pk]))

    assert response.status_code == 200
    assert "This topic belongs to another clinic." in response.content.decode()
    assert not BlogPostPage.objects.filter(slug="topics-post").exists()

    response = admin_client.post(url, post_data([own.pk]))

    assert response.status_code == 302
    assert list(BlogPostPage.objects.get(slug="topics-post").topics.all()) == [own]


def test_the_page_form_offers_the_clinics_topics_in_the_pages_language(
    admin_client, truhealing, tal, tal_blog, spanish
):
    TopicFactory(site=truhealing.site, name="TruHealing topic")
    own = TopicFactory(site=tal.site, name="Tal topic")
    TopicFactory(site=tal.site, name="Tema de Tal", locale=spanish)
    url = reverse("wagtailadmin_pages:add", args=["blog", "blogpostpage", tal_blog.pk])

    html = admin_client.get(url).content.decode()

    assert f'value="{own.pk}"' in html
    assert "Tal topic" in html
    assert "TruHealing topic" not in html
    assert "Tema de Tal" not in html


# The snippet


@pytest.fixture
def tal_topic_editor(client, django_user_model, tal):
    """An editor with Tal's team's topic permissions, on Tal's site only."""
    group = Group.objects.create(name="Tal topic editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for name in site_permissions("editors"):
        app_label, codename = name.split(".")
        if app_label == "blog" and codename.endswith("_topic"):
            GroupSitePermission.objects.create(
                group=group,
                site=tal.site,
                permission=Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                ),
            )
    GroupPagePermission.objects.create(
        group=group,
        page=tal.home,
        permission=Permission.objects.get(codename="change_page"),
    )
    user = django_user_model.objects.create_user(username="tal-topics", password="pw")
    user.groups.add(group)
    client.force_login(user)
    return client


def test_clinic_teams_manage_their_topics():
    assert {"blog.add_topic", "blog.change_topic"} <= set(site_permissions("editors"))
    assert {"blog.add_topic", "blog.change_topic", "blog.delete_topic"} <= set(
        site_permissions("moderators")
    )


def test_editors_list_and_open_only_their_clinics_topics(
    tal_topic_editor, truhealing, tal
):
    foreign = TopicFactory(site=truhealing.site, name="TruHealing topic")
    own = TopicFactory(site=tal.site, name="Tal topic")

    listing = tal_topic_editor.get(reverse("wagtailsnippets_blog_topic:list"))
    own_edit = tal_topic_editor.get(
        reverse("wagtailsnippets_blog_topic:edit", args=[own.pk])
    )
    foreign_edit = tal_topic_editor.get(
        reverse("wagtailsnippets_blog_topic:edit", args=[foreign.pk])
    )

    assert listing.status_code == 200
    assert "Tal topic" in listing.content.decode()
    assert "TruHealing topic" not in listing.content.decode()
    assert own_edit.status_code == 200
    assert foreign_edit.status_code == 302  # PermissionDenied: to the dashboard


def test_editor_adds_a_topic_to_their_clinic_only(tal_topic_editor, truhealing, tal):
    url = reverse("wagtailsnippets_blog_topic:add")
    html = tal_topic_editor.get(url).content.decode()

    assert f'<option value="{tal.site.pk}">' in html
    assert f'<option value="{truhealing.site.pk}">' not in html

    response = tal_topic_editor.post(
        url, {"site": tal.site.pk, "name": "Family support", "slug": ""}
    )

    assert response.status_code == 302
    topic = Topic.objects.get(name="Family support")
    assert (topic.site, topic.slug) == (tal.site, "family-support")
