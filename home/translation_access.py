"""wagtail-localize's admin URLs, limited to the clinics a user may edit.

wagtail-localize checks snippet permissions by model type only, and some of its
views (submitting or updating translations, the snippets API, the Translations
report) check no object at all: through them an editor of one clinic could read or
change another clinic's pages and snippets.

Every URL of wagtail-localize's ``register_admin_urls`` hook is registered here
again, with the same path, and ``cms/urls.py`` includes these before Wagtail's
admin URLs, so that these are the ones that resolve. ``reverse()`` of a
``wagtail_localize:`` name still finds the admin's copy, at the same path: the
namespace here is another (``clinic_localize``), as Django warns of a namespace
defined twice (urls.W005), and a test checks that every wagtail-localize URL
resolves here. Each view first resolves the object its URL names and answers 404
unless the object belongs to one of the user's clinics, then runs
wagtail-localize's own view, whose own checks still apply. The snippets API and
the report are subclasses whose querysets hold only the user's clinics' objects.
A URL that a newer wagtail-localize adds, and that this module does not know, is
refused to everyone but superusers until it is reviewed and given a guard.

The translation editor that Wagtail's page and snippet edit views open (the
``before_edit_page`` and ``before_edit_snippet`` hooks, "Start Synced translation"
included) needs nothing here: those views check the object before the hooks run.
"""

import functools
import operator

from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import (
    FieldDoesNotExist,
    ObjectDoesNotExist,
    PermissionDenied,
)
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import display_custom_404
from wagtail.models import DraftStateMixin, Page, Site, get_translatable_models
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import get_snippet_model_from_url_params
from wagtail.utils.urlpatterns import decorate_urlpatterns
from wagtail_localize import wagtail_hooks as localize_hooks
from wagtail_localize.models import (
    OverridableSegment,
    Translation,
    TranslationSource,
)
from wagtail_localize.views import report, snippets_api

from home.sites import pages_in_sites, site_id_for_page, site_ids_for_user

# The actions that make a clinic "the user's": the same as for pages in
# home.sites.site_ids_for_user, so that one editor's pages and snippets agree.
ACTIONS = ["add", "change", "publish"]

NOT_YOURS = _("This belongs to a clinic you cannot edit.")


# Who may reach what.


def is_site_owned(model):
    """Whether the model's objects belong to one clinic: a ``site`` foreign key to
    Site, as on Testimonial, FAQSet and Notice. Checked by field, not by a list of
    models, so that a model that gains the field is covered without a change here."""
    try:
        field = model._meta.get_field("site")
    except FieldDoesNotExist:
        return False
    return field.is_relation and field.related_model is Site


def model_policy(model):
    """The model's registered permission policy, or Django's model permissions.

    Not ``policy_registry.get_by_type(model)`` with its fallback: that stores the
    fallback, and a policy registered for the model later would then raise."""
    return policy_registry.get_by_type(model, fallback=False) or ModelPermissionPolicy(
        model
    )


def snippet_site_ids(user, model):
    """Ids of the sites on whose ``model`` snippets ``user`` holds a permission.

    A site-aware policy (home.snippets registers Wagtail's SitePermissionPolicy)
    answers per site, as the snippet admin does. Otherwise a model-level
    permission is needed, and it reaches the user's clinics only."""
    policy = model_policy(model)
    if hasattr(policy, "sites_user_has_any_permission_for"):
        sites = policy.sites_user_has_any_permission_for(user, ACTIONS)
        return set(sites.values_list("pk", flat=True))
    if policy.user_has_any_permission(user, ACTIONS):
        return site_ids_for_user(user)
    return set()


def can_reach(user, instance):
    """Whether ``instance`` belongs to one of the user's clinics: what the user may
    read, translate from or submit for translation.

    A page outside every site belongs to no clinic and is refused. A translatable
    model without a site is no clinic's: a permission on its model suffices."""
    if user.is_superuser:
        return True
    if isinstance(instance, Page):
        return site_id_for_page(instance) in site_ids_for_user(user)
    model = type(instance)
    if is_site_owned(model):
        return instance.site_id in snippet_site_ids(user, model)
    return model_policy(model).user_has_any_permission(user, ACTIONS)


def can_edit(user, instance):
    """Whether the user may change ``instance``, the target of a translation: in one
    of their clinics and, for a page, editable by them where it stands."""
    if not can_reach(user, instance):
        return False
    if isinstance(instance, Page) and not user.is_superuser:
        return instance.permissions_for_user(user).can_edit()
    return True


