import datetime
import functools
import math

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Case, IntegerField, Prefetch, Q, When
from django.http import Http404
from django.utils.html import strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from blog.blocks import BlogStreamBlock
from blog.cards import CARD_RENDITION, Card
from blog.forms import BlogPostPageForm
from blog.models.snippets import Topic
from blog.search import search_posts
from blog.structured_data import blog_posting, faq_page, language_code
from home.cache import cached
from home.chosen_objects import ClinicPageForm
from home.images import prefetch_renditions
from home.models import ClinicSettings, PromoteMixin
from home.restrictions import public_q
from home.routing import CachedLookupsMixin
from home.sites import site_id_for_page
from home.structured_data import absolute_url
from home.templatetags.home_tags import active_locale
from leads.blocks import find_in_stream

WORDS_PER_MINUTE = 220


class BlogIndexPage(CachedLookupsMixin, RoutablePageMixin, PromoteMixin, Page):
    """A clinic's blog: newest posts first, filtered by topic, with a feed and a
    search over this blog's posts only."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.BlogPostPage"]
    base_form_class = ClinicPageForm

    intro = models.TextField(
        _("introduction"),
        max_length=400,
        blank=True,
        help_text=_("One or two sentences above the list of posts."),
    )
    featured_post = models.ForeignKey(
        "blog.BlogPostPage",
        verbose_name=_("featured post"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown first, large. Leave empty to feature none."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("featured_post"),
    ]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    posts_per_page = 10

    class Meta:
        verbose_name = _("blog index page")

    def posts(self):
        """Live, public posts of this blog, newest first."""
        return (
            BlogPostPage.objects.live()
            .filter(public_q(site_id_for_page(self)))
            .child_of(self)
            .order_by("-date_published", "-pk")
        )

    def paginate(self, request, posts):
        paginator = Paginator(posts, self.posts_per_page)
        try:
            return paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            return paginator.page(1)
        except EmptyPage:
            return paginator.page(paginator.num_pages)

    @path("")
    def index(self, request):
        locale = active_locale(request)
        posts = self.posts()
        tag = request.GET.get("tag", "").strip()[:100]
        topic_key = self.topic_key(tag, locale) if tag else None
        if topic_key:
            posts = posts.filter(topics__translation_key=topic_key).distinct()
        elif tag:  # no such topic
            posts = posts.none()
        page_of_posts = self.paginate(request, with_card_images(posts))
        featured = None if (tag or page_of_posts.number > 1) else self.featured
        return self.render(
            request,
            context_overrides={
                "posts": page_of_posts,
                "cards": [Card.from_post(post, request) for post in page_of_posts],
                "tag": tag,
                "topic_key": topic_key,
                "topics": self.topics(locale),
                "featured": featured and Card.from_post(featured, request),
            },
        )

    @path("feed/")
    def feed(self, request):
        from blog.feeds import BlogFeed

        return BlogFeed()(request, blog_index=self)

    @path("search/")
    def search(self, request):
        query = request.GET.get("q", "").strip()[:200]
        results = (
            search_posts(self.posts(), query, self.locale.language_code)
            if query
            else []
        )
        return self.render(
            request,
            template="blog/blog_search.html",
            context_overrides={
                "query": query,
                "results": [Card.from_post(post, request) for post in results],
            },
        )

    def route(self, request, path_components):
        """Find a post in one query, with the images and notice it shows."""
        if len(path_components) == 1 and not self.is_subpage_route(path_components):
            post = (
                BlogPostPage.objects.child_of(self)
                .select_related("hero_image", "disclaimer")
                .filter(slug=path_components[0])
                .first()
            )
            if post is not None:
                post.blog_index = self
                return post.route(request, [])
        return super().route(request, path_components)

    def is_subpage_route(self, path_components):
        try:
            self.resolve_subpage("/" + "/".join(path_components) + "/")
        except Http404:
            return False
        return True

    @property
    def featured(self):
        """The featured post while it is live, public and in this blog."""
        if not self.featured_post_id:
            return None
        return self.posts().filter(pk=self.featured_post_id).first()

    def topics(self, locale):
        """The topics of this blog's posts, in ``locale`` where translated."""
        topics = Topic.objects.filter(blog_posts__in=self.posts()).distinct()
        return localized_topics(topics, locale)

    def topic_key(self, slug, locale):
        """The translation key of this clinic's topic ``slug``: the topic in
        ``locale`` first, else in any language (a link shared in English still
        filters the Spanish blog). None when the clinic has no such topic."""
        in_locale = Case(
            When(locale_id=locale.pk, then=0), default=1, output_field=IntegerField()
        )
        return (
            Topic.objects.filter(site_id=site_id_for_page(self), slug=slug)
            .order_by(in_locale, "pk")
            .values_list("translation_key", flat=True)
            .first()
        )


