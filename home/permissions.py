"""Permission policies of our own, beside Wagtail's."""

from wagtail.models import GroupSitePermission, Site
from wagtail.permission_policies.sites import SitePermissionPolicy


class SuperuserOnlyPolicy(SitePermissionPolicy):
    """A site setting that only superusers may see or change.

    Grants to a group, global or per site, are ignored: whoever may edit groups
    could otherwise hand themselves the setting.
    """

    def get_all_permissions_for_user(self, user):
        return GroupSitePermission.objects.none()

    def _user_has_global_permission(self, user, actions):
        return False

    def sites_user_has_any_permission_for(self, user, actions):
        if user.is_active and user.is_superuser:
            return Site.objects.all()
        return Site.objects.none()

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(actions).filter(is_superuser=True)

    def users_with_any_permission_for_instance(self, actions, instance):
        return (
            super()
            .users_with_any_permission_for_instance(actions, instance)
            .filter(is_superuser=True)
        )
