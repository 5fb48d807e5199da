"""Admin views of Wagtail that let one clinic's team see or touch another
clinic's pages, images or documents, and how each is closed.

Wagtail checks permissions on the object a view changes, but some views show an
object before that check (moving a page: the confirmation names it), others
check nothing (a page's workflow cancellation dialog), and some list objects by
collection visibility rather than permission (the admin API's images and
documents, the bulk actions' "no permission" list). Each is closed here with a
hook where Wagtail offers one, and otherwise with a view mounted at the same URL
in front of Wagtail's (``urlpatterns`` below, included in cms/urls.py before the
admin's).
"""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _

from wagtail.admin.auth import permission_denied, require_admin_access
from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.documents.views.bulk_actions.add_tags import (
    AddTagsBulkAction as DocumentAddTags,
)
from wagtail.documents.views.bulk_actions.add_to_collection import (
    AddToCollectionBulkAction as DocumentAddToCollection,
)
from wagtail.documents.views.bulk_actions.delete import (
    DeleteBulkAction as DocumentDelete,
)
from wagtail.documents.views.multiple import AddView as DocumentMultipleAdd
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.images.views.bulk_actions.add_tags import (
    AddTagsBulkAction as ImageAddTags,
)
from wagtail.images.views.bulk_actions.add_to_collection import (
    AddToCollectionBulkAction as ImageAddToCollection,
)
from wagtail.images.views.bulk_actions.delete import DeleteBulkAction as ImageDelete
from wagtail.images.views.multiple import AddView as ImageMultipleAdd
from wagtail.models import Page
from wagtail.permissions import policy_registry

# Pages


def refuse_move_elsewhere(request, page, destination):
    """The move confirmation names both pages: refuse it, not only its POST,
    unless the user may move this page there."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        return permission_denied(request)
    return None


def refuse_copy_elsewhere(request, page):
    """A copy posted under a parent the user may not add to would come back
    as a form error that names that parent: refuse it first."""
    parent_id = request.POST.get("new_parent_page")
    if request.method != "POST" or not parent_id:
        return None
    parent = Page.objects.filter(pk=parent_id).first()
    if parent is None:
        return None  # the form says what is wrong
    if not parent.permissions_for_user(request.user).can_add_subpage():
        return permission_denied(request)
    return None


def page_view_for_editors(name):
    """Wagtail's page view ``name``, refused as the admin refuses unless the user
    may edit the page."""

    def guarded(request, page_id, *args, **kwargs):
        page = get_object_or_404(Page, pk=page_id)
        if not page.permissions_for_user(request.user).can_edit():
            return permission_denied(request)
        return wagtail_page_view(name)(request, *args, page_id=page_id, **kwargs)

    return require_admin_access(guarded)


def wagtail_page_view(name):
    """Looked up when a request comes: Wagtail builds its page URLs from hooks,
    which must all be registered first."""
    from wagtail.admin.urls.pages import urlpatterns as page_urlpatterns

    for pattern in page_urlpatterns:
        if getattr(pattern, "name", None) == name:
            return pattern.callback
    raise LookupError(name)


# Images and documents


def permission_policy(model):
    return policy_registry.get_by_type(model)


def choosable(user, model):
    """What the user's chooser would offer, whatever collections are public."""
    return permission_policy(model).instances_user_has_any_permission_for(
        user, ["choose"]
    )


class ScopedImagesAPI(ImagesAdminAPIViewSet):
    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(pk__in=choosable(self.request.user, get_image_model()).values("pk"))
        )


class ScopedDocumentsAPI(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(
                pk__in=choosable(self.request.user, get_document_model()).values("pk")
            )
        )


def scoped_file_apis(router):
    """Replaces the admin API's image and document endpoints, which list
    every image of a collection without view restrictions."""
    router.register_endpoint("images", ScopedImagesAPI)
    router.register_endpoint("documents", ScopedDocumentsAPI)


class ScopedFileBulkAction:
    """A bulk action on images or documents that takes only the objects the user
    may change: Wagtail lists the others as "no permission", by title."""

    def get_queryset(self, model, object_ids):
        allowed = permission_policy(model).instances_user_has_any_permission_for(
            self.request.user, ["change", "delete"]
        )
        return list(allowed.filter(pk__in=object_ids))


FILE_BULK_ACTIONS = [
    type(f"Scoped{action.__name__}", (ScopedFileBulkAction, action), {})
    for action in (
        ImageDelete,
        ImageAddToCollection,
        ImageAddTags,
        DocumentDelete,
        DocumentAddToCollection,
        DocumentAddTags,
    )
]


def upload_view_for_collection(view_class, model):
    """The multiple upload view, refusing a POST into a collection the user may
    not add to (Wagtail would keep the file as a pending upload)."""
    view = view_class.as_view()

    def guarded(request, *args, **kwargs):
        if request.method == "POST" and "collection" in request.POST:
            collections = permission_policy(model).collections_user_has_permission_for(
                request.user, "add"
            )
            allowed = {str(pk) for pk in collections.values_list("pk", flat=True)}
            if request.POST["collection"] not in allowed:
                return JsonResponse(
                    {"success": False, "error_message": _("Choose your collection.")},
                    status=403,
                )
        return view(request, *args, **kwargs)

    return require_admin_access(guarded)


urlpatterns = [
    path(
        "pages/workflow/confirm_cancellation/<int:page_id>/",
        page_view_for_editors("confirm_workflow_cancellation"),
    ),
    path(
        "images/multiple/add/",
        upload_view_for_collection(ImageMultipleAdd, get_image_model()),
    ),
    path(
        "documents/multiple/add/",
        upload_view_for_collection(DocumentMultipleAdd, get_document_model()),
    ),
]
