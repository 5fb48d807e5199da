from .pages import BlogIndexPage, BlogPostPage
from .snippets import FAQSet, Testimonial, Topic

__all__ = ["BlogIndexPage", "BlogPostPage", "FAQSet", "Testimonial", "Topic"]
