"""Parts of a published page rendered once and kept until its content changes.

``{% published_fragment "name" key=value ... %}…{% endpublished_fragment %}``
(home_tags) keeps the HTML between the tags in the content cache (home.cache),
under the page, its live revision and the language, for the content generation
of the page's site: anything the fragment may show (the page, its clinic's
settings, notices, snippets and images, the other posts it lists) starts a new
generation when it changes (home/signals.py), so a kept fragment is never stale.

What varies by request stays out. A block whose class is a ``PerRequestBlock``
(the return-request form: a visitor's errors, the thank-you state, its CSP
allowance) leaves a hole in the kept HTML, and the hole is rendered again for
every request, as the page's template would render it.

Nothing is kept for a preview (a draft may differ from the live page), for a
page that is not live, or outside a request. The keyword arguments are
resolved only when the fragment is rendered (a miss), so that work the
fragment alone needs (loading the body's images) is skipped on a hit.
"""

import uuid

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from wagtail.models import Page

from home.cache import cached
from home.sites import site_id_for_page

HOLES = "published_fragment_holes"


class Holes:
    """The per-request blocks met while a fragment renders, each replaced by a
    marker that no content can contain (a random token per rendering)."""

    def __init__(self):
        self.token = f"\x00{uuid.uuid4().hex}\x00"
        self.block_ids = []

    def leave(self, block_id):
        self.block_ids.append(block_id)
        return mark_safe(self.token)  # noqa: S308 (our own marker, removed below)


class PerRequestBlock:
    """For a StreamField block that renders differently per request: inside a
    published fragment it leaves a hole; elsewhere it renders as usual."""

    def render(self, value, context=None):
        holes = context.get(HOLES) if context is not None else None
        block_id = context.get("block_id") if context is not None else None
        if holes is not None and block_id:
            return holes.leave(block_id)
        return super().render(value, context)


def keepable(page, request):
    return (
        request is not None
        and isinstance(page, Page)
        and page.pk is not None
        and page.live
        and not getattr(request, "is_preview", False)
    )


class PublishedFragmentNode(template.Node):
    def __init__(self, name, kwargs, nodelist):
        self.name = name
        self.kwargs = kwargs
        self.nodelist = nodelist

    def render(self, context):
        page = context.get("page")
        request = context.get("request")
        if not keepable(page, request):
            return self.render_inside(context)
        name = self.name.resolve(context)
        parts, block_ids = cached(
            f"fragment:{name}:{page.pk}:{page.live_revision_id}:{get_language()}",
            lambda: self.render_with_holes(context),
            site_id=site_id_for_page(page),
        )
        html = [parts[0]]
        for block_id, part in zip(block_ids, parts[1:], strict=True):
            html.append(render_block(page, block_id, context))
            html.append(part)
        return mark_safe("".join(html))  # noqa: S308 (rendered by templates)

    def render_with_holes(self, context):
        """(the HTML around each hole, the block id of each hole): what is kept."""
        holes = Holes()
        html = self.render_inside(context, {HOLES: holes})
        return html.split(holes.token), holes.block_ids

    def render_inside(self, context, extra=None):
        """The HTML between the tags, with the keyword arguments resolved."""
        values = {key: value.resolve(context) for key, value in self.kwargs.items()}
        with context.push(**values, **(extra or {})):
            return self.nodelist.render(context)


def render_block(page, block_id, context):
    """The block ``block_id`` of the page's body, rendered as ``{% include_block
    block with block_id=block.id %}`` renders it."""
    body = page.body
    index = next(
        (n for n, raw in enumerate(body.raw_data) if raw.get("id") == block_id), None
    )
    if index is not None:
        child = body[index]  # converts the blocks of this type only
    else:  # a body built in code, whose ids are on its blocks only
        child = next((child for child in body if child.id == block_id), None)
    if child is None:
        raise LookupError(f"no block {block_id} in the body of page {page.pk}")
    block_context = context.flatten()
    block_context.update(block=child, block_id=block_id)
    return child.render_as_block(context=block_context)
