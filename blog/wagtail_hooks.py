from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from blog.models import FAQSet, Testimonial, Topic
from home.snippets import (
    SiteScopedSnippetViewSet,
    foreign_key_column,
    register_site_snippet,
    site_scoped_delete_bulk_action,
)

# The viewsets leave search_fields unset: the admin then searches the model's
# index (its AutocompleteFields). Naming fields breaks the search on SQLite, whose
# backend takes them for columns of its full-text table (django-modelsearch#47).


class TestimonialViewSet(SiteScopedSnippetViewSet):
    model = Testimonial
    icon = "openquote"
    menu_label = _("Testimonials")
    list_display = [
        "__str__",
        "program",
        foreign_key_column("site", _("Clinic site")),
        "is_composite",
        foreign_key_column("locale", _("Locale")),
    ]
    list_filter = ["site", "program", "is_composite"]


class FAQSetViewSet(SiteScopedSnippetViewSet):
    model = FAQSet
    icon = "help"
    menu_label = _("FAQ sets")
    list_display = [
        "title",
        foreign_key_column("site", _("Clinic site")),
        foreign_key_column("locale", _("Locale")),
    ]


class TopicViewSet(SiteScopedSnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = [
        "name",
        "slug",
        foreign_key_column("site", _("Clinic site")),
        foreign_key_column("locale", _("Locale")),
    ]


register_site_snippet(TestimonialViewSet)
register_site_snippet(FAQSetViewSet)
register_site_snippet(TopicViewSet)
hooks.register(
    "register_bulk_action",
    site_scoped_delete_bulk_action(Testimonial, FAQSet, Topic),
    order=1,
)


@hooks.register("register_clinic_team_permissions")
def blog_team_permissions():
    """Testimonials, FAQ sets and topics, on the team's own clinic (see
    home.teams): editors write drafts, and topics, which have no drafts (they
    show on published posts only); moderators publish and delete."""
    write = [
        "blog.add_testimonial",
        "blog.change_testimonial",
        "blog.add_faqset",
        "blog.change_faqset",
        "blog.add_topic",
        "blog.change_topic",
    ]
    return {
        "editors": write,
        "moderators": write
        + [
            "blog.publish_testimonial",
            "blog.delete_testimonial",
            "blog.publish_faqset",
            "blog.delete_faqset",
            "blog.delete_topic",
        ],
    }