def require(allowed):
    """Answer 404 rather than 403: another clinic's object is not there for this
    user, and a 403 (the admin's redirect home) would confirm that it exists."""
    if not allowed:
        raise Http404(NOT_YOURS)


def visible_objects(user, model):
    """The objects of ``model`` that ``can_reach`` allows, as a queryset: for the
    snippets API and the report, which list objects rather than check one."""
    if user.is_superuser:
        return model._default_manager.all()
    if issubclass(model, Page):
        return model._default_manager.filter(
            pk__in=pages_in_sites(site_ids_for_user(user)).values("pk")
        )
    if is_site_owned(model):
        return model._default_manager.filter(site_id__in=snippet_site_ids(user, model))
    if model_policy(model).user_has_any_permission(user, ACTIONS):
        return model._default_manager.all()
    return model._default_manager.none()


def visible_translations(user, translations):
    """``translations`` whose source object the user can reach. A source and its
    translations share the translation key, which is unique to one object."""
    if user.is_superuser:
        return translations
    keys = [
        Q(source__object_id__in=visible_objects(user, model).values("translation_key"))
        for model in get_translatable_models()
    ]
    return translations.filter(functools.reduce(operator.or_, keys))


# Guards: each takes the request and the URL's arguments, resolves the object the
# URL names (404 if there is none) and refuses it unless the user may have it.


def translation_objects(translation):
    """The source object and the target object of ``translation``, each None when
    deleted (or, for the target, not created yet)."""
    try:
        source = translation.source.get_source_instance()
    except ObjectDoesNotExist:
        source = None
    try:
        target = translation.get_target_instance()
    except ObjectDoesNotExist:
        target = None
    return source, target


def guard_translation(request, translation_id, **kwargs):
    """Views that change or show one translation: the user must be able to edit
    its target and reach its source. Both normally share one clinic; checking both
    keeps a target moved to another clinic out of reach."""
    translation = get_object_or_404(Translation, pk=translation_id)
    source, target = translation_objects(translation)
    require(source is not None or target is not None)
    require(source is None or can_reach(request.user, source))
    require(can_edit(request.user, target if target is not None else source))


def guard_override(request, translation_id, overridable_segment_id, **kwargs):
    """An override sets a synchronised field of the target, and a site-owned
    snippet's ``site`` is one: overriding it would move the translation into
    another clinic. A translation stays in its source's clinic, for superusers
    too; removing such an override (DELETE) puts it back there."""
    guard_translation(request, translation_id)
    if request.method != "PUT":
        return
    segment = get_object_or_404(OverridableSegment, pk=overridable_segment_id)
    model = segment.source.specific_content_type.model_class()
    require(not (is_site_owned(model) and segment.context.path == "site"))


def guard_translation_source(request, translation_source_id, **kwargs):
    """Syncing translated pages or snippets writes every enabled translation of
    the source: the user must reach the source and be able to edit each target."""
    source = get_object_or_404(TranslationSource, pk=translation_source_id)
    try:
        instance = source.get_source_instance()
    except ObjectDoesNotExist as error:
        raise Http404 from error
    require(can_reach(request.user, instance))
    publishing = request.method == "POST" and request.POST.get("publish_translations")
    for translation in source.translations.filter(enabled=True):
        _source, target = translation_objects(translation)
        require(target is None or can_edit(request.user, target))
        if publishing and target is not None and not can_publish(request.user, target):
            # "Publish immediately" would skip the clinic's review.
            raise PermissionDenied


def can_publish(user, instance):
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_publish()
    if not isinstance(instance, DraftStateMixin):
        return True  # saving it is publishing it, and the user may edit it
    policy = policy_registry.get_by_type(type(instance))
    return policy.user_has_permission_for_instance(user, "publish", instance)


def guard_page(request, page_id, **kwargs):
    """Submitting a page for translation: the page must be in the user's clinics."""
    page = get_object_or_404(Page, pk=page_id)
    require(can_reach(request.user, page))


def guard_page_edit(request, page_id, **kwargs):
    """Converting a page back to an alias replaces its content: the user must be
    able to edit it, in one of their clinics."""
    page = get_object_or_404(Page, pk=page_id)
    require(can_edit(request.user, page))


def guard_snippet(request, app_label, model_name, pk, **kwargs):
    """Submitting a snippet for translation: the snippet must be in the user's
    clinics (its ``site``), with a permission on its model for that site."""
    model = get_snippet_model_from_url_params(app_label, model_name)
    snippet = get_object_or_404(model, pk=unquote(pk))
    require(can_reach(request.user, snippet))


