"""Admin views for snippets that belong to one clinic site (a ``site`` foreign key).

Permissions on these snippets are granted per site (``GroupSitePermission``, as
``add_clinic`` does for a clinic's team) and checked by Wagtail's
SitePermissionPolicy: the listing, the chooser and every view of one snippet
show only snippets of the sites the user holds a permission for. Models give
their ``site`` field the same choices with ``base_form_class = SiteScopedForm``.
"""

from django.core.exceptions import PermissionDenied

from wagtail.admin.ui.tables import Column
from wagtail.permission_policies.sites import SitePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import SnippetViewSet


def foreign_key_column(name, label):
    """A listing column for the foreign key ``name``, sorted by its ``_id`` column.

    Search results are sorted through the search index, which knows a foreign
    key's FilterField by that column only: sorted by ``name``, a search fails with
    OrderByFieldError.
    """
    return Column(name, label=label, sort_key=f"{name}_id")


# Any of these on a snippet's site lets a user see it.
ACTIONS = ["add", "change", "delete", "publish"]


def site_ids_for(user, model):
    """Ids of the sites on whose ``model`` snippets ``user`` holds a permission."""
    policy = SitePermissionPolicy(model)
    return set(
        policy.sites_user_has_any_permission_for(user, ACTIONS).values_list(
            "pk", flat=True
        )
    )


class SiteScopedChooserMixin:
    def get_object_list(self):
        return (
            super()
            .get_object_list()
            .filter(site_id__in=site_ids_for(self.request.user, self.model_class))
        )


class SiteScopedChooseView(SiteScopedChooserMixin, chooser.ChooseView):
    pass


class SiteScopedChooseResultsView(SiteScopedChooserMixin, chooser.ChooseResultsView):
    pass


class SiteScopedChosenView(chooser.SnippetChosenView):
    def get_object(self, pk):
        return self.model_class.objects.get(
            pk=pk, site_id__in=site_ids_for(self.request.user, self.model_class)
        )


class SiteScopedChosenMultipleView(chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return self.model_class.objects.filter(
            pk__in=pks,
            site_id__in=site_ids_for(self.request.user, self.model_class),
        )


class SiteScopedChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = SiteScopedChooseView
    choose_results_view_class = SiteScopedChooseResultsView
    chosen_view_class = SiteScopedChosenView
    chosen_multiple_view_class = SiteScopedChosenMultipleView


class SiteScopedObjectMixin:
    """Refuses a view of one snippet (edit, delete, history...) when the snippet
    belongs to a site the user may not edit."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if obj.site_id not in site_ids_for(self.request.user, self.model):
            raise PermissionDenied
        return obj


def site_scoped(view_class):
    return type(view_class.__name__, (SiteScopedObjectMixin, view_class), {})


# Every view of SnippetViewSet that works on one existing snippet (reverting a
# revision is built on the edit view).
OBJECT_VIEWS = [
    "edit",
    "delete",
    "copy",
    "usage",
    "history",
    "inspect",
    "unpublish",
    "lock",
    "unlock",
    "preview_on_edit",
    "revisions",
    "revisions_compare",
    "revisions_unschedule",
    "workflow_action",
    "collect_workflow_action_data",
    "confirm_workflow_cancellation",
    "workflow_preview",
    "workflow_history",
    "workflow_history_detail",
]


class SiteScopedSnippetViewSet(SnippetViewSet):
    chooser_viewset_class = SiteScopedChooserViewSet
    list_filter = ["site"]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name in OBJECT_VIEWS:
            attribute = f"{name}_view_class"
            setattr(cls, attribute, site_scoped(getattr(cls, attribute)))

    def get_queryset(self, request):
        queryset = self.model._default_manager.all()
        return queryset.filter(site_id__in=site_ids_for(request.user, self.model))


def register_site_snippet(viewset_class):
    """Register a SiteScopedSnippetViewSet, with Wagtail's SitePermissionPolicy
    as its model's permission policy: every admin view of the model then checks
    permissions per site."""
    model = viewset_class.model
    register_permission_policy(model, SitePermissionPolicy(model), exact_class=True)
    register_snippet(viewset_class)


def site_scoped_delete_bulk_action(*models):
    """The snippets' bulk delete, acting only on snippets of the user's sites.

    Register with ``hooks.register("register_bulk_action", action, order=1)`` so it
    replaces Wagtail's own (registered at order 0) for these models.
    """

    class SiteScopedDeleteBulkAction(DeleteBulkAction):
        def get_queryset(self, model, object_ids):
            # Other clinics' snippets are left out, not listed as refused: the
            # refusal list would show their text.
            return model.objects.filter(
                pk__in=object_ids,
                site_id__in=site_ids_for(self.request.user, model),
            )

    SiteScopedDeleteBulkAction.models = list(models)
    return SiteScopedDeleteBulkAction
