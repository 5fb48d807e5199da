from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from home import admin_guards
from home.audit import SETTINGS_EDIT, AuditedSettingsEdit, SettingsEdited
from home.models import ClinicSettings, Notice
from home.snippets import (
    SiteScopedSnippetViewSet,
    foreign_key_column,
    register_site_snippet,
    site_scoped_delete_bulk_action,
)


class NoticeViewSet(SiteScopedSnippetViewSet):
    # No search_fields: the admin searches Notice's index. Naming fields breaks the
    # search on SQLite, whose backend takes them for columns of its full-text
    # table ("no such column: name", django-modelsearch#47).
    model = Notice
    icon = "info-circle"
    menu_label = _("Notices")
    list_display = [
        "name",
        foreign_key_column("site", _("Clinic site")),
        foreign_key_column("locale", _("Locale")),
    ]


register_site_snippet(NoticeViewSet)
hooks.register("register_bulk_action", site_scoped_delete_bulk_action(Notice), order=1)


@hooks.register("register_log_actions")
def register_settings_log_action(actions):
    actions.register_action(SETTINGS_EDIT)(SettingsEdited)


@hooks.register("register_actions")
def register_audited_settings(registry):
    registry.register(ClinicSettings, AuditedSettingsEdit)


# Wagtail views that show or touch another clinic's objects (home/admin_guards.py).
hooks.register("before_move_page", admin_guards.refuse_move_elsewhere)
hooks.register("before_copy_page", admin_guards.refuse_copy_elsewhere)
# After wagtail.images and wagtail.documents register theirs.
hooks.register("construct_admin_api", admin_guards.scoped_file_apis, order=100)
for action in admin_guards.FILE_BULK_ACTIONS:
    hooks.register("register_bulk_action", action, order=1)


# ---------------------------------------------------------------------------
# Page scoping: a clinic's editors see only their own clinics' pages in the page
# chooser, the explorer, the admin search, the page types usage report, the
# dashboard and the page bulk actions (home/page_scoping.py).
# ---------------------------------------------------------------------------

from home import page_scoping  # noqa: E402

hooks.register("construct_page_chooser_queryset", page_scoping.scope_page_chooser)
hooks.register("construct_explorer_page_queryset", page_scoping.scope_explorer_pages)
# Wagtail registers its default page viewset at order -1: this one replaces it.
hooks.register("register_admin_viewset", lambda: page_scoping.page_viewset)
hooks.register("register_admin_urls", page_scoping.admin_urls)
hooks.register("construct_reports_menu", page_scoping.use_scoped_page_types_report)
hooks.register("construct_homepage_panels", page_scoping.scope_homepage_panels)
# After Wagtail's own hook, which adds the page count this one replaces.
hooks.register(
    "construct_homepage_summary_items", page_scoping.scope_summary_items, order=1
)
for scoped_action in page_scoping.SCOPED_PAGE_BULK_ACTIONS:
    # After Wagtail's page bulk actions (order 0), which these replace.
    hooks.register("register_bulk_action", scoped_action, order=1)


# ---------------------------------------------------------------------------
# Two-factor authentication (home/two_factor.py, ADMIN_2FA): the set-up page at
# /admin/two-factor/ and its link under Account > More actions.
# ---------------------------------------------------------------------------

from home import two_factor  # noqa: E402

hooks.register("register_admin_urls", two_factor.admin_urls)
hooks.register("register_account_menu_item", two_factor.account_menu_item)


# ---------------------------------------------------------------------------
# Dashboard: an editor's drafts, pages sent back to them and pages awaiting
# review, of their own clinics (home/dashboard.py). The superusers' overview of
# every clinic is in leads/dashboard.py.
# ---------------------------------------------------------------------------

from home import dashboard  # noqa: E402

hooks.register("construct_homepage_panels", dashboard.add_editor_panels)


# ---------------------------------------------------------------------------
# Translations through the clinic's review: "Submit translation for review" in
# the page listing's "More" menu, for a translated page that the user may edit
# and not publish (home/translation_review.py).
# ---------------------------------------------------------------------------

from home import translation_review  # noqa: E402

hooks.register(
    "register_page_listing_more_buttons", translation_review.page_listing_more_buttons
)


# ---------------------------------------------------------------------------
# The page cache stores only pages Wagtail serves, and no private ones
# (home/page_cache.py).
# ---------------------------------------------------------------------------

from home import page_cache  # noqa: E402

hooks.register("before_serve_page", page_cache.mark_cacheable)
