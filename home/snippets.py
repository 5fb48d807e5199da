"""Admin views for snippets that belong to one clinic site (a ``site`` foreign key).

The listing, the chooser and the edit view show only snippets of the sites the
user may edit (see :func:`home.sites.site_ids_for_user`); models give their
``site`` field the same choices with ``base_form_class = SiteScopedForm``.
"""

from django.core.exceptions import PermissionDenied

from wagtail.admin.ui.tables import Column
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import SnippetViewSet

from home.sites import site_ids_for_user


def foreign_key_column(name, label):
    """A listing column for the foreign key ``name``, sorted by its ``_id`` column.

    Search results are sorted through the search index, which knows a foreign
    key's FilterField by that column only: sorted by ``name``, a search fails with
    OrderByFieldError.
    """
    return Column(name, label=label, sort_key=f"{name}_id")


class SiteScopedChooserMixin:
    def get_object_list(self):
        return (
            super()
            .get_object_list()
            .filter(site_id__in=site_ids_for_user(self.request.user))
        )


class SiteScopedChooseView(SiteScopedChooserMixin, chooser.ChooseView):
    pass


class SiteScopedChooseResultsView(SiteScopedChooserMixin, chooser.ChooseResultsView):
    pass


class SiteScopedChosenView(chooser.SnippetChosenView):
    def get_object(self, pk):
        return self.model_class.objects.get(
            pk=pk, site_id__in=site_ids_for_user(self.request.user)
        )


class SiteScopedChosenMultipleView(chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return self.model_class.objects.filter(
            pk__in=pks, site_id__in=site_ids_for_user(self.request.user)
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
        if obj.site_id not in site_ids_for_user(self.request.user):
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
        return queryset.filter(site_id__in=site_ids_for_user(request.user))


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
                pk__in=object_ids, site_id__in=site_ids_for_user(self.request.user)
            )

    SiteScopedDeleteBulkAction.models = list(models)
    return SiteScopedDeleteBulkAction
