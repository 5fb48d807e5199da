"""The full-page cache (home/page_cache.py): what it stores, for whom, and when a
change makes its site's pages render afresh."""

import datetime
import os
import shutil
import signal
import subprocess
import time

from django.core import checks
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from wagtail.models import Collection, PageViewRestriction
from wagtail.views import serve

import pytest
import wagtail_factories

from blog.factories import FAQSetFactory, TestimonialFactory, TopicFactory
from home.factories import NoticeFactory, StandardPageFactory
from home.page_cache import PageCacheMiddleware
from leads.models import Lead
from tests.leads.conftest import free_port, lead_forms  # noqa: F401 (a fixture)

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def get(client, clinic, path="/", **headers):
    return client.get(path, HTTP_HOST=clinic.host, **headers)


def cache_state(response):
    return response.headers.get("X-Page-Cache")


def warm(client, *pages):
    """Request each (clinic, path) twice: the second answer comes from the cache."""
    for clinic, address in pages:
        get(client, clinic, address)
        assert cache_state(get(client, clinic, address)) == "hit", address


# What is stored, and for whom


def test_a_page_is_stored_once_and_served_to_the_next_visitor(client, truhealing):
    first = get(client, truhealing)
    second = get(client, truhealing)

    assert first.status_code == second.status_code == 200
    assert cache_state(first) == "miss"
    assert cache_state(second) == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Cache-Control"] == first["Cache-Control"]
    assert "public" in first["Cache-Control"]
    assert "max-age=60" in first["Cache-Control"]
    assert "s-maxage=60" in first["Cache-Control"]


def test_two_sites_never_share_an_entry(client, truhealing, tal):
    warm(client, (truhealing, "/"), (tal, "/"))

    assert b"Welcome to TruHealing" in get(client, truhealing).content
    assert b"Welcome to Tal" in get(client, tal).content
    assert b"Welcome to Tal" not in get(client, truhealing).content


def test_two_languages_never_share_an_entry(client, truhealing, spanish):
    spanish_home = truhealing.home.copy_for_translation(spanish)
    spanish_home.hero_heading = "Bienvenida a TruHealing"
    spanish_home.save_revision().publish()

    warm(client, (truhealing, "/"), (truhealing, "/es/"))

    english, spanish_page = get(client, truhealing), get(client, truhealing, "/es/")
    assert b'lang="en"' in english.content
    assert b"Bienvenida a TruHealing" not in english.content
    assert b'lang="es"' in spanish_page.content
    assert b"Bienvenida a TruHealing" in spanish_page.content


def test_each_host_has_its_own_entries(client, truhealing):
    """A host that is not a site's own gets the default site's pages (Wagtail),
    in an entry of its own: its links would name that host."""
    warm(client, (truhealing, "/"))

    other = client.get("/", HTTP_HOST="other.localhost")

    assert other.status_code == 200
    assert cache_state(other) == "miss"


