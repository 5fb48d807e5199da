"""Page types: every model has a factory, editors create pages through the admin,
and pages render their blocks."""

from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import wagtail_factories

from home import factories
from home.models import HomePage, StandardPage


def test_standard_page_renders_blocks_with_anchors_and_cta(client, truhealing):
    contact = factories.StandardPageFactory(
        parent=truhealing.home, title="Contact", slug="contact"
    )
    truhealing.settings.contact_page = contact
    truhealing.settings.save()
    image = wagtail_factories.ImageFactory(title="Group room")
    page = factories.StandardPageFactory(
        parent=truhealing.home,
        title="Our programs",
        slug="programs",
        body=[
            ("heading", {"text": "Evening IOP", "level": "h2"}),
            ("paragraph", "<p>Three evenings a week.</p>"),
            (
                "image",
                {
                    "image": {
                        "image": image,
                        "decorative": False,
                        "alt_text": "Chairs in a circle",
                    },
                    "caption": "Our group room",
                },
            ),
            (
                "cta",
                {
                    "heading": "Questions?",
                    "text": "",
                    "link_text": "",
                    "link_page": None,
                },
            ),
        ],
    )

    response = client.get("/programs/", HTTP_HOST=truhealing.host)

    assert response.status_code == 200
    assert response.templates[0].name == "home/standard_page.html"
    html = response.content.decode()
    assert '<h2 id="evening-iop">Evening IOP</h2>' in html
    assert "<p>Three evenings a week.</p>" in html
    assert 'alt="Chairs in a circle"' in html
    assert "<figcaption>Our group room</figcaption>" in html
    assert '<a class="button" href="tel:+18886439118">' in html
    assert 'href="/contact/">' in html
    assert "Send a return request" in html
    assert page.get_site() == truhealing.site


def test_editor_creates_and_publishes_a_standard_page_in_the_admin(admin_client, tal):
    url = reverse("wagtailadmin_pages:add", args=["home", "standardpage", tal.home.pk])
    data = nested_form_data(
        {
            "title": "Privacy policy",
            "slug": "privacy-policy",
            "intro": "How we handle what you send us.",
            "body": streamfield(
                [
                    ("heading", {"text": "What we keep", "level": "h2"}),
                    ("paragraph", rich_text("<p>Only what you give us.</p>")),
                ]
            ),
            "action-publish": "publish",
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302
    page = StandardPage.objects.get(slug="privacy-policy")
    assert page.live is True
    assert page.get_parent().specific == tal.home
    public = admin_client.get("/privacy-policy/", HTTP_HOST=tal.host)
    assert "<h1>Privacy policy</h1>" in public.content.decode()
    assert "Only what you give us." in public.content.decode()


def test_home_page_lives_only_at_the_root(tal):
    assert HomePage.can_create_at(Page.get_first_root_node()) is True
    assert HomePage.can_create_at(tal.home) is False
    assert StandardPage.can_create_at(tal.home) is True


def test_menu_lists_only_this_clinics_menu_pages(client, truhealing, tal):
    factories.StandardPageFactory(
        parent=tal.home, title="Tal programs", slug="programs", show_in_menus=True
    )
    factories.StandardPageFactory(
        parent=tal.home, title="Tal hidden", slug="hidden", show_in_menus=False
    )
    factories.StandardPageFactory(
        parent=truhealing.home, title="TruHealing team", slug="team", show_in_menus=True
    )

    tal_html = client.get("/programs/", HTTP_HOST=tal.host).content.decode()

    assert '<nav class="site-nav" aria-label="Main">' in tal_html
    assert '<a href="/programs/" aria-current="page">Tal programs</a>' in tal_html
    assert "Tal hidden" not in tal_html
    assert "TruHealing team" not in tal_html
