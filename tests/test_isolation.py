"""Acceptance test of clinic teams: a clinic's editors, moderators and managers
reach nothing of another clinic through the admin.

Two clinics are made as ``manage.py add_clinic`` makes them (home.teams). For
each role of one clinic, every admin URL of the other clinic's objects is
requested (GET, and POST where the view takes one) and must be refused: 403, 404
or a redirect elsewhere than the object's own edit page, with nothing changed in
the database. Listings, choosers, reports and searches may answer, but never
show the other clinic's marker ("TRUHEALING-ONLY ...", "TAL-ONLY ...") and do
show a title of the user's own clinic where the role may use them, so that an
empty answer cannot pass. A request that names the other clinic's object in its
data only (a bulk action, a parent page or collection chosen in a form) may show
its form again, but leaves the other clinic as it was. A third clinic added by
``add_clinic`` inside a test is isolated in the same way, with no code change.

Every POST sends what the admin's own form sends (read as a superuser, for whom
it saves), so a refusal is not just a form error.

One test per role and direction: each requests every row and lists all the rows
that fail in one assertion message.
"""

import io
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import urlencode, urlsplit

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from django.test import Client
from django.test.client import MULTIPART_CONTENT, encode_multipart
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Locale,
    Page,
    PageViewRestriction,
    Revision,
    Site,
    TaskState,
    UploadedFile,
    WorkflowState,
)
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

import polib
import pytest
import wagtail_factories
from PIL import Image as PILImage

from blog import models as blog_models
from blog.factories import FAQSetFactory, TestimonialFactory, TopicFactory
from home.factories import NoticeFactory, StandardPageFactory
from home.models import ClinicSettings, ClinicTeam, Notice
from home.teams import ROLES, add_clinic
from leads.factories import LeadFactory
from leads.models import Lead, LeadSettings

FAQSet = blog_models.FAQSet
Image = get_image_model()
Document = get_document_model()

CLINICS = {
    "truhealing": {
        "hostname": "truhealing.localhost",
        "name": "TruHealing Cincinnati",
        "phone": "+18886439118",
        "marker": "TRUHEALING-ONLY",
    },
    "tal": {
        "hostname": "tal.localhost",
        "name": "Tal Behavioral Health Cleveland",
        "phone": "+12164804860",
        "marker": "TAL-ONLY",
    },
    "third": {
        "hostname": "third.localhost",
        "name": "Third Recovery Dayton",
        "phone": "+19375550100",
        "marker": "THIRD-ONLY",
    },
}

# Every marker has this word: a search for it finds both clinics' objects.
SEARCH = "ONLY"

EDITORS, MODERATORS, MANAGERS = ROLES
PAGE_ROLES = (EDITORS, MODERATORS)  # page, image, document and snippet writers
EVERYONE = ROLES


# --- The clinics -------------------------------------------------------------


@dataclass
class Clinic:
    key: str
    marker: str
    team: ClinicTeam
    users: dict
    home: Page
    page: Page  # published, with a newer draft, in moderation
    locked_page: Page
    translated_page: Page
    spare_page: Page  # the user's own page sent into the other tree
    alias: Page
    es_home: Page
    es_page: Page
    page_translation: Translation
    image: object
    document: object
    empty_collection: Collection
    notice: Notice
    testimonial: blog_models.Testimonial
    es_testimonial: blog_models.Testimonial
    testimonial_translation: Translation
    faq_set: FAQSet
    topic: blog_models.Topic
    lead: Lead
    workflow_state: WorkflowState
    task_state: TaskState

    @property
    def site(self):
        return self.team.site

    @property
    def collection(self):
        return self.team.collection

    @property
    def lead_label(self):
        # How the admin names a lead (Lead.__str__): "Lead #12, <clinic>".
        return f"Lead #{self.lead.pk},"

    @property
    def leaks(self):
        """Strings that show one of this clinic's objects."""
        return [self.marker, self.lead_label]


def publish(obj, user):
    obj.save_revision(user=user).publish(user=user)


def add_draft(obj, user, **changes):
    for name, value in changes.items():
        setattr(obj, name, value)
    return obj.save_revision(user=user)


def translate(instance, locale):
    source = TranslationSource.get_or_create_from_instance(instance)[0]
    translation = Translation.objects.create(source=source, target_locale=locale)
    translation.save_target(publish=True)
    return translation, instance.get_translation(locale)


def make_clinic(key, *, admin, spanish, user_model):
    """A clinic as add_clinic makes it, its team's users, and one object of each
    kind the admin shows, each titled with the clinic's marker."""
    facts = CLINICS[key]
    marker = facts["marker"]
    team, created = add_clinic(
        hostname=facts["hostname"],
        name=facts["name"],
        phone=facts["phone"],
        home_fields={"title": f"{marker} home"},
    )
    assert created
    users = {}
    for role, group in team.groups().items():
        user = user_model.objects.create_user(
            username=f"{key}-{role}", email=f"{role}@{facts['hostname']}"
        )
        user.groups.add(group)
        users[role] = user

    home = team.site.root_page.specific
    page = StandardPageFactory(parent=home, title=f"{marker} page", slug=f"{key}-page")
    publish(page, admin)
    add_draft(page, admin, title=f"{marker} page, draft")
    workflow_state = page.get_workflow().start(page, admin)
    locked_page = StandardPageFactory(
        parent=home, title=f"{marker} locked page", slug=f"{key}-locked"
    )
    publish(locked_page, admin)
    Page.objects.filter(pk=locked_page.pk).update(
        locked=True, locked_by=admin, locked_at=timezone.now()
    )
    translated_page = StandardPageFactory(
        parent=home, title=f"{marker} translated page", slug=f"{key}-translated"
    )
    publish(translated_page, admin)
    spare_page = StandardPageFactory(
        parent=home, title=f"{marker} spare page", slug=f"{key}-spare"
    )
    publish(spare_page, admin)
    alias = page.create_alias(parent=home, update_slug=f"{key}-page-alias")

    _home_translation, es_home = translate(home, spanish)
    page_translation, es_page = translate(translated_page, spanish)

    image = wagtail_factories.ImageFactory(
        collection=team.collection, title=f"{marker} image", uploaded_by_user=admin
    )
    document = wagtail_factories.DocumentFactory(
        collection=team.collection,
        title=f"{marker} document",
        uploaded_by_user=admin,
        file__filename=f"{key}.txt",  # an extension WAGTAILDOCS_EXTENSIONS allows
    )
    empty_collection = team.collection.add_child(name=f"{marker} empty collection")
    notice = NoticeFactory(site=team.site, name=f"{marker} notice")
    testimonial = TestimonialFactory(
        site=team.site, quote=f"{marker} testimonial", photo=image
    )
    publish(testimonial, admin)
    add_draft(testimonial, admin, quote=f"{marker} testimonial, draft")
    testimonial_translation, es_testimonial = translate(testimonial, spanish)
    for translation in (page_translation, testimonial_translation):
        # A translated string, so that deleting one is a change to refuse.
        segment = StringSegment.objects.filter(source=translation.source).first()
        StringTranslation.objects.create(
            translation_of_id=segment.string_id,
            locale=spanish,
            context_id=segment.context_id,
            data=f"{marker} traducido",
            translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
        )
    photo_segment = OverridableSegment.objects.get(
        source=testimonial_translation.source, context__path="photo"
    )
    SegmentOverride.objects.create(
        locale=spanish, context_id=photo_segment.context_id, data_json=str(image.pk)
    )
    faq_set = FAQSetFactory(site=team.site, title=f"{marker} FAQ set")
    publish(faq_set, admin)
    add_draft(faq_set, admin, title=f"{marker} FAQ set, draft")
    topic = TopicFactory(site=team.site, name=f"{marker} topic")

    lead = LeadFactory(
        site=team.site,
        name=f"{marker} lead",
        email=f"lead@{facts['hostname']}",
        quarantined=True,
        spam_signals="honeypot",
        delivery=Lead.Delivery.FAILED,
    )
    LeadSettings.objects.update_or_create(
        site=team.site, defaults={"lead_inboxes": f"admissions@{facts['hostname']}"}
    )
    return Clinic(
        key=key,
        marker=marker,
        team=team,
        users=users,
        home=home,
        page=page,
        locked_page=locked_page,
        translated_page=translated_page,
        spare_page=spare_page,
        alias=alias,
        es_home=es_home,
        es_page=es_page,
        page_translation=page_translation,
        image=image,
        document=document,
        empty_collection=empty_collection,
        notice=notice,
        testimonial=testimonial,
        es_testimonial=es_testimonial,
        testimonial_translation=testimonial_translation,
        faq_set=faq_set,
        topic=topic,
        lead=lead,
        workflow_state=workflow_state,
        task_state=workflow_state.current_task_state,
    )


