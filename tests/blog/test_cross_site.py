"""A testimonial or FAQ set of one clinic can be neither listed, chosen, saved in a
page nor rendered on the other clinic's site."""

from django.contrib.auth import get_user
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import GroupPagePermission, GroupSitePermission
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

import pytest
from wagtail_factories import ImageFactory

from blog import models as blog_models
from blog.factories import BlogPostPageFactory, FAQSetFactory, TestimonialFactory
from blog.models import BlogPostPage
from home.teams import add_clinic
from tests.blog.helpers import html_of


@pytest.fixture
def tal_editor(client, django_user_model, tal, tal_blog):
    group = Group.objects.create(name="Tal editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    # Snippet permissions on Tal's site only, as add_clinic grants them.
    for permission in Permission.objects.filter(
        content_type__app_label__in=["blog", "home"],
        codename__in=[
            "add_testimonial",
            "change_testimonial",
            "publish_testimonial",
            "delete_testimonial",
            "add_faqset",
            "change_faqset",
            "add_notice",
            "change_notice",
            "add_topic",
            "change_topic",
        ],
    ):
        GroupSitePermission.objects.create(
            group=group, site=tal.site, permission=permission
        )
    for permission in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=tal.home,
            permission=Permission.objects.get(codename=permission),
        )
    user = django_user_model.objects.create_user(username="tal-editor", password="pw")
    user.groups.add(group)
    client.force_login(user)
    return client


@pytest.fixture
def testimonials(truhealing, tal):
    return {
        "truhealing": TestimonialFactory(
            site=truhealing.site, quote="TruHealing story"
        ),
        "tal": TestimonialFactory(site=tal.site, quote="Tal story"),
    }


