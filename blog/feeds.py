import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed


class BlogFeed(Feed):
    """Atom feed of one clinic's blog: its newest posts."""

    feed_type = Atom1Feed
    limit = 20

    def get_object(self, request, blog_index):
        self.request = request
        return blog_index

    def title(self, blog_index):
        return blog_index.seo_title or blog_index.title

    def link(self, blog_index):
        return blog_index.get_full_url(self.request)

    def subtitle(self, blog_index):
        return blog_index.intro

    def items(self, blog_index):
        return blog_index.posts()[: self.limit]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.intro

    def item_link(self, post):
        return post.get_full_url(self.request)

    def item_pubdate(self, post):
        # The date the post shows, at midnight in the site's time zone.
        return timezone.make_aware(
            datetime.datetime.combine(post.date_published, datetime.time())
        )

    def item_updateddate(self, post):
        return post.last_published_at

    def item_author_name(self, post):
        return post.author_name or None
