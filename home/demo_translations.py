"""Spanish translations of the demo clinics, made through wagtail-localize.

Each clinic is translated as its translator would do it in the admin: every
object gets a ``TranslationSource`` and a ``Translation`` into Spanish, the
Spanish strings are imported from a PO file (``Translation.import_po``), and the
translation is saved (``Translation.save_target``) and published.

The Spanish copy is data, one PO file per object, in
``home/demo_translations/es/<clinic home slug>/<kind>-<slug or name>.po``. A
segment without Spanish in its file stops the loader with a CommandError naming
the file and the msgid: wagtail-localize would otherwise fall back to English.
``write_skeletons(site)`` exports the file of each object that has none yet,
for a translator to fill in.

wagtail-localize names a segment of a StreamField by the ids of its blocks,
which every fresh demo database draws anew. In the files, each block id is
written as the block's position instead (``body.3.items.0`` rather than
``body.<uuid>.items.<uuid>``); the loader maps them back before importing.

Objects are translated in this order, so that what a page points to is Spanish
before the page: the notices of the clinic's site, the testimonials and FAQ sets
(and topics) that the translated posts show, then the pages, each after its
parent. An object that already has a Spanish version is left as it is: an
editor's changes stay, and a second run creates nothing.
"""

import json
from pathlib import Path

from django.apps import apps
from django.core.management.base import CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import translation as i18n
from django.utils.text import slugify

