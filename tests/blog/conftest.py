import pytest
import wagtail_factories

from blog.factories import (
    BlogIndexPageFactory,
    BlogPostPageFactory,
    every_block_body,
)


@pytest.fixture
def truhealing_blog(truhealing):
    return BlogIndexPageFactory(parent=truhealing.home)


@pytest.fixture
def tal_blog(tal):
    return BlogIndexPageFactory(parent=tal.home)


@pytest.fixture
def full_post(truhealing, truhealing_blog):
    hero = wagtail_factories.ImageFactory(title="Morning path")
    return BlogPostPageFactory(
        parent=truhealing_blog,
        title="How to come back after leaving IOP",
        slug="come-back",
        hero_image=hero,
        hero_image_alt="A path through a park at sunrise",
        author_name="Admissions team",
        reviewer_name="Clinical review team",
        body=every_block_body(truhealing.site),
        topics=["IOP", "returning"],
    )