def no_object(request, **kwargs):
    """URLs that name no object (the JavaScript catalogue)."""


def superusers_only(request, **kwargs):
    """A wagtail-localize URL this module does not know: nobody knows what it
    exposes, so only superusers, who may reach everything, get it."""
    require(request.user.is_superuser)


GUARDS = {
    "javascript_catalog": no_object,
    "submit_page_translation": guard_page,
    "submit_snippet_translation": guard_snippet,
    "update_translations": guard_translation_source,
    "edit_string_translation": guard_translation,
    "edit_override": guard_override,
    "download_pofile": guard_translation,
    "upload_pofile": guard_translation,
    "machine_translate": guard_translation,
    "preview_translation": guard_translation,
    "stop_translation": guard_translation,
    "convert_to_alias": guard_page_edit,
}


def guarded(view, guard):
    """``view``, run only once ``guard`` has let the user have the URL's object.
    The guard raises before the view runs, so a refusal changes nothing."""

    @functools.wraps(view)
    def guarded_view(request, *args, **kwargs):
        guard(request, **kwargs)
        return view(request, *args, **kwargs)

    guarded_view.clinic_guard = guard
    return guarded_view


# Views replaced rather than guarded: they list objects.


class ClinicSnippetViewSet(snippets_api.SnippetViewSet):
    """The translation editor's snippets API: lists, and retrieves, only snippets
    of the user's clinics; another clinic's snippet is a 404."""

    def get_queryset(self):
        return visible_objects(self.request.user, self.get_model())


def may_see_model(user, model):
    """Whether the user can reach some objects of ``model``, to offer it as a
    content type in the report's filter."""
    if issubclass(model, Page):
        return user.is_superuser or bool(site_ids_for_user(user))
    return visible_objects(user, model).exists()


class ClinicContentTypeFilter(report.ContentTypeModelChoiceFilter):
    """The report's content type filter, offering only the types the user can
    reach objects of: another clinic's models are not the user's business."""

    def get_queryset(self, request):
        models = [
            model
            for model in self.get_translatable_models()
            if may_see_model(request.user, model)
        ]
        content_types = ContentType.objects.get_for_models(*models).values()
        return ContentType.objects.filter(
            pk__in=[content_type.pk for content_type in content_types]
        ).order_by("model")


class ClinicTranslationsReportFilterSet(report.TranslationsReportFilterSet):
    content_type = ClinicContentTypeFilter(
        field_name="source__specific_content_type", label=_("Content type")
    )


class ClinicTranslationsReportView(report.TranslationsReportView):
    """The Translations report, listing translations of the user's clinics' pages
    and snippets only. Its filters narrow this queryset, never widen it."""

    filterset_class = ClinicTranslationsReportFilterSet

    def get_queryset(self):
        translations = visible_translations(self.request.user, super().get_queryset())
        # Oldest first, as the unordered original lists them, but stable across
        # the report's pages.
        return translations.order_by("pk")


REPLACEMENTS = {
    "translations_report": ClinicTranslationsReportView.as_view(),
    "translations_report_results": ClinicTranslationsReportView.as_view(
        results_only=True
    ),
    "snippets_api_listing": ClinicSnippetViewSet.as_view({"get": "list"}),
    "snippets_api_detail": ClinicSnippetViewSet.as_view({"get": "retrieve"}),
}


def localize_urlpatterns():
    """wagtail-localize's own admin URL patterns, fresh from its hook (the admin's
    copies are already decorated), each with its guard or its replacement. Each
    view says which in ``clinic_guard``, which Wagtail's decorators carry over."""
    (localize_include,) = localize_hooks.register_admin_urls()
    patterns = localize_include.url_patterns
    for pattern in patterns:
        if pattern.name in REPLACEMENTS:
            pattern.callback = REPLACEMENTS[pattern.name]
            pattern.callback.clinic_guard = "replaced"
        else:
            guard = GUARDS.get(pattern.name, superusers_only)
            pattern.callback = guarded(pattern.callback, guard)
    return patterns


def as_admin_urlpatterns(patterns):
    """Decorate as wagtail.admin.urls decorates its hooks' URLs: admin access
    first (innermost), the admin's 404 page, no caching."""
    for decorator in (require_admin_access, display_custom_404, never_cache):
        patterns = decorate_urlpatterns(patterns, decorator)
    return patterns


urlpatterns = [
    path(
        "localize/",
        include(
            (as_admin_urlpatterns(localize_urlpatterns()), "clinic_localize"),
            namespace="clinic_localize",
        ),
    )
]