def localized_topics(topics, locale):
    """Each topic as Wagtail's ``topic.localized`` gives it (its translation in
    ``locale``, else itself), in one query for all; one per translation key,
    by name."""
    topics = list(topics)
    keys = {topic.translation_key for topic in topics if topic.locale_id != locale.pk}
    translations = {}
    if keys:
        translations = {
            topic.translation_key: topic
            for topic in Topic.objects.filter(translation_key__in=keys, locale=locale)
        }
    shown = {}
    for topic in topics:
        if topic.locale_id != locale.pk:
            topic = translations.get(topic.translation_key, topic)
        shown.setdefault(topic.translation_key, topic)
    return sorted(shown.values(), key=lambda topic: (topic.name.casefold(), topic.pk))


def with_card_images(posts):
    """Posts with their card image and its rendition, in two queries in all."""
    images = get_image_model().objects.prefetch_renditions(CARD_RENDITION)
    return posts.prefetch_related(Prefetch("hero_image", queryset=images))


class TopicsPanel(FieldPanel):
    """Offers the topics of the page's clinic, in the page's language, and those
    the page has already. The form itself refuses another clinic's topic
    (ClinicPageForm): this only keeps the list short."""

    class BoundPanel(FieldPanel.BoundPanel):
        def __init__(self, **kwargs):
            form, name = kwargs["form"], kwargs["panel"].field_name
            field = form.fields.get(name)
            if field is not None:
                page = kwargs["instance"]
                site_id = site_id_for_page(page, getattr(form, "parent_page", None))
                chosen = [topic.pk for topic in getattr(page, name).all()]
                field.queryset = field.queryset.filter(site_id=site_id).filter(
                    Q(locale_id=page.locale_id) | Q(pk__in=chosen)
                )
            super().__init__(**kwargs)