def test_the_browsers_language_does_not_split_the_cache(client, truhealing):
    """The language is in the address: Accept-Language neither varies the
    response nor keys the cache."""
    first = get(client, truhealing, HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")
    second = get(client, truhealing, HTTP_ACCEPT_LANGUAGE="en-US")

    assert "accept-language" not in first.get("Vary", "").lower()
    assert cache_state(second) == "hit"
    assert b'lang="en"' in second.content


def test_query_strings(client, truhealing):
    page = StandardPageFactory(parent=truhealing.home, slug="about")
    page.save_revision().publish()
    warm(client, (truhealing, "/about/"))

    tracked = get(client, truhealing, "/about/?utm_source=newsletter&gclid=abc")
    searched = get(client, truhealing, "/about/?q=relapse")
    paged = get(client, truhealing, "/about/?page=2")

    assert cache_state(tracked) == "hit"  # tracking parameters change nothing
    assert cache_state(searched) is None  # unknown parameters: rendered each time
    assert cache_state(get(client, truhealing, "/about/?q=relapse")) is None
    assert cache_state(paged) == "miss"  # a page number is a page of its own


def test_a_conditional_request_gets_304(client, truhealing):
    first = get(client, truhealing)

    again = get(client, truhealing, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_head_requests_are_answered_from_the_cache(client, truhealing):
    get(client, truhealing)

    head = client.head("/", HTTP_HOST=truhealing.host)

    assert head.status_code == 200
    assert cache_state(head) == "hit"
    assert head.content == b""


def test_logged_in_users_are_never_served_or_stored(admin_client, truhealing):
    anonymous = Client()
    get(anonymous, truhealing)  # stored

    editor = get(admin_client, truhealing)

    assert cache_state(editor) is None
    assert "private" in editor["Cache-Control"]
    assert b"wagtail-userbar" in editor.content
    admin_client.logout()
    anonymous.cookies.clear()
    # What the anonymous visitor gets is still the stored anonymous page.
    after = get(anonymous, truhealing)
    assert cache_state(after) == "hit"
    assert b"wagtail-userbar" not in after.content


def test_a_preview_is_never_stored(admin_client, truhealing):
    page = StandardPageFactory(parent=truhealing.home, slug="about", title="About")
    page.save_revision().publish()
    page.title = "Draft title nobody may see"
    page.save_revision()

    preview = admin_client.get(
        f"/admin/pages/{page.pk}/view_draft/", HTTP_HOST=truhealing.host
    )
    assert b"Draft title nobody may see" in preview.content

    visitor = get(Client(), truhealing, "/about/")
    assert cache_state(visitor) == "miss"
    assert b"Draft title nobody may see" not in visitor.content
    assert (
        b"Draft title nobody may see"
        not in get(Client(), truhealing, "/about/").content
    )


@pytest.mark.parametrize("restriction", ["password", "login"])
def test_private_pages_are_never_stored(client, truhealing, restriction):
    page = StandardPageFactory(parent=truhealing.home, slug="staff", title="Staff")
    page.save_revision().publish()
    child = StandardPageFactory(parent=page, slug="rota", title="Rota")
    child.save_revision().publish()
    PageViewRestriction.objects.create(
        page=page, restriction_type=restriction, password="open-sesame"
    )

    for address in ("/staff/", "/staff/rota/"):
        for _ in range(2):
            response = get(client, truhealing, address)
            assert cache_state(response) is None
            assert "public" not in response.get("Cache-Control", "")


def test_a_response_that_sets_a_cookie_is_never_stored(rf, truhealing, settings):
    """A page response that sets a cookie (some later template or middleware
    might) is passed on, and not kept for the next visitor."""

    def serve_with_cookie(request):
        response = serve(request, request.path.lstrip("/"))
        response.set_cookie("greeting", "hello")
        return response

    middleware = PageCacheMiddleware(serve_with_cookie)

    for _ in range(2):
        response = middleware(rf.get("/", HTTP_HOST=truhealing.host))
        assert response.status_code == 200
        assert response.cookies["greeting"].value == "hello"
        assert cache_state(response) is None


def test_a_response_that_varies_on_cookies_is_never_stored(rf, truhealing):
    def serve_per_cookie(request):
        response = serve(request, "")
        response["Vary"] = "Cookie"
        return response

    middleware = PageCacheMiddleware(serve_per_cookie)

    for _ in range(2):
        assert cache_state(middleware(rf.get("/", HTTP_HOST=truhealing.host))) is None


def test_errors_and_redirects_are_not_stored(client, truhealing):
    for _ in range(2):
        missing = get(client, truhealing, "/no-such-page/")
        assert missing.status_code == 404
        assert cache_state(missing) is None
    for _ in range(2):
        unslashed = get(client, truhealing, "/no-slash")
        assert unslashed.status_code in (301, 404)
        assert cache_state(unslashed) is None


# Invalidation: each kind of change renders exactly its site's pages afresh


def publish_page(clinic):
    page = StandardPageFactory(parent=clinic.home, slug="new-page", title="New")
    page.save_revision().publish()


def unpublish_page(clinic):
    page = StandardPageFactory(parent=clinic.home, slug="old-page", title="Old")
    page.save_revision().publish()
    warm_again(clinic)
    page.unpublish()


def draft_saved_then_published(clinic):
    clinic.home.hero_heading = "A new heading"
    clinic.home.save_revision().publish()


def clinic_settings(clinic):
    clinic.settings.phone_display = "216.480.4860"
    clinic.settings.save()


def notice(clinic):
    clinic.settings.disclaimer.body = "<p>Revised.</p>"
    clinic.settings.disclaimer.save()


def new_notice(clinic):
    NoticeFactory(site=clinic.site)


def new_testimonial(clinic):
    TestimonialFactory(site=clinic.site)


def new_faq_set(clinic):
    FAQSetFactory(site=clinic.site)


def new_topic(clinic):
    TopicFactory(site=clinic.site)


def lead_settings(clinic):
    clinic.routing.lead_inboxes = "new-inbox@tal.example"
    clinic.routing.save()


def image_in_clinic_collection(clinic):
    from home.teams import add_clinic

    team = add_clinic(hostname=clinic.host, name=clinic.site.site_name)[0]
    warm_again(clinic)
    wagtail_factories.ImageFactory(collection=team.collection)


def scheduled_unpublish(clinic):
    page = StandardPageFactory(parent=clinic.home, slug="offer", title="Offer")
    page.save_revision().publish()
    page.expire_at = timezone.now() + datetime.timedelta(hours=1)
    page.save()
    warm_again(clinic, "/offer/")
    type(page).objects.filter(pk=page.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    # The editor's change above went through the database alone: the pages
    # are still served from the cache until the scheduler unpublishes.
    assert cache_state(get(Client(), clinic, "/offer/")) == "hit"
    call_command("publish_scheduled")


def warm_again(clinic, *addresses):
    warm(Client(), (clinic, "/"), *((clinic, address) for address in addresses))


CHANGES = [
    publish_page,
    unpublish_page,
    draft_saved_then_published,
    clinic_settings,
    notice,
    new_notice,
    new_testimonial,
    new_faq_set,
    new_topic,
    lead_settings,
    image_in_clinic_collection,
    scheduled_unpublish,
]


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_a_change_renders_its_sites_pages_afresh_and_no_other(
    client, truhealing, tal, change
):
    warm(client, (truhealing, "/"), (tal, "/"))

    change(tal)

    assert cache_state(get(client, tal)) == "miss"
    assert cache_state(get(client, tal)) == "hit"
    assert cache_state(get(client, truhealing)) == "hit"


def test_a_published_translation_renders_its_sites_pages_afresh(
    client, truhealing, tal, spanish
):
    for clinic in (truhealing, tal):
        clinic.home.copy_for_translation(spanish).save_revision().publish()
    about = StandardPageFactory(
        parent=tal.home, slug="about", title="About us", show_in_menus=True
    )
    about.save_revision().publish()
    warm(client, (truhealing, "/es/"), (tal, "/es/"), (tal, "/"))

    translated = about.copy_for_translation(spanish)
    translated.title = "Quiénes somos"
    translated.save_revision().publish()

    assert "Quiénes somos" in get(client, tal, "/es/").content.decode()
    assert cache_state(get(client, tal)) == "miss"
    assert cache_state(get(client, truhealing, "/es/")) == "hit"


def test_the_change_shows_on_the_next_request(client, truhealing, tal):
    warm(client, (tal, "/"))

    clinic_settings(tal)

    assert b"216.480.4860" in get(client, tal).content


def test_a_scheduled_unpublish_takes_the_page_down(client, tal, truhealing):
    scheduled_unpublish(tal)

    assert get(client, tal, "/offer/").status_code == 404


@pytest.mark.parametrize(
    "change",
    [
        lambda clinics: wagtail_factories.ImageFactory(
            collection=Collection.get_first_root_node()
        ),
        lambda clinics: clinics[0].site.save(),
        lambda clinics: PageViewRestriction.objects.create(
            page=clinics[1].home, restriction_type="password", password="x"
        ),
    ],
    ids=["shared image", "site", "view restriction"],
)
def test_a_change_every_site_may_show_renders_every_site_afresh(
    client, truhealing, tal, change
):
    warm(client, (truhealing, "/"), (tal, "/"))

    change([truhealing, tal])

    assert cache_state(get(client, truhealing)) == "miss"
    assert cache_state(get(client, tal)) in ("miss", None)


# The form in a cached page


def test_a_cached_form_page_submits_deduplicates_and_routes(
    client,
    lead_forms,  # noqa: F811 (the fixture)
):
    for clinic_name in ("tal", "truhealing"):
        form = lead_forms[clinic_name]
        address = form.page.url_path.split("/", 2)[2]
        address = "/" + address
        get(client, form.clinic, address)
        cached = get(client, form.clinic, address)
        assert cache_state(cached) == "hit"
        html = cached.content.decode()
        assert f'name="page" value="{form.page.pk}"' in html
        assert f'name="form" value="{form.form_id}"' in html
        assert "csrfmiddlewaretoken" not in html

        data = form.data()
        sent = form.post(client, data)
        again = form.post(client, data)  # a double click, or a retry

        assert sent.status_code == again.status_code == 303
        leads = Lead.objects.filter(site=form.clinic.site)
        assert leads.count() == 1
        assert leads.get().email == "jordan@example.net"

        thanks = client.get(sent["Location"], HTTP_HOST=form.host)
        assert thanks.status_code == 200
        assert b"data-lead-sent" in thanks.content
        # The thank-you state is a page of its own: the form page is unchanged.
        assert b"data-lead-sent" not in get(client, form.clinic, address).content

    assert Lead.objects.count() == 2


# Redis: shared between processes, and its outage is only a slower page


@pytest.fixture
def own_redis(settings, tmp_path):
    """A Redis server of this test's own, which the test may stop and start."""
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    backend = "home.cache_backends.ResilientRedisCache"
    settings.CACHES = {
        "default": {"BACKEND": backend, "LOCATION": url, "OPTIONS": options},
        "pages": {
            "BACKEND": backend,
            "LOCATION": url,
            "OPTIONS": options,
            "KEY_PREFIX": "pages",
        },
    }

    def start():
        process = subprocess.Popen(  # noqa: S603
            [REDIS_SERVER, "--port", str(port), "--save", "", "--appendonly", "no"],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                caches["default"]._cache.get_client(write=True).ping()
                return process
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    server = {"process": start()}

    class Server:
        def stop(self):
            server["process"].send_signal(signal.SIGKILL)
            server["process"].wait()

        def start(self):
            server["process"] = start()

    yield Server()
    if server["process"].poll() is None:
        os.kill(server["process"].pid, signal.SIGKILL)
        server["process"].wait()


def test_with_redis_stopped_pages_render_uncached_then_cache_again(
    client, truhealing, own_redis
):
    assert cache_state(get(client, truhealing)) == "miss"
    assert cache_state(get(client, truhealing)) == "hit"

    own_redis.stop()
    for _ in range(3):
        response = get(client, truhealing)
        assert response.status_code == 200
        assert cache_state(response) == "miss"  # rendered; storing it failed
        assert b"Welcome to TruHealing" in response.content

    own_redis.start()  # empty, as Redis here keeps nothing on disk
    assert cache_state(get(client, truhealing)) == "miss"
    assert cache_state(get(client, truhealing)) == "hit"


def test_processes_sharing_redis_share_pages_and_invalidation(
    truhealing, tal, own_redis
):
    """Two middlewares stand for two web processes: what one stores the other
    serves, and a change made anywhere reaches both."""
    one, other = Client(), Client()

    assert cache_state(get(one, tal)) == "miss"
    assert cache_state(get(other, tal)) == "hit"

    clinic_settings(tal)

    assert cache_state(get(other, tal)) == "miss"
    assert cache_state(get(one, tal)) == "hit"


# Configuration


def test_the_page_cache_needs_its_cache(db, settings):
    settings.CACHES = {"default": settings.CACHES["default"]}

    assert "home.E106" in {message.id for message in checks.run_checks()}

    settings.PAGE_CACHE_ENABLED = False
    assert "home.E106" not in {message.id for message in checks.run_checks()}
