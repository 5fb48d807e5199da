"""Cached clinic data changes on the next request after an edit."""

from django.core.cache import cache

import pytest

from home.cache import cached, generation, new_generation, request_scope
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


@pytest.mark.django_db
def test_a_request_reads_the_generations_once_and_forgets_on_a_change():
    """Inside a request (home.cache.request_scope) what was read is kept, until
    the request itself starts a new generation."""
    builds = []

    def build():
        builds.append(1)
        return len(builds)

    reads = []
    get_many = cache.get_many
    cache.get_many = lambda keys, **kwargs: reads.append(keys) or get_many(keys)
    try:
        with request_scope():
            assert cached("answer", build, site_id=1) == 1
            assert cached("answer", build, site_id=1) == 1
            assert cached("other", lambda: "x", site_id=1) == "x"
            assert len(reads) == 1  # the generations, once
            new_generation(1)
            assert cached("answer", build, site_id=1) == 2  # a new generation
        assert cached("answer", build, site_id=1) == 2  # kept, as for a request
    finally:
        cache.get_many = get_many
    assert builds == [1, 1]


@pytest.mark.django_db
def test_each_process_keeps_what_it_read_under_a_generation():
    """Values under a generation's key never change: when the shared cache
    (Redis in production) evicts one, this process still has its copy; a new
    generation means new keys, built afresh."""
    assert cached("kept", lambda: "first", site_id=1) == "first"
    cache.delete(f"content:{generation(1)}:kept")

    assert cached("kept", lambda: "built again", site_id=1) == "first"
    new_generation(1)
    assert cached("kept", lambda: "new", site_id=1) == "new"
