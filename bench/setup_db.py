"""Builds the benchmark database: the demo clinics plus one large post.

Run through bench/run.sh, which sets DJANGO_SETTINGS_MODULE and DATABASE_URL.
"""

import os
import sys

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from django.core.management import call_command  # noqa: E402

from blog.factories import BlogPostPageFactory, every_block_body  # noqa: E402
from blog.models import BlogIndexPage  # noqa: E402

call_command("migrate", verbosity=0)
call_command("load_demo", verbosity=0)
blog = BlogIndexPage.objects.get(url_path="/truhealing-cincinnati/blog/")
if not blog.get_children().filter(slug="large-post").exists():
    site = blog.get_site()
    post = BlogPostPageFactory(
        parent=blog,
        slug="large-post",
        title="A large post",
        body=every_block_body(site, faq_items=50, testimonials=20, images=20),
        topics=["IOP"],
    )
    post.save_revision().publish()
print("benchmark database ready")
