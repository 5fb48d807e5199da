"""Every field and every block an editor fills in explains itself.

Editors (and clinic staff in the admin) are not developers: each form field they
see, and each field of each StreamField block, must carry help text saying what it
is for, with an example or a limit where useful. These tests list every offender.
"""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from wagtail import blocks
from wagtail.admin.panels import get_edit_handler
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Page,
    RevisionMixin,
    TranslatableMixin,
)

APP_LABELS = ["home", "blog", "leads"]

# Models editors never fill in a form: written by code, or made by a command.
NOT_EDITED = {
    "home.WorkerHeartbeat",
    "home.ClinicTeam",
    "leads.RateCounter",
    "leads.MailServer",
}


WAGTAIL_BASES = (
    Page,
    DraftStateMixin,
    RevisionMixin,
    LockableMixin,
    TranslatableMixin,
    BaseSiteSetting,
)


def wagtail_field_names(model):
    """Fields that Wagtail's models and mixins bring to ``model``, with Wagtail's
    help (title, slug, go_live_at, locale, a setting's site...)."""
    names = set()
    for base in WAGTAIL_BASES:
        if issubclass(model, base):
            names.update(field.name for field in base._meta.get_fields())
    # Abstract mixins' relations are made per concrete model.
    if issubclass(model, RevisionMixin):
        names.update({"_revisions", "latest_revision", "live_revision"})
    return names


def edited_models():
    for label in APP_LABELS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label not in NOT_EDITED:
                yield model


def edit_handler(model):
    """The panel the admin builds the model's edit form from."""
    if model._meta.label == "leads.Lead":
        from leads.viewsets import LeadViewSet

        return LeadViewSet.edit_handler.bind_to_model(model)
    if issubclass(model, Page):
        return model.get_edit_handler()
    viewset = getattr(model, "snippet_viewset", None)
    if viewset is not None:
        return viewset.get_edit_handler()
    return get_edit_handler(model)


def admin_field_names(model):
    """Names of the model fields the model's admin form shows, in order; for any
    model but Lead (whose form shows two fields beside a read-only summary) also
    every editable field the model declares, shown or not."""
    names = list(edit_handler(model).get_form_options().get("fields", []))
    if model._meta.label != "leads.Lead":
        for field in model._meta.get_fields():
            concrete = getattr(field, "concrete", False) or field.many_to_many
            if (
                concrete
                and not field.auto_created
                and getattr(field, "editable", False)
                and field.name not in names
            ):
                names.append(field.name)
    inherited = wagtail_field_names(model)
    return [name for name in names if name not in inherited]


def fields_without_help():
    offenders = []
    for model in edited_models():
        for name in admin_field_names(model):
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue  # a form-only field: its form gives it help
            if not str(getattr(field, "help_text", "") or "").strip():
                offenders.append(f"{model.__name__}.{name}")
    return offenders


def is_container(block):
    """Blocks whose form is nothing but their children's: each child explains
    itself, and the block menu shows a stream child's description."""
    if isinstance(block, ImageBlock):
        return False  # one chooser with alt text: a field, not a group
    return isinstance(block, blocks.StreamBlock | blocks.StructBlock)


def children(block):
    """(suffix, child) for each child of a block whose children editors fill in."""
    if isinstance(block, ImageBlock):
        return []
    if isinstance(block, blocks.ListBlock):
        return [("[]", block.child_block)]
    if isinstance(block, blocks.StreamBlock | blocks.StructBlock):
        return [(f".{name}", child) for name, child in block.child_blocks.items()]
    return []


def help_text(block):
    """A block's help text: ``meta.help_text`` (some Meta classes lack it), or for
    a field block the help of its form field, which is what the editor shows."""
    text = getattr(block.meta, "help_text", None)
    if not text and isinstance(block, blocks.FieldBlock):
        text = block.field.help_text
    return str(text or "").strip()


def blocks_without_help(block, path):
    offenders = []
    for suffix, child in children(block):
        child_path = path + suffix
        if not is_container(child) and not help_text(child):
            offenders.append(child_path)
        offenders += blocks_without_help(child, child_path)
    return offenders


def stream_fields():
    for model in edited_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField) and field.model is model:
                yield model, field


def test_every_admin_field_has_help_text():
    offenders = fields_without_help()
    assert not offenders, "Fields without help text:\n" + "\n".join(offenders)


def test_every_streamfield_block_has_help_text():
    offenders = []
    for model, field in stream_fields():
        offenders += blocks_without_help(
            field.stream_block, f"{model.__name__}.{field.name}"
        )
    assert not offenders, "Blocks without help text:\n" + "\n".join(offenders)


def test_the_walk_finds_what_it_checks():
    """Guard against a test that passes because it looks at nothing."""
    checked = {model._meta.label for model in edited_models()}
    assert {
        "home.HomePage",
        "home.ClinicSettings",
        "home.Notice",
        "blog.BlogPostPage",
        "blog.Testimonial",
        "blog.FAQSet",
        "blog.Topic",
        "leads.Lead",
        "leads.LeadSettings",
        "leads.ContactPage",
    } <= checked
    assert checked.isdisjoint(NOT_EDITED)
    from leads.models import Lead

    assert admin_field_names(Lead) == ["status", "staff_notes"]
    from blog.models import BlogPostPage

    assert {"intro", "body", "topics", "hero_image_alt"} <= set(
        admin_field_names(BlogPostPage)
    )
    assert "title" not in admin_field_names(BlogPostPage)
    paths = [
        path
        for model, field in stream_fields()
        for path in walk_paths(field.stream_block, f"{model.__name__}.{field.name}")
    ]
    assert "BlogPostPage.body.faq.items[].answer" in paths
    assert "BlogPostPage.body.callout.stats[].value" in paths


def walk_paths(block, path):
    for suffix, child in children(block):
        yield path + suffix
        yield from walk_paths(child, path + suffix)