@dataclass
class World:
    admin: object
    admin_client: Client
    spanish: Locale
    clinics: dict
    user_model: type
    forms: dict = field(default_factory=dict)

    def add(self, key):
        self.clinics[key] = make_clinic(
            key, admin=self.admin, spanish=self.spanish, user_model=self.user_model
        )
        return self.clinics[key]


@pytest.fixture
def world(db, django_user_model):
    # Wagtail's first migration made a default "localhost" site: the clinics
    # replace it, as load_demo does.
    Site.objects.filter(is_default_site=True).delete()
    admin = django_user_model.objects.create_superuser(
        username="root", email="root@clinic.example", password="pw"
    )
    admin_client = Client()
    admin_client.force_login(admin)
    spanish = Locale.objects.get_or_create(language_code="es")[0]
    world = World(admin, admin_client, spanish, {}, django_user_model)
    world.add("truhealing")
    world.add("tal")
    return world


# --- Form data, as the admin's own forms post it -------------------------------


def editor_form(world, address, form_id="w-editor-form", **changes):
    """The data of the admin's editor form at ``address`` as a superuser sees it,
    with ``changes``: what a user would post to change the object. A superuser
    posting it saves the change, so a refused user's post is a real attempt."""
    cached = world.forms.get(address)
    if cached is None:
        html = world.admin_client.get(address).content.decode()
        if f'id="{form_id}"' not in html:
            raise AssertionError(
                f"No editor form for a superuser at {address}: {html[:300]}"
            )
        cached = querydict_from_html(html, form_id=form_id)
        world.forms[address] = cached
    data = cached.copy()
    for name, value in changes.items():
        if isinstance(value, list):
            data.setlist(name, value)
        else:
            data[name] = value
    return data


def page_data(world, page, **changes):
    data = editor_form(
        world, reverse("wagtailadmin_pages:edit", args=[page.pk]), "page-edit-form"
    )
    data.update(nested_form_data({"body": streamfield([])}))
    for name, value in changes.items():
        data[name] = value
    return data


def new_page_data(title, slug):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "intro": "Written by another clinic.",
            "body": streamfield([]),
            "action-publish": "publish",
        }
    )


def settings_url(model, site):
    return reverse(
        "wagtailsettings:edit",
        args=[model._meta.app_label, model._meta.model_name, site.pk],
    )


def clinic_settings_data(world, site):
    data = editor_form(world, settings_url(ClinicSettings, site))
    data.update(
        nested_form_data(
            {
                "office_hours": streamfield(
                    [("hours", {"weekday": "0", "opens": "08:00", "closes": "09:00"})]
                ),
                "social_links": streamfield([]),
            }
        )
    )
    data["phone"] = "+15135550199"
    data["clinic_name"] = "Taken over"
    return data


def lead_settings_data(world, site):
    return editor_form(
        world,
        settings_url(LeadSettings, site),
        lead_inboxes="attacker@evil.example",
        lead_email_full_details="on",
    )


def snippet_data(world, obj, **changes):
    opts = obj._meta
    address = reverse(
        f"wagtailsnippets_{opts.app_label}_{opts.model_name}:edit", args=[obj.pk]
    )
    data = editor_form(world, address, **changes)
    if isinstance(obj, blog_models.Testimonial):
        data["is_composite"] = "on"  # a ticked box without a value posts "on"
    if isinstance(obj, FAQSet):
        item = {"question": "Taken?", "answer": rich_text("<p>Yes.</p>")}
        data.update(nested_form_data({"items": streamfield([("item", item)])}))
    return data


