from .pages import BlogIndexPage, BlogPostPage, BlogPostTag
from .snippets import FAQSet, Testimonial

__all__ = ["BlogIndexPage", "BlogPostPage", "BlogPostTag", "FAQSet", "Testimonial"]
