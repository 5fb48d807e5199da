"""Admin panels of clinic pages."""

from django.apps import apps
from django.forms import Media
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel

from home.sites import site_id_for_page
from home.structured_data import absolute_url

# Roughly where search results cut a title and a description (they measure
# pixels; characters are what an editor can count).
TITLE_LENGTH = 60
DESCRIPTION_LENGTH = 160


class SearchPreviewPanel(Panel):
    """How the page will look in search results and as a shared link: its
    title tag (SEO title or title, then the clinic's name, as base.html writes
    it), address, meta description (the search description, else the intro, as
    includes/meta.html chooses), share image and whether it is hidden from
    search engines. search-preview.js redraws it as the editor types; the share
    image is the one last saved."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "home/admin/search_preview_panel.html"

        @property
        def media(self):
            return Media(js=["js/search-preview.js"])

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            parent = getattr(self.form, "parent_page", None) or page.get_parent()
            clinic = self.clinic(page, parent)
            clinic_name = clinic.display_name if clinic else ""
            title = page.seo_title or page.title
            title_tag = f"{title} | {clinic_name}"
            description = page.search_description or getattr(page, "intro", "")
            share_image = getattr(page, "share_image", None)
            share_image = share_image() if page.pk and share_image else None
            context.update(
                {
                    "page": page,
                    "clinic_name": clinic_name,
                    "url": (page.pk and page.get_full_url()) or "",
                    # A site's home page has no slug in its address.
                    "url_base": ""
                    if parent.depth == 1
                    else (parent.get_full_url() or ""),
                    "title": title,
                    "title_tag": title_tag,
                    "title_too_long": len(title_tag) > TITLE_LENGTH,
                    "description": description,
                    "description_too_long": len(description) > DESCRIPTION_LENGTH,
                    "share_image_url": share_image
                    and absolute_url(clinic, share_image.url),
                    "title_length": TITLE_LENGTH,
                    "description_length": DESCRIPTION_LENGTH,
                    "has_intro": hasattr(page, "intro"),
                }
            )
            return context

        def clinic(self, page, parent):
            site_id = site_id_for_page(page, parent)
            clinics = apps.get_model("home", "ClinicSettings").objects
            return clinics.select_related("site").filter(site_id=site_id).first()

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Preview in search results and when shared"))
        super().__init__(**kwargs)