def png(name="upload.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def text_file(name="upload.txt"):
    return SimpleUploadedFile(
        name, b"Another clinic's file.", content_type="text/plain"
    )


# --- Rows ----------------------------------------------------------------------

REFUSE = "refuse"  # the other clinic's object in the URL: 403, 404 or redirect
LISTING = "listing"  # may answer; shows nothing of the other clinic
WRITE = "write"  # the other clinic's object in the data: may re-show the form


@dataclass
class Row:
    description: str
    method: str
    url: str
    data: object = None
    kind: str = REFUSE
    own: str = None  # for listings: a title of the user's own clinic...
    own_roles: tuple = ()  # ...that users of these roles must see there
    core: bool = False  # in the reduced matrix of a third clinic

    def __str__(self):
        return f"{self.method} {self.url} ({self.description})"


def url(name, *args, query=None):
    address = reverse(name, args=args)
    return f"{address}?{urlencode(query, doseq=True)}" if query else address


def optional_url(name, *args):
    """A view a viewset may enable later (e.g. a snippet's inspect view): its
    row is then checked with no change here."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def get_and_post(description, address, data=None, *, kind=REFUSE, core=False):
    post_data = data if data is not None else {}
    return [
        Row(description, "GET", address, kind=kind, core=core),
        Row(description, "POST", address, post_data, kind=kind, core=core),
    ]


def page_rows(world, other, own):
    page, home, alias = other.page, other.home, other.alias
    revisions = list(page.revisions.order_by("pk").values_list("pk", flat=True))
    first, latest = revisions[0], revisions[-1]
    edit = url("wagtailadmin_pages:edit", page.pk)
    revert = url("wagtailadmin_pages:revisions_revert", page.pk, first)
    standard_add = url("wagtailadmin_pages:add", "home", "standardpage", home.pk)
    return [
        *get_and_post(
            "page: edit",
            edit,
            page_data(world, page, title=f"{own.marker} took this page"),
            core=True,
        ),
        *get_and_post(
            "page: delete", url("wagtailadmin_pages:delete", page.pk), core=True
        ),
        *get_and_post(
            "page: copy into the user's own tree",
            url("wagtailadmin_pages:copy", page.pk),
            {
                "new_title": f"{own.marker} copied page",
                "new_slug": "copied-page",
                "new_parent_page": own.home.pk,
                "copy_subpages": "on",
                "publish_copies": "on",
            },
        ),
        Row("page: move chooser", "GET", url("wagtailadmin_pages:move", page.pk)),
        *get_and_post(
            "page: move into the user's own tree",
            url("wagtailadmin_pages:move_confirm", page.pk, own.home.pk),
        ),
        *get_and_post(
            "page: move the user's own page into this tree",
            url("wagtailadmin_pages:move_confirm", own.spare_page.pk, home.pk),
        ),
        Row(
            "page: reorder",
            "POST",
            url("wagtailadmin_pages:set_page_position", page.pk, query={"position": 0}),
            {},
        ),
        *get_and_post("page: unpublish", url("wagtailadmin_pages:unpublish", page.pk)),
        Row("page: view draft", "GET", url("wagtailadmin_pages:view_draft", page.pk)),
        *get_and_post(
            "page: preview on edit",
            url("wagtailadmin_pages:preview_on_edit", page.pk),
            page_data(world, page, title="Preview"),
        ),
        *get_and_post(
            "page: preview on add under its home",
            url("wagtailadmin_pages:preview_on_add", "home", "standardpage", home.pk),
            new_page_data("Preview", "preview"),
        ),
        Row(
            "page: revisions index",
            "GET",
            url("wagtailadmin_pages:revisions_index", page.pk),
        ),
        # Wagtail advisory: revisions and history of objects the user may not see.
        Row(
            "page: revision view",
            "GET",
            url("wagtailadmin_pages:revisions_view", page.pk, first),
        ),
        Row(
            "page: revisions compare",
            "GET",
            reverse(
                "wagtailadmin_pages:revisions_compare",
                kwargs={"pk": page.pk, "revision_id_a": first, "revision_id_b": latest},
            ),
        ),
        *get_and_post(
            "page: revision revert",
            revert,
            page_data(world, page, title=f"{own.marker} reverted"),
        ),
        *get_and_post(
            "page: revision unschedule",
            url("wagtailadmin_pages:revisions_unschedule", page.pk, latest),
        ),
        Row("page: history", "GET", url("wagtailadmin_pages:history", page.pk)),
        Row(
            "page: history results",
            "GET",
            url("wagtailadmin_pages:history_results", page.pk),
        ),
        Row("page: usage", "GET", url("wagtailadmin_pages:usage", page.pk)),
        Row("page: lock", "POST", url("wagtailadmin_pages:lock", page.pk), {}),
        Row(
            "page: unlock",
            "POST",
            url("wagtailadmin_pages:unlock", other.locked_page.pk),
            {},
        ),
        Row(
            "page: workflow history",
            "GET",
            url("wagtailadmin_pages:workflow_history", page.pk),
        ),
        Row(
            "page: workflow history detail",
            "GET",
            url(
                "wagtailadmin_pages:workflow_history_detail",
                page.pk,
                other.workflow_state.pk,
            ),
        ),
        *get_and_post(
            "page: workflow approve",
            url(
                "wagtailadmin_pages:workflow_action",
                page.pk,
                "approve",
                other.task_state.pk,
            ),
            {"comment": "Approved by another clinic"},
        ),
        Row(
            "page: workflow action data",
            "GET",
            url(
                "wagtailadmin_pages:collect_workflow_action_data",
                page.pk,
                "approve",
                other.task_state.pk,
            ),
        ),
        Row(
            "page: workflow preview",
            "GET",
            url(
                "wagtailadmin_pages:workflow_preview",
                page.pk,
                other.task_state.task_id,
            ),
        ),
        Row(
            "page: workflow cancellation",
            "GET",
            url("wagtailadmin_pages:confirm_workflow_cancellation", page.pk),
        ),
        Row(
            "page: add subpage under its home",
            "GET",
            url("wagtailadmin_pages:add_subpage", home.pk),
        ),
        *get_and_post(
            "page: add a page under its home",
            standard_add,
            new_page_data(f"{own.marker} planted page", "planted"),
            core=True,
        ),
        *get_and_post(
            "page: convert alias", url("wagtailadmin_pages:convert_alias", alias.pk)
        ),
        *get_and_post(
            "page: privacy",
            url("wagtailadmin_pages:set_privacy", page.pk),
            {"restriction_type": "password", "password": "taken", "groups": []},
        ),
        *get_and_post(
            "page: submit translation",
            url("wagtail_localize:submit_page_translation", page.pk),
            {"locales": [world.spanish.pk], "include_subtree": ""},
        ),
        Row(
            "page: admin API detail",
            "GET",
            url("wagtailadmin_api:pages:detail", page.pk),
        ),
        *get_and_post(
            "page: bulk delete",
            url(
                "wagtail_bulk_action",
                "wagtailcore",
                "page",
                "delete",
                query={"id": page.pk},
            ),
            kind=WRITE,
        ),
        *get_and_post(
            "page: bulk unpublish",
            url(
                "wagtail_bulk_action",
                "wagtailcore",
                "page",
                "unpublish",
                query={"id": page.pk},
            ),
            kind=WRITE,
        ),
        *get_and_post(
            "page: bulk move into the user's own tree",
            url(
                "wagtail_bulk_action",
                "wagtailcore",
                "page",
                "move",
                query={"id": page.pk},
            ),
            {"chooser": own.home.pk},
            kind=WRITE,
        ),
    ]


def page_write_rows(world, other, own):
    """The user's own page sent into the other clinic's tree."""
    return [
        Row(
            "own page: copy into the other clinic's tree",
            "POST",
            url("wagtailadmin_pages:copy", own.spare_page.pk),
            {
                "new_title": f"{own.marker} planted copy",
                "new_slug": "planted-copy",
                "new_parent_page": other.home.pk,
                "copy_subpages": "",
                "publish_copies": "on",
            },
            kind=WRITE,
        ),
    ]


def image_rows(world, other, own):
    image = other.image
    edit = url("wagtailimages:edit", image.pk)
    return [
        *get_and_post(
            "image: edit",
            edit,
            {"title": f"{own.marker} took this image", "collection": own.collection.pk},
            core=True,
        ),
        *get_and_post(
            "image: delete", url("wagtailimages:delete", image.pk), core=True
        ),
        Row("image: usage", "GET", url("wagtailimages:image_usage", image.pk)),
        Row(
            "image: preview",
            "GET",
            url("wagtailimages:preview", image.pk, "original"),
        ),
        Row(
            "image: chooser chosen",
            "GET",
            url("wagtailimages_chooser:chosen", image.pk),
        ),
        *get_and_post(
            "image: chooser select format",
            url("wagtailimages_chooser:select_format", image.pk),
            {"image-chooser-insertion-format": "fullwidth", "alt_text": "x"},
        ),
        Row(
            "image: multiple edit",
            "POST",
            url("wagtailimages:edit_multiple", image.pk),
            {
                f"image-{image.pk}-title": f"{own.marker} took this image",
                f"image-{image.pk}-collection": own.collection.pk,
                f"image-{image.pk}-tags": "",
            },
        ),
        Row(
            "image: multiple delete",
            "POST",
            url("wagtailimages:delete_multiple", image.pk),
            {},
        ),
        Row(
            "image: multiple upload into its collection",
            "POST",
            url("wagtailimages:add_multiple"),
            lambda: {
                "files[]": png(),
                "collection": other.collection.pk,
                "title": f"{own.marker} planted image",
            },
        ),
        Row(
            "image: upload into its collection",
            "POST",
            url("wagtailimages:add"),
            lambda: {
                "file": png(),
                "collection": other.collection.pk,
                "title": f"{own.marker} planted image",
            },
            kind=WRITE,
        ),
        *get_and_post(
            "image: bulk delete",
            url(
                "wagtail_bulk_action",
                "wagtailimages",
                "image",
                "delete",
                query={"id": image.pk},
            ),
            kind=WRITE,
        ),
        *get_and_post(
            "image: bulk move into the user's collection",
            url(
                "wagtail_bulk_action",
                "wagtailimages",
                "image",
                "add_to_collection",
                query={"id": image.pk},
            ),
            {"collection": own.collection.pk},
            kind=WRITE,
        ),
        Row(
            "image: admin API detail",
            "GET",
            url("wagtailadmin_api:images:detail", image.pk),
        ),
    ]


def document_rows(world, other, own):
    document = other.document
    return [
        *get_and_post(
            "document: edit",
            url("wagtaildocs:edit", document.pk),
            {
                "title": f"{own.marker} took this document",
                "collection": own.collection.pk,
            },
        ),
        *get_and_post("document: delete", url("wagtaildocs:delete", document.pk)),
        Row("document: usage", "GET", url("wagtaildocs:document_usage", document.pk)),
        Row(
            "document: chooser chosen",
            "GET",
            url("wagtaildocs_chooser:chosen", document.pk),
        ),
        Row(
            "document: multiple edit",
            "POST",
            url("wagtaildocs:edit_multiple", document.pk),
            {
                f"doc-{document.pk}-title": f"{own.marker} took this document",
                f"doc-{document.pk}-collection": own.collection.pk,
                f"doc-{document.pk}-tags": "",
            },
        ),
        Row(
            "document: multiple delete",
            "POST",
            url("wagtaildocs:delete_multiple", document.pk),
            {},
        ),
        Row(
            "document: multiple upload into its collection",
            "POST",
            url("wagtaildocs:add_multiple"),
            lambda: {
                "files[]": text_file(),
                "collection": other.collection.pk,
                "title": f"{own.marker} planted document",
            },
        ),
        Row(
            "document: upload into its collection",
            "POST",
            url("wagtaildocs:add"),
            lambda: {
                "file": text_file(),
                "collection": other.collection.pk,
                "title": f"{own.marker} planted document",
            },
            kind=WRITE,
        ),
        *get_and_post(
            "document: bulk delete",
            url(
                "wagtail_bulk_action",
                "wagtaildocs",
                "document",
                "delete",
                query={"id": document.pk},
            ),
            kind=WRITE,
        ),
        *get_and_post(
            "document: bulk move into the user's collection",
            url(
                "wagtail_bulk_action",
                "wagtaildocs",
                "document",
                "add_to_collection",
                query={"id": document.pk},
            ),
            {"collection": own.collection.pk},
            kind=WRITE,
        ),
        Row(
            "document: admin API detail",
            "GET",
            url("wagtailadmin_api:documents:detail", document.pk),
        ),
    ]


def collection_rows(world, other, own):
    collection = other.collection
    return [
        *get_and_post(
            "collection: edit",
            url("wagtailadmin_collections:edit", collection.pk),
            {
                "name": f"{own.marker} took this collection",
                "parent": Collection.get_first_root_node().pk,
            },
        ),
        # Wagtail refuses to delete a collection that holds files: an empty one.
        *get_and_post(
            "collection: delete",
            url("wagtailadmin_collections:delete", other.empty_collection.pk),
        ),
        *get_and_post(
            "collection: privacy",
            url("wagtailadmin_collections:set_privacy", collection.pk),
            {"restriction_type": "password", "password": "taken", "groups": []},
        ),
    ]


SNIPPET_CHANGES = {
    Notice: lambda marker: {"name": f"{marker} took this notice"},
    blog_models.Testimonial: lambda marker: {
        "quote": f"{marker} took this testimonial"
    },
    FAQSet: lambda marker: {"title": f"{marker} took this FAQ set"},
}


def snippet_rows(world, other, own, obj, label, *, core=False):
    opts = obj._meta
    views = f"wagtailsnippets_{opts.app_label}_{opts.model_name}"
    chooser = f"wagtailsnippetchoosers_{opts.app_label}_{opts.model_name}"
    changes = SNIPPET_CHANGES[type(obj)](own.marker)
    rows = [
        *get_and_post(
            f"{label}: edit",
            url(f"{views}:edit", obj.pk),
            snippet_data(world, obj, **changes),
            core=core,
        ),
        *get_and_post(f"{label}: delete", url(f"{views}:delete", obj.pk), core=core),
        # Wagtail advisory: the copy view showed snippets the user may not see.
        *get_and_post(
            f"{label}: copy into the user's own clinic",
            url(f"{views}:copy", obj.pk),
            snippet_data(world, obj, site=own.site.pk, **changes),
        ),
        Row(f"{label}: history", "GET", url(f"{views}:history", obj.pk)),
        Row(
            f"{label}: history results", "GET", url(f"{views}:history_results", obj.pk)
        ),
        Row(f"{label}: usage", "GET", url(f"{views}:usage", obj.pk)),
        Row(f"{label}: chooser chosen", "GET", url(f"{chooser}:chosen", obj.pk)),
        Row(
            f"{label}: chooser chosen multiple",
            "GET",
            url(f"{chooser}:chosen_multiple", query={"id": obj.pk}),
            kind=LISTING,
        ),
        *get_and_post(
            f"{label}: bulk delete",
            url(
                "wagtail_bulk_action",
                opts.app_label,
                opts.model_name,
                "delete",
                query={"id": obj.pk},
            ),
            kind=WRITE,
        ),
        *get_and_post(
            f"{label}: submit translation",
            url(
                "wagtail_localize:submit_snippet_translation",
                opts.app_label,
                opts.model_name,
                obj.pk,
            ),
            {"locales": [world.spanish.pk]},
        ),
    ]
    for name in ("inspect", "lock", "unlock", "workflow_history"):
        address = optional_url(f"{views}:{name}", obj.pk)
        if address:
            rows += get_and_post(f"{label}: {name}", address)
    if not hasattr(obj, "latest_revision"):
        return rows
    revisions = list(obj.revisions.order_by("pk").values_list("pk", flat=True))
    first, latest = revisions[0], revisions[-1]
    return [
        *rows,
        Row(
            f"{label}: revision view",
            "GET",
            url(f"{views}:revisions_view", obj.pk, first),
        ),
        Row(
            f"{label}: revisions compare",
            "GET",
            reverse(
                f"{views}:revisions_compare",
                kwargs={"pk": obj.pk, "revision_id_a": first, "revision_id_b": latest},
            ),
        ),
        *get_and_post(
            f"{label}: revision revert",
            url(f"{views}:revisions_revert", obj.pk, first),
            snippet_data(world, obj, **changes),
        ),
        *get_and_post(
            f"{label}: revision unschedule",
            url(f"{views}:revisions_unschedule", obj.pk, latest),
        ),
        # Wagtail advisory: preview endpoints rendered objects the user may not see.
        *get_and_post(
            f"{label}: preview on edit",
            url(f"{views}:preview_on_edit", obj.pk),
            snippet_data(world, obj, **changes),
        ),
        *get_and_post(f"{label}: unpublish", url(f"{views}:unpublish", obj.pk)),
    ]


def settings_rows(world, other, own):
    """Wagtail advisory: site settings editable without the permission for
    that site."""
    return [
        *get_and_post(
            "clinic settings of its site",
            settings_url(ClinicSettings, other.site),
            clinic_settings_data(world, other.site),
            core=True,
        ),
        *get_and_post(
            "lead routing of its site",
            settings_url(LeadSettings, other.site),
            lead_settings_data(world, other.site),
            core=True,
        ),
        # Lead routing is for superusers only, on every site.
        *get_and_post(
            "lead routing of the user's own site",
            settings_url(LeadSettings, own.site),
            lead_settings_data(world, own.site),
            core=True,
        ),
    ]


def lead_rows(world, other, own):
    lead = other.lead

    def bulk(action, data=None):
        return get_and_post(
            f"lead: bulk {action}",
            url("wagtail_bulk_action", "leads", "lead", action, query={"id": lead.pk}),
            data,
            kind=WRITE,
        )

    return [
        *get_and_post(
            "lead: details and status change",
            url("leads:edit", lead.pk),
            {"status": Lead.Status.CLOSED, "staff_notes": f"{own.marker} was here"},
            core=True,
        ),
        # Wagtail advisory: form submissions deleted without permission on their
        # form. Return requests are this site's form submissions.
        *get_and_post("lead: delete", url("leads:delete", lead.pk), core=True),
        Row("lead: release", "POST", url("leads:release", lead.pk), {}),
        Row("lead: resend", "POST", url("leads:resend", lead.pk), {}),
        Row("lead: history", "GET", url("leads:history", lead.pk)),
        Row("lead: history results", "GET", url("leads:history_results", lead.pk)),
        Row("lead: usage", "GET", url("leads:usage", lead.pk)),
        *bulk("set_status", {"status": Lead.Status.CLOSED}),
        *bulk("release"),
        *bulk("resend"),
    ]


def pofile(world, translation, marker):
    content = world.admin_client.get(
        url("wagtail_localize:download_pofile", translation.pk)
    ).content.decode()
    po = polib.pofile(content)
    for entry in po:
        entry.msgstr = f"{marker} translated"
    data = str(po).encode()
    return lambda: {
        "file": SimpleUploadedFile("taken.po", data, content_type="text/x-gettext")
    }


def translation_rows(world, other, own):
    rows = []
    targets = [
        (
            "page translation",
            other.page_translation,
            url("wagtailadmin_pages:edit", other.es_page.pk),
            new_page_data(f"{own.marker} took this translation", other.es_page.slug),
        ),
        (
            "testimonial translation",
            other.testimonial_translation,
            url("wagtailsnippets_blog_testimonial:edit", other.es_testimonial.pk),
            snippet_data(
                world,
                other.testimonial,
                quote=f"{own.marker} took this translation",
            ),
        ),
    ]
    for label, translation, edit, edit_data in targets:
        source = translation.source
        segment = StringSegment.objects.filter(source=source).first()
        value = {"value": f"{own.marker} translated"}
        rows += [
            *get_and_post(f"{label}: edit", edit, edit_data),
            Row(
                f"{label}: PO download",
                "GET",
                url("wagtail_localize:download_pofile", translation.pk),
            ),
            Row(
                f"{label}: PO upload",
                "POST",
                url("wagtail_localize:upload_pofile", translation.pk),
                pofile(world, translation, own.marker),
            ),
            *get_and_post(
                f"{label}: update from its source",
                url("wagtail_localize:update_translations", source.pk),
                {"publish_translations": "on"},
            ),
            Row(
                f"{label}: disable",
                "POST",
                url("wagtail_localize:stop_translation", translation.pk),
                {},
            ),
        ]
        string_edit = url(
            "wagtail_localize:edit_string_translation", translation.pk, segment.pk
        )
        rows += [
            Row(f"{label}: string translation edit", "PUT", string_edit, value),
            Row(f"{label}: string translation delete", "DELETE", string_edit),
        ]
    translation = other.testimonial_translation
    overrides = {
        segment.context.path: url(
            "wagtail_localize:edit_override", translation.pk, segment.pk
        )
        for segment in OverridableSegment.objects.filter(source=translation.source)
    }
    if "site" in overrides:
        # Overriding a translation's site would move it into the user's clinic
        # (the models declare it not overridable; if that changes, this guards it).
        rows.append(
            Row(
                "testimonial translation: override edit (site)",
                "PUT",
                overrides["site"],
                {"value": own.site.pk},
            )
        )
    return [
        *rows,
        Row(
            "page translation: preview",
            "GET",
            url("wagtail_localize:preview_translation", other.page_translation.pk),
        ),
        Row(
            "testimonial translation: override edit (photo)",
            "PUT",
            overrides["photo"],
            {"value": own.image.pk},
        ),
        Row(
            "testimonial translation: override delete (photo)",
            "DELETE",
            overrides["photo"],
        ),
        *get_and_post(
            "page translation: convert to alias",
            url("wagtail_localize:convert_to_alias", other.es_page.pk),
        ),
        Row(
            "testimonial: translation API detail",
            "GET",
            url(
                "wagtail_localize:snippets_api_detail",
                "blog",
                "testimonial",
                other.testimonial.pk,
            ),
        ),
    ]


def listing(description, address, own_roles=(), own=None, *, core=False):
    assert bool(own_roles) == bool(own), f"{description}: roles and title go together"
    return Row(
        description,
        "GET",
        address,
        kind=LISTING,
        own=own,
        own_roles=own_roles,
        core=core,
    )


def listing_rows(world, other, own):
    """Listings, choosers, searches and reports. Where a role uses one, the title
    of one of its own clinic's objects must be there (a name in a filter or a
    menu does not count)."""
    search = {"q": SEARCH}
    marker = own.marker
    page, home = f"{marker} page", f"{marker} home"
    image, document = f"{marker} image", f"{marker} document"
    leads_roles = (MODERATORS, MANAGERS)

    def snippet_listings(model, label, roles):
        opts = model._meta
        views = f"wagtailsnippets_{opts.app_label}_{opts.model_name}"
        chooser = f"wagtailsnippetchoosers_{opts.app_label}_{opts.model_name}"
        title = f"{marker} {label}"
        return [
            listing(f"{label} listing", url(f"{views}:list"), roles, title),
            listing(
                f"{label} search", url(f"{views}:list", query=search), roles, title
            ),
            listing(
                f"{label} search results",
                url(f"{views}:list_results", query=search),
                roles,
                title,
            ),
            listing(
                f"{label} listing filtered to its site",
                url(f"{views}:list", query={"site": other.site.pk}),
            ),
            listing(f"{label} chooser", url(f"{chooser}:choose"), roles, title),
            listing(
                f"{label} chooser search",
                url(f"{chooser}:choose_results", query=search),
                roles,
                title,
            ),
        ]

    return [
        listing("dashboard", url("wagtailadmin_home")),
        # Pages
        listing("page explorer root", url("wagtailadmin_explore_root")),
        listing(
            "page explorer of its home", url("wagtailadmin_explore", other.home.pk)
        ),
        listing(
            "page explorer results of its home",
            url("wagtailadmin_explore_results", other.home.pk),
        ),
        listing(
            "page explorer of the user's home",
            url("wagtailadmin_explore", own.home.pk),
            PAGE_ROLES,
            page,
        ),
        listing(
            "page search",
            url("wagtailadmin_pages:search", query=search),
            PAGE_ROLES,
            page,
        ),
        listing(
            "page search results",
            url("wagtailadmin_pages:search_results", query=search),
            PAGE_ROLES,
            page,
        ),
        listing(
            "pages of a type",
            url("wagtailadmin_pages:type_use", "home", "standardpage"),
            PAGE_ROLES,
            page,
        ),
        # A page chooser widget, no list of titles: nothing to expect of one's own.
        listing(
            "parents offered for a new page",
            url("wagtailadmin_pages:choose_parent", "home", "standardpage"),
        ),
        # Managers choose their clinic's contact and privacy pages in its settings.
        listing("page chooser", url("wagtailadmin_choose_page"), EVERYONE, home),
        listing(
            "page chooser browsing its home",
            url("wagtailadmin_choose_page_child", other.home.pk),
            core=True,
        ),
        listing(
            "page chooser browsing the user's home",
            url("wagtailadmin_choose_page_child", own.home.pk),
            EVERYONE,
            page,
            core=True,
        ),
        listing(
            "page chooser search",
            url("wagtailadmin_choose_page_search", query=search),
            EVERYONE,
            page,
        ),
        listing(
            "page chooser chosen",
            url(
                "wagtailadmin_choose_page_chosen_multiple", query={"id": other.page.pk}
            ),
        ),
        listing(
            "admin API: pages of its home",
            url("wagtailadmin_api:pages:listing", query={"child_of": other.home.pk}),
        ),
        listing(
            "admin API: pages of the user's home",
            url("wagtailadmin_api:pages:listing", query={"child_of": own.home.pk}),
            PAGE_ROLES,
            page,
        ),
        listing(
            "admin API: page search",
            url("wagtailadmin_api:pages:listing", query={"search": SEARCH}),
        ),
        # Images and documents. Editors may change what they uploaded only, so
        # their listings show their own uploads (see own_upload_rows).
        listing("images", url("wagtailimages:index"), PAGE_ROLES, image),
        listing(
            "image search",
            url("wagtailimages:index", query=search),
            PAGE_ROLES,
            image,
        ),
        listing(
            "image search results",
            url("wagtailimages:index_results", query=search),
            PAGE_ROLES,
            image,
        ),
        listing(
            "images of its collection",
            url("wagtailimages:index", query={"collection_id": other.collection.pk}),
        ),
        # Managers choose their clinic's logo.
        listing("image chooser", url("wagtailimages_chooser:choose"), EVERYONE, image),
        listing(
            "image chooser search",
            url("wagtailimages_chooser:choose_results", query=search),
            EVERYONE,
            image,
        ),
        listing(
            "image chooser chosen",
            url("wagtailimages_chooser:chosen_multiple", query={"id": other.image.pk}),
        ),
        listing("admin API: images", url("wagtailadmin_api:images:listing")),
        listing("documents", url("wagtaildocs:index"), PAGE_ROLES, document),
        listing(
            "document search",
            url("wagtaildocs:index", query=search),
            PAGE_ROLES,
            document,
        ),
        listing(
            "document search results",
            url("wagtaildocs:index_results", query=search),
            PAGE_ROLES,
            document,
        ),
        listing(
            "documents of its collection",
            url("wagtaildocs:index", query={"collection_id": other.collection.pk}),
        ),
        listing(
            "document chooser",
            url("wagtaildocs_chooser:choose"),
            PAGE_ROLES,
            document,
        ),
        listing(
            "document chooser search",
            url("wagtaildocs_chooser:choose_results", query=search),
            PAGE_ROLES,
            document,
        ),
        listing(
            "document chooser chosen",
            url("wagtaildocs_chooser:chosen_multiple", query={"id": other.document.pk}),
        ),
        listing("admin API: documents", url("wagtailadmin_api:documents:listing")),
        listing("collections", url("wagtailadmin_collections:index")),
        # Snippets
        listing("snippet types", url("wagtailsnippets:index")),
        *snippet_listings(Notice, "notice", EVERYONE),
        *snippet_listings(blog_models.Testimonial, "testimonial", PAGE_ROLES),
        *snippet_listings(FAQSet, "FAQ set", PAGE_ROLES),
        *snippet_listings(blog_models.Topic, "topic", PAGE_ROLES),
        listing(
            "translation API: testimonials",
            url("wagtail_localize:snippets_api_listing", "blog", "testimonial"),
        ),
        # Return requests (the listing names them "Lead #12, <clinic>")
        listing(
            "return requests",
            url("leads:index"),
            leads_roles,
            own.lead_label,
            core=True,
        ),
        listing(
            "return request search",
            url("leads:index", query=search),
            leads_roles,
            own.lead_label,
        ),
        listing(
            "return request search results",
            url("leads:index_results", query=search),
            leads_roles,
            own.lead_label,
        ),
        listing(
            "return requests filtered to its site",
            url("leads:index", query={"site": other.site.pk}),
        ),
        listing(
            "return requests export",
            url("leads:index", query={"export": "csv"}),
            (MANAGERS,),
            f"{marker} lead",
        ),
        listing(
            "return requests export filtered to its site",
            url("leads:index", query={"export": "csv", "site": other.site.pk}),
        ),
        listing("form pages", url("wagtailforms:index")),
        # Reports
        listing("page types usage", url("wagtailadmin_reports:page_types_usage")),
        listing(
            "aging pages",
            url("wagtailadmin_reports:aging_pages"),
            (MODERATORS,),
            page,
        ),
        listing(
            "locked pages",
            url("wagtailadmin_reports:locked_pages"),
            (MODERATORS,),
            f"{marker} locked page",
        ),
        listing(
            "site history",
            url("wagtailadmin_reports:site_history"),
            PAGE_ROLES,
            page,
        ),
        listing(
            "workflows",
            url("wagtailadmin_reports:workflow"),
            PAGE_ROLES,
            page,
        ),
        listing(
            "workflow tasks",
            url("wagtailadmin_reports:workflow_tasks"),
            PAGE_ROLES,
            page,
        ),
        listing(
            "translations report",
            url("wagtail_localize:translations_report"),
            PAGE_ROLES,
            f"{marker} translated page",
        ),
    ]


def rows_for(world, other, own):
    """Every row of ``other``'s objects, for a user of ``own``."""
    return [
        *page_rows(world, other, own),
        *page_write_rows(world, other, own),
        *image_rows(world, other, own),
        *document_rows(world, other, own),
        *collection_rows(world, other, own),
        *snippet_rows(world, other, own, other.notice, "notice", core=True),
        *snippet_rows(world, other, own, other.testimonial, "testimonial", core=True),
        *snippet_rows(world, other, own, other.faq_set, "FAQ set"),
        *settings_rows(world, other, own),
        *lead_rows(world, other, own),
        *translation_rows(world, other, own),
        *listing_rows(world, other, own),
    ]


