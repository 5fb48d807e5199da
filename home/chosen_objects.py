"""Objects chosen in a page must belong to the page's own clinic.

The admin's choosers only offer a clinic's own images, pages and snippets, but
the server receives ids: an editor can post another clinic's image, page or
testimonial in a StreamField, a ForeignKey field or rich text, and the page
would show it. ``ClinicPageForm`` refuses such a save with an error on the field
(on the block itself, for a StreamField).

"Another clinic" means that the page belongs to site X and the object to a
site Y other than X:

- an image or document belongs to the site whose ClinicTeam collection holds
  it (directly or in a child collection); images of no clinic, e.g. in the root
  collection, belong to none;
- a page belongs to the site whose tree holds it;
- a snippet with a ``site`` ForeignKey belongs to that site.

Superusers too are refused another clinic's objects: the page is shown on one
clinic's site whoever edits it. Other users must also be allowed to choose each
image or document, as the chooser would have checked.
"""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.documents import get_document_model
from wagtail.documents.models import AbstractDocument
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock
from wagtail.images.models import AbstractImage
from wagtail.models import Page, Site
from wagtail.permissions import policy_registry
from wagtail.rich_text import extract_references_from_rich_text

from home import content_checks
from home.sites import site_id_for_page

IMAGE_ELSEWHERE = _("This image belongs to another clinic.")
DOCUMENT_ELSEWHERE = _("This document belongs to another clinic.")
PAGE_ELSEWHERE = _("This page is on another clinic's site.")
IMAGE_NOT_ALLOWED = _("You may not use this image.")
DOCUMENT_NOT_ALLOWED = _("You may not use this document.")
SNIPPET_ELSEWHERE = {
    "blog.testimonial": _(
        "This testimonial belongs to another clinic. Choose one of this clinic's "
        "testimonials."
    ),
    "blog.faqset": _(
        "This FAQ set belongs to another clinic. Choose one of this clinic's FAQ sets."
    ),
    "blog.topic": _(
        "This topic belongs to another clinic. Choose one of this clinic's topics."
    ),
    "home.notice": _(
        "This notice belongs to another clinic. Choose one of this clinic's notices."
    ),
}
OBJECT_ELSEWHERE = _("This item belongs to another clinic.")
# Rich text may hold several links: the error says which one is refused.
IN_TEXT = _("“%(object)s”: %(reason)s")


class ChoiceRules:
    """What a page of site ``site_id`` may show when ``user`` saves it.

    ``page`` is the page as it was before this save: an image or document it
    already shows stays allowed even if ``user`` could not choose it (another
    user with more rights put it there), as long as it is of the same clinic.
    """

    def __init__(self, *, site_id, user, page=None):
        self.site_id = site_id
        self.user = user
        self.page = page
        self._clinic_collections = None
        self._collection_paths = {}
        self._already_shown = None

    @classmethod
    def for_form(cls, form):
        site_id = site_id_for_page(form.instance, getattr(form, "parent_page", None))
        return cls(site_id=site_id, user=form.for_user, page=form.instance)

    def refusal(self, obj):
        """Why ``obj`` may not be shown on the page, or None."""
        if isinstance(obj, AbstractImage):
            return self.file_refusal(obj, IMAGE_ELSEWHERE, IMAGE_NOT_ALLOWED)
        if isinstance(obj, AbstractDocument):
            return self.file_refusal(obj, DOCUMENT_ELSEWHERE, DOCUMENT_NOT_ALLOWED)
        if isinstance(obj, Page):
            if site_id_for_page(obj) != self.site_id:
                return PAGE_ELSEWHERE
            return None
        owner = owner_site_id(obj)
        if owner is not NO_SITE and owner != self.site_id:
            return SNIPPET_ELSEWHERE.get(obj._meta.label_lower, OBJECT_ELSEWHERE)
        return None

    def file_refusal(self, obj, elsewhere, not_allowed):
        if self.collection_site_ids(obj.collection_id) - {self.site_id}:
            return elsewhere
        if self.may_choose(obj):
            return None
        return not_allowed

    def may_choose(self, obj):
        """As the chooser would decide; without a user (a form built outside a
        request) only the clinic rule applies."""
        user = self.user
        if user is None or (user.is_active and user.is_superuser):
            return True
        policy = policy_registry.get_by_type(type(obj))
        return policy.user_has_permission_for_instance(
            user, "choose", obj
        ) or self.already_shown(obj)

    def collection_site_ids(self, collection_id):
        """Sites whose clinic collection is ``collection_id`` or one of its
        ancestors."""
        path = self.collection_path(collection_id)
        return {
            site_id
            for clinic_path, site_id in self.clinic_collections()
            if path.startswith(clinic_path)
        }

    def clinic_collections(self):
        if self._clinic_collections is None:
            team_model = apps.get_model("home", "ClinicTeam")
            self._clinic_collections = list(
                team_model.objects.values_list("collection__path", "site_id")
            )
        return self._clinic_collections

    def collection_path(self, collection_id):
        if collection_id not in self._collection_paths:
            collection_model = apps.get_model("wagtailcore", "Collection")
            self._collection_paths[collection_id] = (
                collection_model.objects.filter(pk=collection_id)
                .values_list("path", flat=True)
                .first()
                or ""
            )
        return self._collection_paths[collection_id]

    def already_shown(self, obj):
        if self._already_shown is None:
            self._already_shown = references_of_page(self.page)
        return (obj._meta.label_lower, str(obj.pk)) in self._already_shown

    def errors(self, objects, *, named=False):
        """One message per refused object (an object linked twice is named
        once); ``named`` puts the object's name in it, for rich text where the
        field alone does not say which link is refused."""
        messages = {}
        for obj in objects:
            reason = self.refusal(obj)
            if reason is None:
                continue
            message = IN_TEXT % {"object": obj, "reason": reason} if named else reason
            messages[str(message)] = message
        return list(messages.values())


