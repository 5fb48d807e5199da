"""Loads the demo blog of a clinic (see blog/demo_posts.py for the copy).

Only what is missing is created: the blog index and each post by slug. The
testimonials, FAQ sets, topics and images a new post needs are looked up first
and made only when absent, so an editor's changes are never overwritten.
"""

import colorsys
import io
import json
import math

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
        picture = ImageFile(
            illustration_jpeg(key, self.brand_colour), name=f"{key}.jpg"
        )
        return Image.objects.create(
            title=title, file=picture, collection=self.collection
        )


def find(specs, key):
    return next(spec for spec in specs if spec["key"] == key)


def publish(snippet):
    snippet.save()
    snippet.save_revision().publish()
    return snippet


def illustration_jpeg(key, hex_colour):
    """A simple flat illustration of the image ``key`` in the clinic's colour,
    drawn here: demo images need no downloads and no stock photos, and their
    alt texts say they are illustrations (blog/demo_posts.py)."""
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, _lightness, saturation = colorsys.rgb_to_hls(r, g, b)

    def shade(light, sat=0.6):
        rgb = colorsys.hls_to_rgb(hue, light, saturation * sat)
        return tuple(int(c * 255) for c in rgb)

    image = PILImage.new("RGB", IMAGE_SIZE, shade(0.93, 0.5))
    draw = ImageDraw.Draw(image)
    width, height = IMAGE_SIZE
    sun, warm, white = "#f6c453", "#fde7b0", "#ffffff"
    dark, mid, light = shade(0.3), shade(0.5), shade(0.75)
    if key == "morning-walk":
        draw.ellipse([1050, 150, 1350, 450], fill=sun)
        draw.ellipse([-300, 450, 1000, 1300], fill=light)
        draw.ellipse([600, 500, 1900, 1400], fill=mid)
        draw.polygon([(640, 900), (960, 900), (830, 520), (770, 520)], fill=warm)
        for x, y in ((260, 520), (1350, 560)):
            draw.rectangle([x - 12, y, x + 12, y + 140], fill=dark)
            draw.ellipse([x - 90, y - 170, x + 90, y + 30], fill=dark)
    elif key == "kitchen-table":
        draw.rectangle([0, 620, width, height], fill=mid)
        draw.polygon([(330, 640), (980, 640), (1040, 520), (390, 520)], fill=white)
        draw.line([(685, 520), (685, 640)], fill=light, width=8)
        for y in (555, 585, 615):
            draw.line([(430, y), (640, y)], fill=light, width=6)
            draw.line([(730, y), (960, y)], fill=light, width=6)
        draw.rounded_rectangle([1120, 360, 1320, 620], radius=30, fill=dark)
        draw.arc([1270, 420, 1400, 560], start=-90, end=90, fill=dark, width=28)
        for x in (1180, 1250):
            draw.arc(
                [x - 30, 200, x + 30, 340], start=90, end=270, fill=light, width=10
            )
    elif key == "open-door":
        draw.rectangle([560, 120, 1040, 900], fill=dark)
        draw.polygon([(600, 160), (1000, 160), (1000, 900), (600, 900)], fill=warm)
        draw.polygon([(600, 160), (760, 220), (760, 860), (600, 900)], fill=mid)
        draw.ellipse([720, 520, 745, 545], fill=sun)
        draw.polygon([(600, 900), (1000, 900), (1400, height), (300, height)], fill=sun)
    elif key == "group-chairs":
        draw.ellipse([500, 150, 1100, 750], fill=light)
        for n in range(8):
            angle = n * 45
            cx = 800 + 360 * math.cos(math.radians(angle))
            cy = 450 + 360 * math.sin(math.radians(angle))
            draw.rounded_rectangle([cx - 55, cy - 55, cx + 55, cy + 55], 18, fill=mid)
            draw.ellipse([cx - 25, cy - 25, cx + 25, cy + 25], fill=dark)
    elif key == "river-bridge":
        draw.rectangle([0, 560, width, height], fill=mid)
        for y in (640, 720, 800):
            for x in range(60, width, 260):
                draw.arc(
                    [x, y, x + 160, y + 40], start=200, end=340, fill=light, width=8
                )
        draw.arc([300, 260, 1300, 900], start=180, end=360, fill=dark, width=40)
        draw.line([(300, 580), (1300, 580)], fill=dark, width=24)
        for x in range(400, 1300, 100):
            draw.line(
                [(x, 420 if 500 < x < 1100 else 500), (x, 580)], fill=dark, width=10
            )
        draw.ellipse([180, 120, 330, 270], fill=sun)
    else:  # "phone-call"
        draw.rounded_rectangle([620, 140, 980, 800], radius=50, fill=dark)
        draw.rounded_rectangle([650, 220, 950, 700], radius=16, fill=light)
        draw.ellipse([770, 725, 830, 785], fill=mid)
        for n, radius in enumerate((120, 200, 280)):
            box = [1000 - radius, 450 - radius, 1000 + radius, 450 + radius]
            draw.arc(box, start=-40, end=40, fill=sun if n == 0 else mid, width=22)
            box = [600 - radius, 450 - radius, 600 + radius, 450 + radius]
            draw.arc(box, start=140, end=220, fill=sun if n == 0 else mid, width=22)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    buffer.seek(0)
    return buffer