def own_upload_rows(world, client, user, role, own, other):
    """Wagtail advisory: a user may edit and delete what they uploaded where they
    may add. The user uploads into their own collection (when the role may add);
    the other clinic's files stay refused, and so do the user's own uploads once
    an administrator has moved them into the other clinic's collection."""
    failures = []
    if role in PAGE_ROLES:
        for name, data in [
            ("wagtailimages:add", {"file": png("own.png"), "title": "image"}),
            ("wagtaildocs:add", {"file": text_file("own.txt"), "title": "document"}),
        ]:
            data["title"] = f"{own.marker} {data['title']} uploaded by {user}"
            response = client.post(
                reverse(name), {**data, "collection": own.collection.pk}
            )
            if response.status_code != 302:
                failures.append(
                    f"precondition: POST {reverse(name)} (the user uploads into "
                    f"their own collection) -> {describe(response)}"
                )
    moved_image = wagtail_factories.ImageFactory(
        collection=other.collection,
        title=f"{other.marker} image the user uploaded, moved",
        uploaded_by_user=user,
    )
    moved_document = wagtail_factories.DocumentFactory(
        collection=other.collection,
        title=f"{other.marker} document the user uploaded, moved",
        uploaded_by_user=user,
        file__filename="moved.txt",
    )
    rows = [
        *get_and_post(
            "user's upload moved to its collection: image edit",
            url("wagtailimages:edit", moved_image.pk),
            {"title": "Taken back", "collection": own.collection.pk},
        ),
        *get_and_post(
            "user's upload moved to its collection: image delete",
            url("wagtailimages:delete", moved_image.pk),
        ),
        *get_and_post(
            "user's upload moved to its collection: document edit",
            url("wagtaildocs:edit", moved_document.pk),
            {"title": "Taken back", "collection": own.collection.pk},
        ),
        *get_and_post(
            "user's upload moved to its collection: document delete",
            url("wagtaildocs:delete", moved_document.pk),
        ),
    ]
    return failures, rows


