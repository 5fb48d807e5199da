from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from home.chosen_objects import ClinicPageForm
from home.sites import site_id_for_page

TESTIMONIAL_ERROR = _(
    "This testimonial belongs to another clinic. Choose one of this clinic's "
    "testimonials."
)
FAQ_SET_ERROR = _(
    "This FAQ set belongs to another clinic. Choose one of this clinic's FAQ sets."
)


def foreign_snippet_errors(body, site_id):
    """Errors for every testimonial or FAQ set in ``body`` that belongs to another
    clinic's site, keyed by block index."""
    errors = {}
    for index, block in enumerate(body):
        if block.block_type == "testimonial":
            snippet, error = block.value, TESTIMONIAL_ERROR
        elif block.block_type == "faq":
            snippet, error = block.value.get("faq_set"), FAQ_SET_ERROR
        else:
            continue
        if snippet is None or snippet.site_id == site_id:
            continue
        if block.block_type == "faq":
            errors[index] = StructBlockValidationError(
                block_errors={"faq_set": ValidationError(error)}
            )
        else:
            errors[index] = ValidationError(error)
    return errors


class BlogPostPageForm(ClinicPageForm):
    """Refuses testimonials and FAQ sets of another clinic: the chooser cannot know
    which site the edited page belongs to, the form can."""

    def clean(self):
        cleaned_data = super().clean()
        self.refuse_route_slugs(cleaned_data.get("slug"))
        body = cleaned_data.get("body")
        if body is None:
            return cleaned_data
        site_id = site_id_for_page(self.instance, self.parent_page)
        errors = foreign_snippet_errors(body, site_id)
        if errors:
            self.add_error("body", StreamBlockValidationError(block_errors=errors))
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
