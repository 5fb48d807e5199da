"""The page-cache benchmark's database (bench/pages.sh): what bench/setup_db.py
builds (the demo clinics and the large post), with the large post's topic given
as ``topics`` (setup_db.py still passes the ``tags`` of before blog.Topic, which
BlogPostPage no longer takes). Prints the typical post's path last.
"""

import os
import sys

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from django.core.management import call_command  # noqa: E402

from blog.factories import BlogPostPageFactory, every_block_body  # noqa: E402
from blog.models import BlogIndexPage, BlogPostPage  # noqa: E402

call_command("migrate", verbosity=0)
if not BlogIndexPage.objects.filter(url_path="/truhealing-cincinnati/blog/").exists():
    call_command("load_demo", verbosity=0)
blog = BlogIndexPage.objects.get(url_path="/truhealing-cincinnati/blog/")
if not blog.get_children().filter(slug="large-post").exists():
    post = BlogPostPageFactory(
        parent=blog,
        slug="large-post",
        title="A large post",
        body=every_block_body(
            blog.get_site(), faq_items=50, testimonials=20, images=20
        ),
        topics=["IOP"],
    )
    post.save_revision().publish()
# The typical post of bench/run.sh: TruHealing's latest demo post.
typical = (
    BlogPostPage.objects.live()
    .filter(url_path__startswith="/truhealing-cincinnati/")
    .exclude(slug="large-post")
    .order_by("-date_published")
    .first()
)
print(typical.url_path.replace("/truhealing-cincinnati", "", 1))