# --- Checking a row ------------------------------------------------------------

SNAPSHOT_MODELS = [
    Site,
    Locale,
    Page,
    Revision,
    PageViewRestriction,
    WorkflowState,
    TaskState,
    Image,
    Document,
    UploadedFile,
    Collection,
    CollectionViewRestriction,
    Notice,
    blog_models.Testimonial,
    FAQSet,
    blog_models.Topic,
    Lead,
    ClinicSettings,
    LeadSettings,
    Group,
    GroupPagePermission,
    GroupCollectionPermission,
    GroupSitePermission,
    TranslationSource,
    Translation,
    StringTranslation,
    SegmentOverride,
]


def snapshot():
    state = {
        model.__name__: list(model._default_manager.order_by("pk").values())
        for model in SNAPSHOT_MODELS
    }
    state["sent mail"] = [message.subject for message in mail.outbox]
    return state


def clinic_state(clinic):
    """What belongs to one clinic: its pages (in every language), their and its
    snippets' revisions, its collection and files, its snippets, leads, settings,
    restrictions and grants. A request that names the clinic's objects in its data
    only (a bulk action, a parent or a collection chosen in a form) must leave it
    as it was."""
    page_type = ContentType.objects.get_for_model(Page)
    paths = Page.objects.filter(pk__in=[clinic.home.pk, clinic.es_home.pk])
    in_tree = Q()
    for path in paths.values_list("path", flat=True):
        in_tree |= Q(path__startswith=path)
    pages = Page.objects.filter(in_tree)
    page_ids = [str(pk) for pk in pages.values_list("pk", flat=True)]
    revisions = Q(base_content_type=page_type, object_id__in=page_ids)
    translation_keys = list(pages.values_list("translation_key", flat=True))
    by_site = {}
    for model in (Notice, blog_models.Testimonial, FAQSet, blog_models.Topic, Lead):
        rows = model._default_manager.filter(site=clinic.site).order_by("pk")
        by_site[model.__name__] = list(rows.values())
        ids = [str(pk) for pk in rows.values_list("pk", flat=True)]
        revisions |= Q(content_type=ContentType.objects.get_for_model(model)) & Q(
            object_id__in=ids
        )
        if hasattr(model, "translation_key"):
            translation_keys += list(rows.values_list("translation_key", flat=True))
    # Collections are kept in name order: a new clinic can move this one's node.
    collections = Collection.objects.get(pk=clinic.collection.pk).get_descendants(
        inclusive=True
    )
    groups = list(clinic.team.groups().values())
    workflow_states = WorkflowState.objects.filter(
        base_content_type=page_type, object_id__in=page_ids
    )
    translations = Translation.objects.filter(source__object_id__in=translation_keys)
    queries = {
        "Page": pages,
        "Revision": Revision.objects.filter(revisions),
        "PageViewRestriction": PageViewRestriction.objects.filter(page__in=pages),
        "WorkflowState": workflow_states,
        "TaskState": TaskState.objects.filter(workflow_state__in=workflow_states),
        "Collection": collections,
        "CollectionViewRestriction": CollectionViewRestriction.objects.filter(
            collection__in=collections
        ),
        "Image": Image.objects.filter(collection__in=collections),
        "Document": Document.objects.filter(collection__in=collections),
        "ClinicSettings": ClinicSettings.objects.filter(site=clinic.site),
        "LeadSettings": LeadSettings.objects.filter(site=clinic.site),
        "GroupPagePermission": GroupPagePermission.objects.filter(
            Q(page__in=pages) | Q(group__in=groups)
        ),
        "GroupCollectionPermission": GroupCollectionPermission.objects.filter(
            Q(collection__in=collections) | Q(group__in=groups)
        ),
        "GroupSitePermission": GroupSitePermission.objects.filter(
            Q(site=clinic.site) | Q(group__in=groups)
        ),
        "Translation": translations,
        "StringTranslation": StringTranslation.objects.filter(
            context__object_id__in=translation_keys
        ),
        "SegmentOverride": SegmentOverride.objects.filter(
            context__object_id__in=translation_keys
        ),
    }
    return {
        **by_site,
        **{
            name: list(query.order_by("pk").values()) for name, query in queries.items()
        },
    }


