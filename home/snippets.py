"""Admin views for snippets that belong to one clinic site (a ``site`` foreign key).

The listing, the chooser and the edit view show only snippets of the sites the
user may edit (see :func:`home.sites.site_ids_for_user`); models give their
``site`` field the same choices with ``base_form_class = SiteScopedForm``.
"""

from django.core.exceptions import PermissionDenied

from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from home.sites import site_ids_for_user


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


class SiteScopedEditView(EditView):
    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if obj.site_id not in site_ids_for_user(self.request.user):
            raise PermissionDenied
        return obj


class SiteScopedSnippetViewSet(SnippetViewSet):
    chooser_viewset_class = SiteScopedChooserViewSet
    edit_view_class = SiteScopedEditView
    list_filter = ["site"]

    def get_queryset(self, request):
        queryset = self.model._default_manager.all()
        return queryset.filter(site_id__in=site_ids_for_user(request.user))