from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, Locale, Page, Revision
from wagtail_localize.models import (
    RelatedObjectSegment,
    StringSegment,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import RelatedObjectSegmentValue
from wagtail_localize.segments.extract import extract_segments

import polib

from home.demo import CLINICS
from home.models import Notice

LANGUAGE = "es"
PO_ROOT = Path(__file__).with_name("demo_translations") / LANGUAGE

# The posts of each clinic that have a Spanish version: those with FAQs and
# testimonials.
POSTS = {
    "truhealing-cincinnati": [
        "coming-back-after-a-missed-month",
        "what-to-say-when-you-call-back",
    ],
    "tal-cleveland": [
        "returning-to-iop-after-a-relapse",
        "when-shame-says-dont-go-back",
    ],
}
BLOG_SLUG = "blog"
# Exported files name their translation; import_po skips a file that names
# another one, such as the translation of the database the file was made in.
TRANSLATION_ID = "X-WagtailLocalize-TranslationID"
HEADER = (
    "Spanish for the demo clinic, written by hand. Loaded by home/demo_translations.py."
)
SKELETON_METADATA = {
    "Language": LANGUAGE,
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Transfer-Encoding": "8bit",
}


@transaction.atomic
def translate_demo(site):
    """Give the demo clinic of ``site`` its Spanish version; return the objects
    translated by this call (none when every one has a Spanish version)."""
    spanish, _ = Locale.objects.get_or_create(language_code=LANGUAGE)
    directory = po_directory(site)
    translated = []
    for obj in demo_objects(site):
        if has_spanish(obj, spanish):
            continue
        translate(obj, directory / po_name(obj), spanish)
        translated.append(obj)
    return translated


def write_skeletons(site):
    """Write the PO file, with empty msgstr, of each object of the demo of
    ``site`` that has none yet; return their paths. The database is left as
    it was."""
    directory = po_directory(site)
    written = []
    with transaction.atomic():
        for obj in demo_objects(site):
            path = directory / po_name(obj)
            if path.exists():
                continue
            source, _ = TranslationSource.get_or_create_from_instance(normalized(obj))
            po = source.export_po()
            po.header = HEADER
            po.metadata = {**SKELETON_METADATA}
            positions = block_positions(source.as_instance())
            for entry in po:
                entry.msgctxt = stable_path(entry.msgctxt, positions)
            path.parent.mkdir(parents=True, exist_ok=True)
            po.save(str(path))
            written.append(path)
        transaction.set_rollback(True)
    return written


def po_directory(site):
    return PO_ROOT / site.root_page.slug


def po_name(obj):
    """``<kind>-<slug or name>.po``: page-about.po, post-<slug>.po,
    notice-<name>.po, testimonial-<attribution and quote>.po, faqset-<title>.po."""
    if isinstance(obj, Page):
        kind = "post" if obj.specific_class.__name__ == "BlogPostPage" else "page"
        return f"{kind}-{obj.slug}.po"
    name = getattr(obj, "slug", "") or slugify(str(obj))[:60].strip("-")
    return f"{obj._meta.model_name}-{name}.po"


# What is translated


def demo_objects(site):
    """The English objects of the demo of ``site`` that get a Spanish version,
    in the order they are translated."""
    home = site.root_page.specific
    locale = home.locale
    pages = [home, *demo_children(home)]
    blog = next((page for page in pages if page.slug == BLOG_SLUG), None)
    posts = [] if blog is None else demo_posts(blog, home.slug)
    notices = Notice.objects.filter(site=site, locale=locale).order_by("pk")
    related = related_snippets(posts, locale)
    return [*notices, *related, *clinic_topics(site, locale, related), *pages, *posts]


def demo_children(home):
    """The demo pages under the home page (about, privacy policy, contact and
    blog), as load_demo makes them."""
    clinic = next((c for c in CLINICS if c["home_slug"] == home.slug), None)
    if clinic is None:
        return []
    slugs = [spec["slug"] for spec in clinic["pages"]]
    slugs += [clinic["contact"]["slug"], BLOG_SLUG]
    children = {page.slug: page for page in home.get_children().specific()}
    return [children[slug] for slug in slugs if slug in children]


def demo_posts(blog, home_slug):
    children = {page.slug: page for page in blog.get_children().specific()}
    return [children[slug] for slug in POSTS.get(home_slug, []) if slug in children]


def related_snippets(posts, locale):
    """The translatable snippets the posts point to (testimonials, FAQ sets…),
    each once: testimonials, then FAQ sets, then others. Notices are
    translated with the site's."""
    found = {}
    for post in posts:
        for segment in extract_segments(normalized(post)):
            if isinstance(segment, RelatedObjectSegmentValue):
                obj = segment.get_instance(locale)
                if not isinstance(obj, Page | Notice):
                    found.setdefault((type(obj), obj.pk), obj)
    order = {"testimonial": 0, "faqset": 1}
    return sorted(
        found.values(),
        key=lambda obj: (order.get(obj._meta.model_name, 2), obj._meta.label, obj.pk),
    )


def clinic_topics(site, locale, already):
    """The clinic's topics (blog.Topic snippets, where that model exists)."""
    try:
        topic_model = apps.get_model("blog", "Topic")
    except LookupError:
        return []
    topics = topic_model.objects.filter(locale=locale)
    if any(field.name == "site" for field in topic_model._meta.get_fields()):
        topics = topics.filter(site=site)
    return [topic for topic in topics.order_by("pk") if topic not in already]


def has_spanish(obj, spanish):
    """True if ``obj`` has a Spanish version of its own: a page alias does not
    count (wagtail-localize turns it into a translation)."""
    existing = obj.get_translation_or_none(spanish)
    return existing is not None and not getattr(existing, "alias_of_id", None)


# Translating one object


def translate(obj, path, spanish):
    """Translate ``obj`` into Spanish with the strings of the PO file at
    ``path``, and publish the translation."""
    if not path.exists():
        raise CommandError(
            f"{relative(path)}: missing, so “{obj}” ({obj._meta.verbose_name}) "
            "has no Spanish. home.demo_translations.write_skeletons makes the "
            "file for a translator to fill in."
        )
    po = polib.pofile(str(path))
    instance = normalized(obj)
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        # Left from an earlier translation: bring it up to date.
        source, _ = TranslationSource.update_or_create_from_instance(instance)
    po = check_strings(source, po, path)
    check_related_objects(source, spanish, path)
    translation, _ = Translation.objects.get_or_create(
        source=source, target_locale=spanish, defaults={"enabled": True}
    )
    if not translation.enabled:
        translation.enabled = True
        translation.save(update_fields=["enabled"])
    translation.import_po(po, tool_name="load_demo")
    total, done = translation.get_progress()
    if done != total:
        raise CommandError(
            f"{relative(path)}: wagtail-localize took {done} of the {total} "
            "Spanish strings."
        )
    save_and_publish(translation, obj)
    return translation


def save_and_publish(translation, obj):
    """Save the Spanish version and publish it now.

    ``save_target(publish=True)`` publishes a page or snippet when the
    transaction commits. load_demo runs in one transaction, and the page
    published then is the one in memory when its revision was made: the
    Spanish home page and blog index, which had no children yet, would lose
    theirs from the tree (Wagtail copies ``numchild`` from that instance). So
    objects with drafts are saved as a draft and their revision published at
    once, from the database."""
    if not isinstance(obj, DraftStateMixin):
        translation.save_target(publish=True)  # a notice: saved, no revision
        return
    translation.save_target(publish=False)
    target = translation.get_target_instance()
    Revision.objects.get(pk=target.latest_revision_id).publish()


def check_strings(source, po, path):
    """Every string segment of ``source`` has Spanish in ``po`` (neither empty
    nor fuzzy); return the PO file to import, with this database's
    contexts."""
    spanish = {
        (entry.msgctxt, entry.msgid): entry.msgstr
        for entry in po
        if entry.msgstr.strip() and not entry.fuzzy and not entry.obsolete
    }
    positions = block_positions(source.as_instance())
    importable = polib.POFile(wrapwidth=200)
    importable.metadata = {
        key: value for key, value in po.metadata.items() if key != TRANSLATION_ID
    }
    segments = (
        StringSegment.objects.filter(source=source)
        .order_by("order")
        .select_related("context", "string")
    )
    for segment in segments:
        context, msgid = segment.context.path, segment.string.data
        msgstr = spanish.get((stable_path(context, positions), msgid))
        if msgstr is None:
            raise CommandError(
                f"{relative(path)}: no Spanish for msgid {msgid!r} (msgctxt "
                f"{stable_path(context, positions)!r})."
            )
        importable.append(polib.POEntry(msgctxt=context, msgid=msgid, msgstr=msgstr))
    return importable


def check_related_objects(source, spanish, path):
    """Everything ``source`` points to (a testimonial, an FAQ set, a notice…)
    is Spanish already: save_target would keep the English one."""
    related = RelatedObjectSegment.objects.filter(source=source).select_related(
        "object", "context"
    )
    for segment in related:
        if not segment.object.has_translation(spanish):
            raise CommandError(
                f"{relative(path)}: {segment.context.path} shows "
                f"“{segment.object.get_instance(source.locale)}”, which has no "
                "Spanish version."
            )


def normalized(obj):
    """``obj`` with its StreamFields as the admin saves them: every block with
    all its values and ids, lists of items in block format.

    Content that code made may leave values out, to be filled with a block's
    default (a lazy string, which wagtail-localize cannot extract), or keep a
    list in the old plain format (whose items wagtail-localize skips). Only the
    instance in memory changes: this is what wagtail-localize reads."""
    with i18n.override(obj.locale.language_code):
        for field in obj._meta.concrete_fields:
            if isinstance(field, StreamField):
                value = field.value_from_object(obj)
                for _child in value:  # binds every block, defaults included
                    pass
                raw = json.dumps(value.get_prep_value(), cls=DjangoJSONEncoder)
                setattr(obj, field.attname, json.loads(raw))
    return obj


def block_positions(instance):
    """{id of a block or list item: its position} in the StreamFields of
    ``instance``."""
    positions = {}

    def walk(value):
        if isinstance(value, StreamValue):
            children = list(value)
        elif isinstance(value, ListValue):
            children = value.bound_blocks
        elif isinstance(value, StructValue):
            for child in value.values():
                walk(child)
            return
        else:
            return
        for position, child in enumerate(children):
            if child.id:
                positions[child.id] = str(position)
            walk(child.value)

    for field in instance._meta.concrete_fields:
        if isinstance(field, StreamField):
            walk(field.value_from_object(instance))
    return positions


def stable_path(path, positions):
    """A segment's context with each block id written as its position."""
    return ".".join(positions.get(part, part) for part in path.split("."))


def relative(path):
    try:
        return path.relative_to(PO_ROOT.parent.parent.parent)
    except ValueError:
        return path