def changes(before, after):
    """What differs, e.g. "Image (added #5)", "Lead (#3: status, staff_notes)"."""
    found = []
    for name, old in before.items():
        new = after[name]
        if old == new:
            continue
        if not all(isinstance(row, dict) for row in [*old, *new]):
            found.append(name)
            continue
        old_rows = {row["id"]: row for row in old}
        new_rows = {row["id"]: row for row in new}
        details = [f"added #{pk}" for pk in sorted(new_rows.keys() - old_rows.keys())]
        details += [
            f"removed #{pk}" for pk in sorted(old_rows.keys() - new_rows.keys())
        ]
        for pk in sorted(old_rows.keys() & new_rows.keys()):
            fields = [
                key for key, value in new_rows[pk].items() if old_rows[pk][key] != value
            ]
            if fields:
                details.append(f"#{pk}: {', '.join(fields)}")
        found.append(f"{name} ({'; '.join(details)})")
    return found


def edit_paths(clinic):
    """Where a refused request must not send the user: the clinic's edit pages."""
    paths = [
        reverse("wagtailadmin_pages:edit", args=[page.pk])
        for page in (clinic.page, clinic.locked_page, clinic.translated_page)
    ]
    paths += [
        reverse("wagtailadmin_pages:edit", args=[clinic.es_page.pk]),
        reverse("wagtailimages:edit", args=[clinic.image.pk]),
        reverse("wagtaildocs:edit", args=[clinic.document.pk]),
        reverse("wagtailadmin_collections:edit", args=[clinic.collection.pk]),
        reverse("leads:edit", args=[clinic.lead.pk]),
        settings_url(ClinicSettings, clinic.site),
        settings_url(LeadSettings, clinic.site),
    ]
    for obj in (
        clinic.notice,
        clinic.testimonial,
        clinic.es_testimonial,
        clinic.faq_set,
    ):
        opts = obj._meta
        paths.append(
            reverse(
                f"wagtailsnippets_{opts.app_label}_{opts.model_name}:edit",
                args=[obj.pk],
            )
        )
    return set(paths)