NO_SITE = object()


def owner_site_id(obj):
    """The id of the site ``obj`` belongs to through its ``site`` ForeignKey, or
    NO_SITE for objects that belong to no site."""
    try:
        field = obj._meta.get_field("site")
    except FieldDoesNotExist:
        return NO_SITE
    if field.concrete and field.is_relation and field.related_model is Site:
        return getattr(obj, field.attname)
    return NO_SITE


def references_of_page(page):
    """(model label, pk) of every image and document ``page`` shows in its
    StreamFields, rich text and ForeignKeys, as last saved."""
    if page is None or page.pk is None:
        return set()
    found = set()
    file_models = (get_image_model(), get_document_model())
    for field in page._meta.concrete_fields:
        if hasattr(field, "extract_references"):
            references = field.extract_references(getattr(page, field.attname))
            found.update(
                (model._meta.label_lower, str(pk))
                for model, pk, _path, _content_path in references
            )
        elif field.many_to_one and field.related_model in file_models:
            pk = getattr(page, field.attname)
            if pk is not None:
                found.add((field.related_model._meta.label_lower, str(pk)))
    return found


def objects_in_rich_text(html):
    """The pages, images and documents linked or embedded in rich text (as
    stored: ``<a linktype="page" id="..">``, ``<embed embedtype="image" ..>``).
    Missing objects are skipped: they show nothing."""
    return load_references(extract_references_from_rich_text(html or ""))


def load_references(references):
    objects = []
    for model, pk, _path, _content_path in references:
        try:
            obj = model._default_manager.filter(pk=pk).first()
        except (ValueError, TypeError, ValidationError):  # a forged, malformed id
            obj = None
        if obj is not None:
            objects.append(obj)
    return objects


# StreamField values


def block_error(block, value, rules):
    """A validation error for ``value`` of ``block`` shaped like the block (so
    the admin shows it on the very block that is refused), or None."""
    if value is None:
        return None
    if isinstance(block, blocks.StreamBlock):
        return stream_error(value, rules)
    if isinstance(block, blocks.ListBlock):
        return list_error(value, rules)
    if isinstance(block, ImageBlock):
        return image_block_error(block, value, rules)
    if isinstance(block, blocks.StructBlock):
        return struct_error(block, value, rules)
    return leaf_error(block, value, rules)


def stream_error(value, rules):
    errors = {}
    for index, child in enumerate(value):
        error = block_error(child.block, child.value, rules)
        if error is not None:
            errors[index] = error
    return blocks.StreamBlockValidationError(block_errors=errors) if errors else None


def list_error(value, rules):
    errors = {}
    for index, child in enumerate(value.bound_blocks):
        error = block_error(child.block, child.value, rules)
        if error is not None:
            errors[index] = error
    return blocks.ListBlockValidationError(block_errors=errors) if errors else None


def struct_error(block, value, rules):
    errors = {}
    for name, child_block in block.child_blocks.items():
        error = block_error(child_block, value.get(name), rules)
        if error is not None:
            errors[name] = error
    return blocks.StructBlockValidationError(block_errors=errors) if errors else None


def image_block_error(block, value, rules):
    """ImageBlock is a StructBlock whose value is the image itself; Wagtail puts
    the image's own errors on its "image" child, and so do we."""
    error = leaf_error(block.child_blocks["image"], value, rules)
    if error is None:
        return None
    return blocks.StructBlockValidationError(block_errors={"image": error})


def leaf_error(block, value, rules):
    """A chooser block's value is the chosen object itself, whatever loaded it;
    any other block (rich text, custom blocks) says what it refers to through
    ``extract_references``, as for Wagtail's reference index."""
    if isinstance(value, Model):
        messages = rules.errors([value])
    else:
        objects = load_references(block.extract_references(value))
        messages = rules.errors(objects, named=True)
    return ValidationError(messages) if messages else None


# Form fields


def field_error(model_field, value, rules):
    """The error for one cleaned form value, or None."""
    if isinstance(value, blocks.StreamValue):
        return block_error(value.stream_block, value, rules)
    if isinstance(value, Model):
        objects, named = [value], False
    elif isinstance(value, QuerySet):
        objects, named = list(value), True
    elif isinstance(model_field, RichTextField):
        objects, named = objects_in_rich_text(value), True
    else:
        return None
    messages = rules.errors(objects, named=named)
    return ValidationError(messages) if messages else None


def chosen_object_errors(form, rules):
    """(field name, error) for every field of ``form`` whose cleaned value
    shows an object the page may not show."""
    model_meta = form._meta.model._meta
    for name, value in list(form.cleaned_data.items()):
        try:
            model_field = model_meta.get_field(name)
        except FieldDoesNotExist:
            model_field = None
        error = field_error(model_field, value, rules)
        if error is not None:
            yield name, error


class ClinicPageForm(WagtailAdminPageForm):
    """Admin form of every clinic page type: refuses a save that shows another
    clinic's images, documents, pages or snippets (see the module's docstring),
    and a publish or submission that fails the editorial checks of
    home.content_checks. Nothing is saved: the error is raised before the form
    builds the page."""

    def clean(self):
        cleaned_data = super().clean()
        rules = ChoiceRules.for_form(self)
        for name, error in chosen_object_errors(self, rules):
            self.add_error(name, error)
        if not self.is_deferred_validation:  # a draft saves without the checks
            for name, error in content_checks.page_errors(cleaned_data, rules.site_id):
                if name not in self.errors:  # one error shape per StreamField
                    self.add_error(name, error)
        return cleaned_data
