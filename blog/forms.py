from django.utils.translation import gettext_lazy as _

from home.chosen_objects import ClinicPageForm


class BlogPostPageForm(ClinicPageForm):
    """A post's form: ClinicPageForm refuses other clinics' testimonials, FAQ sets
    and images; this also refuses slugs the blog's own routes take."""

    def clean(self):
        cleaned_data = super().clean()
        self.refuse_route_slugs(cleaned_data.get("slug"))
        return cleaned_data

    def refuse_route_slugs(self, slug):
        """A post called "feed" or "search" would hide behind the blog's own
        pages of that name."""
        parent = self.parent_page.specific
        routes = getattr(parent, "is_subpage_route", None)
        if slug and routes is not None and routes([slug]):
            self.add_error(
                "slug",
                _("“%(slug)s” is taken by the blog itself. Choose another slug.")
                % {"slug": slug},
            )
