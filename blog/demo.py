"""Loads the demo blog of a clinic (see blog/demo_posts.py for the copy).

Only what is missing is created: the blog index and each post by slug. The
testimonials, FAQ sets, topics and images a new post needs are looked up first
and made only when absent, so an editor's changes are never overwritten.
"""

import colorsys
import io
import json

from django.conf import settings
from django.core.files.images import ImageFile
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.text import slugify
from django.utils.translation import override

from wagtail.images import get_image_model
from wagtail.models import Locale

from PIL import Image as PILImage
from PIL import ImageDraw

from blog.demo_posts import FAQ_SETS, IMAGES, POSTS, TESTIMONIALS
from blog.models import BlogIndexPage, BlogPostPage, FAQSet, Testimonial, Topic

IMAGE_SIZE = (1600, 900)


def load_blog(home, site, brand_colour, add_child, collection):
    """Create the demo blog under ``home``; ``add_child(parent, class, spec)`` is
    load_demo's get-or-create for pages. Images go to the clinic's ``collection``,
    where its team may choose them."""
    index = add_child(
        home,
        BlogIndexPage,
        {
            "slug": "blog",
            "title": "Blog",
            "intro": "Guides for coming back to treatment, whenever you are ready.",
            "show_in_menus": True,
        },
    )
    loader = BlogLoader(site, home.slug, brand_colour, collection)
    for spec in POSTS.get(home.slug, []):
        if not index.get_children().filter(slug=spec["slug"]).exists():
            add_child(index, BlogPostPage, loader.post_fields(spec))
    return index


def as_the_admin_saves(stream_block, blocks):
    """``blocks`` (type and value pairs) as the admin stores them: every block
    with all its values and an id, list items as blocks. wagtail-localize skips
    list items of the older plain format, and cannot extract a value left to
    a block's lazy default."""
    with override(settings.LANGUAGE_CODE):
        value = stream_block.to_python(blocks)
        for _child in value:  # binds each block, with its defaults
            pass
        return json.loads(json.dumps(value.get_prep_value(), cls=DjangoJSONEncoder))


class BlogLoader:
    def __init__(self, site, home_slug, brand_colour, collection):
        self.site = site
        self.collection = collection
        self.home_slug = home_slug
        self.brand_colour = brand_colour
        self.locale = Locale.get_default()

    def post_fields(self, spec):
        fields = {key: value for key, value in spec.items() if key != "topics"}
        fields["hero_image"] = self.image(spec["hero_image"])
        fields["body"] = as_the_admin_saves(
            BlogPostPage.body.field.stream_block,
            [self.block(block) for block in spec["body"]],
        )
        return {**fields, "topics": [self.topic(name) for name in spec["topics"]]}

    def block(self, block):
        kind, value = block["type"], block["value"]
        if kind == "testimonial":
            value = self.testimonial(value).pk
        elif kind == "image":
            image = self.image(value["image"])
            value = {
                "image": {
                    "image": image.pk,
                    "decorative": False,
                    "alt_text": value["alt_text"],
                },
                "caption": value["caption"],
            }
        elif kind == "faq" and value.get("faq_set"):
            value = {**value, "faq_set": self.faq_set(value["faq_set"]).pk}
        return {"type": kind, "value": value}

    def testimonial(self, key):
        spec = find(TESTIMONIALS[self.home_slug], key)
        fields = {k: v for k, v in spec.items() if k != "key"}
        existing = Testimonial.objects.filter(
            site=self.site, locale=self.locale, quote=spec["quote"]
        ).first()
        return existing or publish(
            Testimonial(site=self.site, locale=self.locale, **fields)
        )

    def faq_set(self, key):
        spec = find(FAQ_SETS[self.home_slug], key)
        existing = FAQSet.objects.filter(
            site=self.site, locale=self.locale, title=spec["title"]
        ).first()
        items = [{"type": "item", "value": item} for item in spec["items"]]
        return existing or publish(
            FAQSet(site=self.site, locale=self.locale, title=spec["title"], items=items)
        )

    def topic(self, name):
        """The clinic's English topic ``name``: found by its slug, as an editor
        may have renamed it."""
        topic, _ = Topic.objects.get_or_create(
            site=self.site,
            locale=self.locale,
            slug=slugify(name),
            defaults={"name": name},
        )
        return topic

    def image(self, key):
        if key is None:
            return None
        title = find(IMAGES, key)["title"]
        Image = get_image_model()  # noqa: N806
        existing = Image.objects.filter(title=title, collection=self.collection)
        if existing.exists():
            return existing.first()
        picture = ImageFile(placeholder_jpeg(self.brand_colour), name=f"{key}.jpg")
        return Image.objects.create(
            title=title, file=picture, collection=self.collection
        )


def find(specs, key):
    return next(spec for spec in specs if spec["key"] == key)


def publish(snippet):
    snippet.save()
    snippet.save_revision().publish()
    return snippet


def placeholder_jpeg(hex_colour):
    """A soft diagonal gradient in the clinic's colour: demo images need no
    downloads and no stock photos."""
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    image = PILImage.new("RGB", IMAGE_SIZE)
    draw = ImageDraw.Draw(image)
    width, height = IMAGE_SIZE
    for x in range(0, width, 8):
        light = 0.35 + 0.5 * x / width
        colour = colorsys.hls_to_rgb(hue, light, saturation * 0.6)
        draw.rectangle([x, 0, x + 8, height], fill=tuple(int(c * 255) for c in colour))
    draw.ellipse(
        [width * 0.55, height * 0.15, width * 0.95, height * 0.85], fill="#fff"
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    buffer.seek(0)
    return buffer
