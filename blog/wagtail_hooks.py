from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from blog.models import FAQSet, Testimonial
from home.snippets import SiteScopedSnippetViewSet, site_scoped_delete_bulk_action


class TestimonialViewSet(SiteScopedSnippetViewSet):
    model = Testimonial
    icon = "openquote"
    menu_label = _("Testimonials")
    list_display = ["__str__", "program", "site", "is_composite", "locale"]
    list_filter = ["site", "program", "is_composite"]
    search_fields = ["quote", "attribution"]


class FAQSetViewSet(SiteScopedSnippetViewSet):
    model = FAQSet
    icon = "help"
    menu_label = _("FAQ sets")
    list_display = ["title", "site", "locale"]
    search_fields = ["title"]


register_snippet(TestimonialViewSet)
register_snippet(FAQSetViewSet)
hooks.register(
    "register_bulk_action",
    site_scoped_delete_bulk_action(Testimonial, FAQSet),
    order=1,
)