def test_listing_shows_only_the_editors_clinic(tal_editor, testimonials):
    response = tal_editor.get(reverse("wagtailsnippets_blog_testimonial:list"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Tal story" in html
    assert "TruHealing story" not in html


def test_chooser_offers_only_the_editors_clinic(tal_editor, testimonials):
    response = tal_editor.get(reverse("wagtailsnippetchoosers_blog_testimonial:choose"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Tal story" in html
    assert "TruHealing story" not in html


def test_chooser_refuses_another_clinics_id(tal_editor, testimonials):
    url_name = "wagtailsnippetchoosers_blog_testimonial:chosen"
    own = tal_editor.get(reverse(url_name, args=[testimonials["tal"].pk]))
    foreign = tal_editor.get(reverse(url_name, args=[testimonials["truhealing"].pk]))

    assert own.status_code == 200
    assert foreign.status_code == 404


def test_editor_cannot_open_another_clinics_testimonial(tal_editor, testimonials):
    url_name = "wagtailsnippets_blog_testimonial:edit"
    foreign = tal_editor.get(reverse(url_name, args=[testimonials["truhealing"].pk]))

    # Wagtail's admin answers PermissionDenied with a redirect to the dashboard.
    assert foreign.status_code == 302
    assert foreign.url == "/admin/"
    assert (
        tal_editor.get(reverse(url_name, args=[testimonials["tal"].pk])).status_code
        == 200
    )


def test_new_testimonial_can_only_belong_to_the_editors_clinic(
    tal_editor, tal, truhealing
):
    response = tal_editor.get(reverse("wagtailsnippets_blog_testimonial:add"))

    html = response.content.decode()
    assert f'<option value="{tal.site.pk}">' in html
    assert f'<option value="{truhealing.site.pk}">' not in html


def post_form(title, body):
    return nested_form_data(
        {
            "title": title,
            "slug": "cross-site",
            "intro": "A post.",
            "date_published": "2026-05-01",
            "body": streamfield(body),
            "topics": [],
            "action-publish": "publish",
        }
    )


def test_saving_a_page_refuses_another_clinics_testimonial(
    admin_client, tal_blog, testimonials
):
    url = reverse("wagtailadmin_pages:add", args=["blog", "blogpostpage", tal_blog.pk])
    body = [
        ("paragraph", rich_text("<p>Hello</p>")),
        ("testimonial", testimonials["truhealing"].pk),
    ]

    response = admin_client.post(url, post_form("Cross-site", body))

    assert response.status_code == 200
    assert "This testimonial belongs to another clinic." in response.content.decode()
    assert not BlogPostPage.objects.filter(slug="cross-site").exists()

    body[1] = ("testimonial", testimonials["tal"].pk)
    response = admin_client.post(url, post_form("Own clinic", body))
    assert response.status_code == 302
    assert BlogPostPage.objects.get(slug="cross-site").live is True


def test_saving_a_page_refuses_another_clinics_faq_set(
    admin_client, truhealing, tal_blog
):
    foreign_set = FAQSetFactory(site=truhealing.site)
    url = reverse("wagtailadmin_pages:add", args=["blog", "blogpostpage", tal_blog.pk])
    faq = {"heading": "FAQ", "faq_set": foreign_set.pk, "items": streamfield([])}

    response = admin_client.post(url, post_form("FAQ", [("faq", faq)]))

    assert response.status_code == 200
    assert "This FAQ set belongs to another clinic." in response.content.decode()
    assert not BlogPostPage.objects.filter(slug="cross-site").exists()


def test_front_end_never_renders_another_clinics_snippets(
    client, truhealing, tal, tal_blog, testimonials
):
    foreign_set = FAQSetFactory(site=truhealing.site)
    BlogPostPageFactory(
        parent=tal_blog,
        slug="forged",
        body=[
            {"type": "testimonial", "value": testimonials["truhealing"].pk},
            {"type": "testimonial", "value": testimonials["tal"].pk},
            {
                "type": "faq",
                "value": {"heading": "FAQ", "faq_set": foreign_set.pk, "items": []},
            },
        ],
    )

    html = html_of(client, tal, "/blog/forged/")

    assert "Tal story" in html
    assert "TruHealing story" not in html
    assert "Will I have to start over?" not in html
    assert '"@type": "FAQPage"' not in html


def test_unpublished_testimonial_is_not_rendered(client, tal, tal_blog, testimonials):
    testimonials["tal"].live = False
    testimonials["tal"].save()
    BlogPostPageFactory(
        parent=tal_blog,
        slug="draft-snippet",
        body=[{"type": "testimonial", "value": testimonials["tal"].pk}],
    )

    assert "Tal story" not in html_of(client, tal, "/blog/draft-snippet/")


def test_testimonial_has_drafts_revisions_and_a_preview(
    admin_client, tal, testimonials
):
    testimonial = testimonials["tal"]
    edit_url = reverse("wagtailsnippets_blog_testimonial:edit", args=[testimonial.pk])
    preview_url = reverse(
        "wagtailsnippets_blog_testimonial:preview_on_edit", args=[testimonial.pk]
    )
    html = admin_client.get(edit_url).content.decode()
    data = querydict_from_html(html, form_id="w-editor-form")
    data["quote"] = "A revised story, still a draft."
    data["is_composite"] = "on"  # a ticked box without a value attribute posts "on"

    assert admin_client.post(preview_url, data).json()["is_valid"] is True
    preview = admin_client.get(preview_url).content.decode()
    assert "A revised story, still a draft." in preview
    assert "Tal Behavioral Health Cleveland" in preview

    assert admin_client.post(edit_url, data).status_code == 302  # save draft
    testimonial.refresh_from_db()
    assert testimonial.quote == "Tal story"
    assert testimonial.has_unpublished_changes is True
    assert testimonial.latest_revision.content["quote"] == (
        "A revised story, still a draft."
    )


@pytest.mark.parametrize("view", ["delete", "history", "usage", "unpublish"])
def test_no_view_of_another_clinics_testimonial(tal_editor, testimonials, view):
    foreign = testimonials["truhealing"]
    url = reverse(f"wagtailsnippets_blog_testimonial:{view}", args=[foreign.pk])

    get = tal_editor.get(url)
    post = tal_editor.post(url)

    assert (get.status_code, get.url) == (302, "/admin/")
    assert (post.status_code, post.url) == (302, "/admin/")
    foreign.refresh_from_db()
    assert foreign.live is True


def test_editor_may_delete_their_own_clinics_testimonial(tal_editor, testimonials):
    own = testimonials["tal"]
    url = reverse("wagtailsnippets_blog_testimonial:delete", args=[own.pk])

    assert tal_editor.get(url).status_code == 200
    assert tal_editor.post(url).status_code == 302
    assert not blog_models.Testimonial.objects.filter(pk=own.pk).exists()


@pytest.mark.parametrize("ids", ["foreign", "all"])
def test_bulk_delete_spares_another_clinics_testimonials(tal_editor, testimonials, ids):
    foreign = testimonials["truhealing"]
    query = "id=all" if ids == "all" else f"id={foreign.pk}&id={testimonials['tal'].pk}"
    url = (
        reverse("wagtail_bulk_action", args=["blog", "testimonial", "delete"])
        + f"?{query}"
    )

    confirm = tal_editor.get(url)
    assert "TruHealing story" not in confirm.content.decode()
    assert "Tal story" in confirm.content.decode()

    tal_editor.post(url)

    assert blog_models.Testimonial.objects.filter(pk=foreign.pk).exists()
    own = testimonials["tal"]
    assert not blog_models.Testimonial.objects.filter(pk=own.pk).exists()


def test_testimonial_refuses_another_clinics_photo(tal_editor, tal, truhealing):
    truhealing_team, _created = add_clinic(
        hostname=truhealing.host, name=truhealing.site.site_name
    )
    tal_team, _created = add_clinic(hostname=tal.host, name=tal.site.site_name)
    get_user(tal_editor).groups.add(tal_team.editors)  # to choose Tal's images
    url = reverse("wagtailsnippets_blog_testimonial:add")
    data = querydict_from_html(
        tal_editor.get(url).content.decode(), form_id="w-editor-form"
    )
    data["quote"] = "It helped."
    data["attribution"] = "IOP client"
    data["is_composite"] = "on"
    data["site"] = tal.site.pk

    data["photo"] = ImageFactory(collection=truhealing_team.collection).pk
    refused = tal_editor.post(url, data)

    assert refused.status_code == 200
    assert refused.context["form"].errors["photo"] == [
        "This image belongs to another clinic."
    ]
    assert not blog_models.Testimonial.objects.exists()

    data["photo"] = ImageFactory(collection=tal_team.collection).pk
    saved = tal_editor.post(url, data)
    assert saved.status_code == 302, saved.context["form"].errors
    assert blog_models.Testimonial.objects.get().site == tal.site
