"""Cached clinic data changes on the next request after an edit."""

from home.factories import StandardPageFactory


def get_html(client, clinic, path="/"):
    return client.get(path, HTTP_HOST=clinic.host).content.decode()


def test_settings_edit_shows_on_the_next_request(client, truhealing, tal):
    assert "(888) 643-9118" in get_html(client, truhealing)

    truhealing.settings.phone_display = "888.643.9118"
    truhealing.settings.save()

    assert "888.643.9118" in get_html(client, truhealing)
    assert "888.643.9118" not in get_html(client, tal)


def test_notice_edit_shows_on_the_next_request(client, tal):
    assert "Tal disclaimer" in get_html(client, tal)

    tal.settings.disclaimer.body = "<p>Revised disclaimer.</p>"
    tal.settings.disclaimer.save()

    assert "Revised disclaimer." in get_html(client, tal)


def test_menu_follows_publishing(client, tal):
    page = StandardPageFactory(parent=tal.home, title="Programs", show_in_menus=True)
    page.save_revision().publish()
    assert ">Programs</a>" in get_html(client, tal)

    page.unpublish()
    assert ">Programs</a>" not in get_html(client, tal)

    page.save_revision().publish()
    page.title = "Our programs"
    page.save_revision().publish()
    assert ">Our programs</a>" in get_html(client, tal)
