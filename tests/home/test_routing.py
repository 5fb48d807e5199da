"""Routing from the content cache (home/routing.py): the request's Site and its
root page, and the active locale, are cached, and each change that moves them
shows on the next request."""

import pytest

pytestmark = pytest.mark.usefixtures("page_cache_off")


def title_of(response):
    html = response.content.decode()
    return html.split("<title>", 1)[1].split("</title>", 1)[0]


def test_each_host_gets_its_own_sites_home_page(client, truhealing, tal):
    for _ in range(2):
        assert "TruHealing" in title_of(client.get("/", HTTP_HOST=truhealing.host))
        assert "Tal" in title_of(client.get("/", HTTP_HOST=tal.host))


def test_a_sites_new_hostname_takes_effect_on_the_next_request(client, truhealing, tal):
    old_host = tal.host
    assert "Tal" in title_of(client.get("/", HTTP_HOST=old_host))

    tal.site.hostname = "cleveland.localhost"
    tal.site.save()

    assert "Tal" in title_of(client.get("/", HTTP_HOST="cleveland.localhost"))
    # The old name is now unknown: the default site answers it.
    assert "TruHealing" in title_of(client.get("/", HTTP_HOST=old_host))


def test_a_published_home_page_shows_on_the_next_request(client, truhealing, tal):
    client.get("/", HTTP_HOST=truhealing.host)

    home = truhealing.home
    home.title = "Welcome back"
    home.seo_title = ""
    home.save_revision().publish()

    assert title_of(client.get("/", HTTP_HOST=truhealing.host)).startswith(
        "Welcome back"
    )
    assert "Tal" in title_of(client.get("/", HTTP_HOST=tal.host))


def test_the_spanish_home_page_is_the_translation(client, truhealing, spanish):
    spanish_home = truhealing.home.copy_for_translation(spanish)
    spanish_home.title = "Bienvenida"
    spanish_home.seo_title = ""
    spanish_home.save_revision().publish()

    for _ in range(2):
        assert title_of(client.get("/es/", HTTP_HOST=truhealing.host)).startswith(
            "Bienvenida"
        )
        assert "TruHealing" in title_of(client.get("/", HTTP_HOST=truhealing.host))