def body_of(response):
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode(errors="replace")


def describe(response, body=None):
    """The status, and where it leads or what it shows."""
    status = response.status_code
    if 300 <= status < 400:
        return f"{status} to {response.get('Location')}"
    body = body_of(response) if body is None else body
    content_type = response.get("Content-Type", "")
    if "html" in content_type:
        start = body.find("<title>")
        hint = body[start + 7 : body.find("</title>", start)] if start >= 0 else ""
        hint = " ".join(hint.split())
    else:
        hint = " ".join(body[:160].split())
    return f"{status} {content_type.split(';')[0]}: {hint!r}"


def send(client, row):
    data = row.data() if callable(row.data) else row.data
    if row.method == "GET":
        return client.get(row.url)
    if row.method == "POST":
        return client.post(row.url, data)
    if row.method == "PUT":
        boundary = "IsolationBoundary"
        return client.put(
            row.url,
            encode_multipart(boundary, data),
            content_type=MULTIPART_CONTENT.replace("BoUnDaRyStRiNg", boundary),
        )
    if row.method == "DELETE":
        return client.delete(row.url)
    raise ValueError(row.method)


def is_redirect_away(response, row, forbidden):
    if response.status_code not in (301, 302, 303, 307, 308):
        return False
    target = urlsplit(response["Location"]).path
    return target != urlsplit(row.url).path and target not in forbidden


