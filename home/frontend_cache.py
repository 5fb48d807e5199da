"""Purging the CDN in front of the sites when a page is published or unpublished.

The purge is wagtail.contrib.frontend_cache's (its backends, configured by
FRONTEND_CACHE in cms/settings/base.py, and its task, which purges each URL in
every language), run by the worker after the publish commits. Two things differ
from the app's own signal handler, which is why the app is not installed (its
backends and task need no app):

- a page's purge covers its ancestors in its site too: the blog index and the
  home page list it;
- the purge gives up after FRONTEND_CACHE_TIMEOUT seconds. The backends open
  their requests with no timeout, so a CDN that accepts the connection and never
  answers would hold the worker, and every task behind it, for good.

Changes to settings, snippets and images do not purge: the CDN keeps a page at
most PAGE_CDN_MAX_AGE seconds.
"""

import logging
import socket
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction

from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task

from django_tasks import task

logger = logging.getLogger(__name__)


def page_urls(page):
    """The full URLs of ``page`` and of its live ancestors in its site, with any
    extra paths a page serves (RoutablePage's ``get_cached_paths``)."""
    urls = []
    pages = page.get_ancestors(inclusive=True).filter(depth__gt=1).specific()
    for each in pages:
        if each.pk != page.pk and not each.live:
            continue
        base = each.get_full_url()
        if not base:
            continue
        urls.extend(base.rstrip("/") + path for path in each.get_cached_paths())
    return urls


def purge_page(page):
    """Purge ``page`` from the CDN once the transaction that published or
    unpublished it commits. Nothing to do without a CDN."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    urls = page_urls(page)
    if urls:
        transaction.on_commit(lambda: purge.enqueue(urls))


@contextmanager
def socket_timeout(seconds):
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(seconds)
    try:
        yield
    finally:
        socket.setdefaulttimeout(previous)


@task()
def purge(urls):
    # The backends log the CDN's refusals and errors themselves; a timeout they
    # let through. Either way the pages leave the CDN when they expire.
    try:
        with socket_timeout(settings.FRONTEND_CACHE_TIMEOUT):
            purge_urls_from_cache_task.call(urls)
    except OSError as error:
        logger.warning(
            "The CDN did not answer a purge of %d URLs (%s); they expire from it "
            "within PAGE_CDN_MAX_AGE seconds.",
            len(urls),
            type(error).__name__,
        )