class BlogPostPage(CachedLookupsMixin, PromoteMixin, Page):
    """A reentry blog post."""

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []
    base_form_class = BlogPostPageForm

    intro = models.TextField(
        _("lede"),
        max_length=400,
        help_text=_("One or two sentences that open the post and show in listings."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown at the top and when the post is shared."),
    )
    hero_image_alt = models.CharField(
        _("hero image alt text"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it."),
    )
    date_published = models.DateField(
        _("published date"),
        default=datetime.date.today,
        help_text=_("Shown on the post; posts are listed newest first."),
    )
    author_name = models.CharField(
        _("author"), max_length=100, blank=True, help_text=_("Optional.")
    )
    reviewer_name = models.CharField(
        _("clinically reviewed by"),
        max_length=100,
        blank=True,
        help_text=_(
            "A named clinical reviewer, e.g. the clinician who checked the post. "
            "Leave empty to show who approved the post in review, and when."
        ),
    )
    reviewer_credentials = models.CharField(
        _("reviewer credentials"),
        max_length=60,
        blank=True,
        help_text=_("e.g. LPCC-S, LICDC"),
    )
    # Set when the clinic's moderator approves the post (blog/reviews.py).
    approved_by_name = models.CharField(
        _("approved by"), max_length=150, blank=True, editable=False
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, editable=False)
    topics = ParentalManyToManyField(
        "blog.Topic",
        verbose_name=_("topics"),
        blank=True,
        related_name="blog_posts",
        help_text=_(
            "e.g. IOP, returning to treatment. Related posts share a topic; add "
            "topics under Snippets > Topics."
        ),
    )
    body = StreamField(
        BlogStreamBlock(),
        verbose_name=_("body"),
        help_text=_(
            "Headings, paragraphs, lists, images, quotes, callouts, FAQs, "
            "testimonials, calls to action and a return-request form. Start with a "
            "short paragraph; use H2 for sections."
        ),
    )
    # The body's words, for the blog's search in the post's language (blog.search).
    search_text = models.TextField(editable=False, default="")
    disclaimer = models.ForeignKey(
        "home.Notice",
        verbose_name=_("disclaimer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty to end the post with the clinic's disclaimer."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_image_alt")],
            heading=_("Hero image"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("date_published"),
                FieldPanel("author_name"),
                FieldPanel("reviewer_name"),
                FieldPanel("reviewer_credentials"),
                TopicsPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("disclaimer"),
            ],
            heading=_("Post details"),
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date_published"),
        index.SearchField("topic_names"),
    ]

    # A translation has the same Topic rows as its source (wagtail-localize
    # ignores many-to-many fields unless named): they show in the visitor's
    # language (localized_topics) and filter by translation key. Nothing to
    # override: a translator translates the topics themselves.
    override_translatable_fields = [SynchronizedField("topics", overridable=False)]

    class Meta:
        verbose_name = _("blog post")

    def save(self, *args, **kwargs):
        self.search_text = body_text(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_image_alt.strip():
            raise ValidationError(
                {"hero_image_alt": _("Describe the hero image for screen readers.")}
            )

    def lead_form(self, form_id):
        """The settings of the return-request form block ``form_id`` in the
        body, or None (see leads.views)."""
        return find_in_stream(self.body, form_id)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        clinic = ClinicSettings.for_page(self, request)
        extras = self.extras(request)
        keywords = [name for name, _slug in extras["topics"]]
        context.update(extras)
        # Called by the template, and only where it renders the article and its
        # structured data: kept per published revision, they are not rendered
        # again for every view (home/fragments.py).
        context.update(
            {
                "og_type": "article",
                "body_blocks": self.body_with_images,
                "blog_posting": functools.cache(
                    lambda: blog_posting(
                        self, request, clinic, extras["share_image_url"], keywords
                    )
                ),
                "faq_page": functools.cache(
                    lambda: faq_page(self, clinic, language_code(self, request))
                ),
            }
        )
        return context

    def extras(self, request):
        """Blog index, topics, related posts, neighbours and the share image's
        URL: cached for the public page, per language, built afresh for a
        preview (whose topics may be a draft's)."""
        if getattr(request, "is_preview", False):
            return self.build_extras(request)
        return cached(
            # v2: with share_image_url (a new shape gets a new name, so that a
            # deploy never reads values cached by the code before it)
            f"post-extras-v2:{self.pk}:{get_language()}",
            lambda: self.build_extras(request),
            site_id=site_id_for_page(self),
        )

    def build_extras(self, request):
        index = getattr(self, "blog_index", None) or (
            BlogIndexPage.objects.parent_of(self).first()
        )
        previous_post, next_post = self.neighbours()
        topics = list(self.topics.all())
        shown = localized_topics(topics, active_locale(request))
        share_image = self.share_image()
        clinic = ClinicSettings.for_page(self, request)
        return {
            "blog_index": {"title": index.title, "url": index.get_url(request)},
            "topics": [(topic.name, topic.slug) for topic in shown],
            "related_posts": [
                Card.from_post(post, request) for post in self.related_posts(topics)
            ],
            "previous_post": previous_post and link(previous_post, request),
            "next_post": next_post and link(next_post, request),
            "share_image_url": share_image and absolute_url(clinic, share_image.url),
        }

    def body_with_images(self):
        """The body, with the renditions of every image the post shows (the hero
        image's too) loaded in one query."""
        images = [self.hero_image] if self.hero_image else []
        for block in self.body:
            if block.block_type == "image":
                images.append(block.value["image"])
            elif block.block_type == "testimonial" and block.value is not None:
                images.append(block.value.photo)
        prefetch_renditions([image for image in images if image is not None])
        return self.body

    def share_image(self):
        """The hero image as shared on social media and in structured data."""
        if not self.hero_image:
            return None
        return self.hero_image.get_rendition("fill-1200x630|format-jpeg")

    @property
    def headings(self):
        """(anchor, text, level) of every heading block, for the table of contents."""
        return [
            (block.value.anchor, block.value["text"], block.value["level"])
            for block in self.body
            if block.block_type == "heading"
        ]

    @property
    def review(self):
        """(reviewer, credentials, date) for the byline: the named clinical
        reviewer if there is one, else the moderator who approved the post and
        when; None if neither."""
        if self.reviewer_name:
            return (self.reviewer_name, self.reviewer_credentials, None)
        if self.approved_by_name:
            return (self.approved_by_name, "", self.approved_at)
        return None

    @property
    def reading_time(self):
        """Minutes to read the post, at least one: from the body's words as saved
        with it (``search_text``; a preview counts its own, see serve_preview)."""
        words = len(self.intro.split()) + len(self.search_text.split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    def serve_preview(self, request, mode_name):
        # A preview's body is the editor's unsaved draft.
        self.search_text = body_text(self.body)
        return super().serve_preview(request, mode_name)

    def published_siblings(self):
        """The other live, public posts of the same blog."""
        return (
            BlogPostPage.objects.live()
            .filter(public_q(site_id_for_page(self)))
            .sibling_of(self, inclusive=False)
        )

    def related_posts(self, topics=None, limit=3):
        """Live posts of the same blog that share a topic (in any language),
        newest first."""
        if topics is None:
            topics = self.topics.all()
        keys = {topic.translation_key for topic in topics}
        posts = (
            self.published_siblings()
            .filter(topics__translation_key__in=keys)
            .distinct()
            .order_by("-date_published", "-pk")
        )
        return list(with_card_images(posts)[:limit])

    def neighbours(self):
        """The previous (older) and next (newer) live posts of the same blog."""
        siblings = self.published_siblings()
        date, pk = self.date_published, self.pk or 0
        older = Q(date_published__lt=date) | Q(date_published=date, pk__lt=pk)
        newer = Q(date_published__gt=date) | Q(date_published=date, pk__gt=pk)
        return (
            siblings.filter(older).order_by("-date_published", "-pk").first(),
            siblings.filter(newer).order_by("date_published", "pk").first(),
        )

    def topic_names(self):
        """The topics' names in the post's language, for the search index."""
        topics = self.topics.all()
        return " ".join(topic.name for topic in localized_topics(topics, self.locale))


def body_text(body):
    """The words of a post's body, without markup."""
    texts = body.stream_block.get_searchable_content(body)
    return " ".join(" ".join(strip_tags(text).split()) for text in texts)


def link(post, request):
    """Title and URL: all the previous/next links show of a post."""
    return {"title": post.title, "url": post.get_url(request)}