def check(client, row, role, own, other, forbidden):
    """What is wrong with ``row`` for this user, or None."""
    writes = row.method != "GET"
    if writes:
        # Refused: nothing changes at all. Other rows: nothing of the other clinic.
        state = snapshot if row.kind == REFUSE else partial(clinic_state, other)
        before = state()
    try:
        with transaction.atomic():
            response = send(client, row)
    except Exception as error:  # a crash is a failure of the row, not the test
        return f"raised {type(error).__name__}: {error}"
    body = body_of(response)
    problems = []
    status = response.status_code
    refused = status in (403, 404) or is_redirect_away(response, row, forbidden)
    if row.kind == REFUSE and not refused:
        problems.append(f"answered {describe(response, body)}")
    elif row.kind == LISTING and role in row.own_roles:
        own_marker = row.own
        if status != 200:
            problems.append(
                f"answered {describe(response, body)}; the role should see its own "
                f"clinic here"
            )
        elif own_marker not in body:
            problems.append(f"does not show the user's own {own_marker!r}")
    elif status >= 500 or (row.kind == LISTING and 300 <= status < 400 and not refused):
        problems.append(f"answered {describe(response, body)}")
    leaked = [leak for leak in other.leaks if leak in body]
    if leaked:
        problems.append(f"shows {', '.join(repr(leak) for leak in leaked)}")
    if writes:
        changed = changes(before, state())
        if changed:
            problems.append(f"changed {', '.join(changed)}")
    return "; ".join(problems) or None


def run(client, world, role, own, other, rows):
    """The failures of ``rows`` for the user of ``role`` in ``own``, and how many
    rows were checked (the user's own uploads add some)."""
    user = own.users[role]
    client.force_login(user)
    failures = []
    dashboard = client.get(reverse("wagtailadmin_home"))
    if dashboard.status_code != 200:
        failures.append(f"precondition: the dashboard -> {describe(dashboard)}")
    upload_failures, upload_rows = own_upload_rows(
        world, client, user, role, own, other
    )
    failures += upload_failures
    forbidden = edit_paths(other)
    checked = [*rows, *upload_rows]
    for row in checked:
        problem = check(client, row, role, own, other, forbidden)
        if problem:
            failures.append(f"{row}: {problem}")
    return failures, len(checked)


def report(failures, total):
    return f"{len(failures)} of {total} rows fail:\n" + "\n".join(
        f"  - {failure}" for failure in failures
    )


# --- Tests ---------------------------------------------------------------------

DIRECTIONS = [
    pytest.param("tal", "truhealing", id="tal-team-vs-truhealing"),
    pytest.param("truhealing", "tal", id="truhealing-team-vs-tal"),
]


@pytest.mark.parametrize(("own_key", "other_key"), DIRECTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_team_member_reaches_nothing_of_the_other_clinic(
    client, world, role, own_key, other_key
):
    own, other = world.clinics[own_key], world.clinics[other_key]
    rows = rows_for(world, other, own)
    # The matrix must not shrink unnoticed (a URL that stops reversing, a
    # fixture that stops making an object): 272 rows when it was written.
    assert len(rows) >= 270

    failures, total = run(client, world, role, own, other, rows)

    assert not failures, report(failures, total)


def test_a_third_clinic_is_isolated_with_no_code_change(client, world, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "third.localhost"]
    third = world.add("third")
    truhealing, tal = world.clinics["truhealing"], world.clinics["tal"]

    failures, total = [], 0
    for own, other in [
        (third, truhealing),
        (third, tal),
        (truhealing, third),
        (tal, third),
    ]:
        rows = [row for row in rows_for(world, other, own) if row.core]
        for role in ROLES:
            found, checked = run(client, world, role, own, other, rows)
            failures += [f"{own.key} {role} vs {other.key}: {f}" for f in found]
            total += checked

    assert not failures, report(failures, total)
