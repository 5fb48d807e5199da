"""The CDN purge (home/frontend_cache.py): a publish or unpublish sends PURGE
requests for the page and its ancestors to a real HTTP cache on loopback, from
the task worker, and a CDN that stalls holds neither the editor nor the worker."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.management import call_command

import pytest

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from tests.leads.conftest import database_tasks  # noqa: F401 (a fixture)

# Tasks go to the database and wait for the worker, as with `make run`; the
# worker commits and closes its connection, so the tests' data is committed too.
pytestmark = [
    pytest.mark.usefixtures("database_tasks"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class PurgeRecorder(BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        self.server.purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn(settings):
    """An HTTP cache on loopback that records the PURGE requests it gets."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    server.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def stalled_cdn(settings):
    """A CDN that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{listener.getsockname()[1]}",
        }
    }
    settings.FRONTEND_CACHE_TIMEOUT = 1
    yield listener
    listener.close()


def run_default_worker():
    """The `default` queue's worker of `make run`, run until nothing is due."""
    call_command(
        "db_worker",
        "--batch",
        "--queue-name",
        "default",
        "--no-startup-delay",
        "--no-reload",
        verbosity=0,
    )


@pytest.fixture
def post(truhealing):
    blog = BlogIndexPageFactory(parent=truhealing.home, slug="blog")
    return BlogPostPageFactory(parent=blog, slug="coming-back", live=False)


def test_publishing_purges_the_page_and_the_pages_that_list_it(
    cdn, post, truhealing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post.save_revision().publish()
    assert cdn.purged == []  # not in the editor's request: by the worker

    run_default_worker()

    assert sorted(cdn.purged) == [
        (truhealing.host, "/"),
        (truhealing.host, "/blog/"),
        (truhealing.host, "/blog/coming-back/"),
    ]


def test_unpublishing_purges_the_page(
    cdn, post, tal, truhealing, django_capture_on_commit_callbacks
):
    post.save_revision().publish()
    run_default_worker()
    cdn.purged.clear()
    post.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        post.unpublish()
    run_default_worker()

    assert (truhealing.host, "/blog/coming-back/") in cdn.purged
    assert {host for host, _ in cdn.purged} == {truhealing.host}


@pytest.mark.django_db
def test_without_a_cdn_nothing_is_queued(
    settings, post, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {}

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post.save_revision().publish()

    assert not any("purge" in repr(callback) for callback in callbacks)


def test_a_stalled_cdn_holds_neither_the_publish_nor_the_worker(
    stalled_cdn, post, django_capture_on_commit_callbacks, caplog
):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        post.save_revision().publish()
    assert time.monotonic() - started < 5

    started = time.monotonic()
    run_default_worker()

    # One timeout for the purge, however many URLs it had.
    assert time.monotonic() - started < 10
    assert "The CDN did not answer a purge of 3 URLs" in caplog.text
