import datetime

from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Locale

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from blog.models import BlogIndexPage, BlogPostPage, FAQSet, Testimonial, Topic
from home.sites import site_id_for_page


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    title = "Blog"
    slug = "blog"
    intro = "Guides for coming back to treatment."

    class Meta:
        model = BlogIndexPage


class BlogPostPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Coming back, part {n}")
    slug = factory.Sequence(lambda n: f"coming-back-{n}")
    intro = "Leaving early does not close the door."
    date_published = factory.Sequence(
        lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n)
    )
    # As the admin's publish sets them.
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.SelfAttribute("first_published_at")
    body = factory.LazyFunction(
        lambda: [("paragraph", "<p>You can come back whenever you are ready.</p>")]
    )

    class Meta:
        model = BlogPostPage
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        """``topics=["IOP", ...]``: the post's clinic's topics of these names in
        the post's language, made when missing; Topic objects are taken as
        they are."""
        if extracted:
            site_id = site_id_for_page(self)
            self.topics = [
                topic
                if isinstance(topic, Topic)
                else clinic_topic(site_id, self.locale_id, topic)
                for topic in extracted
            ]
            if create:
                self.save()


def clinic_topic(site_id, locale_id, name):
    topic, _ = Topic.objects.get_or_create(
        site_id=site_id,
        locale_id=locale_id,
        slug=slugify(name),
        defaults={"name": name},
    )
    return topic


class TopicFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Topic


class TestimonialFactory(DjangoModelFactory):
    __test__ = False  # not a pytest test class, despite its name

    quote = factory.Sequence(
        lambda n: f"They asked what I needed, not why I left. ({n})"
    )
    attribution = "IOP Client"
    year = 2024
    program = "iop"
    is_composite = True
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Testimonial


class FAQSetFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Returning to IOP {n}")
    locale = factory.LazyFunction(Locale.get_default)
    items = factory.LazyFunction(
        lambda: [
            (
                "item",
                {
                    "question": "Will I have to start over?",
                    "answer": "<p>Not unless you want to.</p>",
                },
            )
        ]
    )

    class Meta:
        model = FAQSet


def every_block_body(site, *, faq_items=1, testimonials=1, images=1):
    """A post body with every block type; sizes are adjustable."""
    faq_set = FAQSetFactory(site=site)
    body = [
        {"type": "heading", "value": {"text": "Why people step away", "level": "h2"}},
        {"type": "paragraph", "value": "<p>It happens, and it is <b>common</b>.</p>"},
        {
            "type": "list",
            "value": {
                "style": "numbered",
                "items": ["Call us", "Tell us what changed"],
            },
        },
        {
            "type": "quote",
            "value": {
                "quote": "Returning is not repeating.",
                "attribution": "",
                "style": "pull",
            },
        },
        {
            "type": "callout",
            "value": {
                "heading": "Relapse is common",
                "stats": [
                    {
                        "value": "40–60%",
                        "label": "relapse rate, like other chronic illnesses",
                    }
                ],
                "text": "",
                "source": "National Institute on Drug Abuse",
            },
        },
        {"type": "heading", "value": {"text": "What happens next", "level": "h2"}},
        {"type": "heading", "value": {"text": "The first call", "level": "h3"}},
        {
            "type": "faq",
            "value": {
                "heading": "Questions",
                "faq_set": faq_set.pk,
                "items": [
                    {
                        "question": f"Question {n}?",
                        "answer": f"<p>Answer {n}.</p>",
                    }
                    for n in range(faq_items)
                ],
            },
        },
        {
            "type": "cta",
            "value": {
                "heading": "Ready?",
                "text": "",
                "link_text": "",
                "link_page": None,
            },
        },
        {
            "type": "lead_form",
            "value": {"heading": "Ask about coming back", "intro": ""},
        },
    ]
    for _ in range(testimonials):
        photo = wagtail_factories.ImageFactory()
        testimonial = TestimonialFactory(site=site, photo=photo)
        body.append({"type": "testimonial", "value": testimonial.pk})
    for n in range(images):
        image = wagtail_factories.ImageFactory(title=f"Image {n}")
        body.append(
            {
                "type": "image",
                "value": {
                    "image": {
                        "image": image.pk,
                        "decorative": False,
                        "alt_text": f"Alt {n}",
                    },
                    "caption": f"Caption {n}",
                },
            }
        )
    return body
