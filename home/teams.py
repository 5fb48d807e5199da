"""A clinic and its team: what ``manage.py add_clinic`` creates and keeps in order.

A clinic is a Site with its home page tree, its ClinicSettings, its own notices,
a collection for its images and documents, and three groups:

- editors write pages, snippets and images, and submit pages for review;
- moderators also publish, delete and see the clinic's return requests, and
  approve or reject what editors submit (the clinic's own workflow);
- managers keep the clinic's public settings and handle its return requests.

Every permission is granted on the clinic's own tree (its home page and each
translation of it), its own collection or its own site (GroupSitePermission),
never as a global model permission: a global permission covers every clinic.
Apps add their site-scoped permissions to the roles with the hook
``register_clinic_team_permissions``, which returns ``{role: ["app.codename"]}``.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from home.models import ClinicSettings, ClinicTeam, HomePage, Notice

ROLES = ("editors", "moderators", "managers")
ROLE_LABELS = {
    "editors": "Editors",
    "moderators": "Moderators",
    "managers": "Managers",
}

# Everyone on a team needs the admin; it is not a permission on any content.
GLOBAL = ["wagtailadmin.access_admin"]
# wagtail-localize checks "may translate" by model only; home.translation_access
# limits every one of its views to the user's own clinics. A translation made by
# an editor stays a draft until the clinic's moderators approve it
# (home.translation_review).
TRANSLATE = {
    "editors": ["wagtail_localize.submit_translation"],
    "moderators": ["wagtail_localize.submit_translation"],
    "managers": [],
}

PAGE = {
    "editors": ["add_page", "change_page"],
    "moderators": [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
    "managers": [],
}

# Wagtail lets a user edit and delete the images they uploaded wherever they may
# add: that stays inside the clinic's collection.
COLLECTION = {
    "editors": [
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    ],
    "moderators": [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.delete_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.delete_document",
        "wagtaildocs.choose_document",
    ],
    "managers": ["wagtailimages.choose_image"],
}

SITE = {
    "editors": ["home.add_notice", "home.change_notice"],
    "moderators": ["home.add_notice", "home.change_notice", "home.delete_notice"],
    "managers": [
        "home.add_notice",
        "home.change_notice",
        "home.change_clinicsettings",
    ],
}


@dataclass
class NoticeText:
    name: str
    body: str


def default_notices(name):
    """A new clinic's notices, to be rewritten by its team."""
    return {
        "disclaimer": NoticeText(
            _("Medical disclaimer (%(clinic)s)") % {"clinic": name},
            _(
                "<p>Nothing on this site is medical advice. Please talk with a "
                "licensed provider about your own situation.</p>"
            ),
        ),
        "crisis_notice": NoticeText(
            _("Crisis notice (%(clinic)s)") % {"clinic": name},
            _(
                '<p>In crisis? Call or text <a href="tel:988">988</a> for the '
                "Suicide &amp; Crisis Lifeline, day or night. In an emergency, "
                'call <a href="tel:911">911</a>.</p>'
            ),
        ),
        "footer_text": NoticeText(
            _("Footer text (%(clinic)s)") % {"clinic": name},
            format_html("<p>{}</p>", name),
        ),
    }


def site_permissions(role):
    codenames = list(SITE[role])
    for hook in hooks.get_hooks("register_clinic_team_permissions"):
        codenames += hook().get(role, [])
    return codenames


def permissions(names):
    """``Permission`` rows for "app_label.codename" names; a missing one is an
    error, not a silently smaller grant."""
    found = []
    for name in names:
        app_label, codename = name.split(".")
        found.append(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return found


def page_permission(codename):
    return Permission.objects.get(
        content_type__app_label="wagtailcore", codename=codename
    )


@transaction.atomic
def add_clinic(
    *,
    hostname,
    name,
    phone=None,
    port=80,
    home_slug=None,
    is_default_site=False,
    notices=None,
    home_fields=None,
    update=True,
):
    """Create the clinic served at ``hostname`` or bring it up to date; return
    ``(team, created)``.

    ``update=False`` leaves an existing clinic's names as they are (load_demo:
    what editors changed in the admin stays); grants are always completed.
    """
    site = Site.objects.filter(hostname=hostname, port=port).first()
    created = site is None
    if created:
        site = create_site(
            hostname=hostname,
            name=name,
            port=port,
            home_slug=home_slug or slugify(name),
            is_default_site=is_default_site,
            home_fields=home_fields or {},
        )
    elif update and site.site_name != name:
        site.site_name = name
        site.save(update_fields=["site_name"])
    settings = ensure_settings(site, name, phone, update=update)
    ensure_notices(settings, {**default_notices(name), **(notices or {})})
    team = ensure_team(site, name, rename=update)
    grant(team)
    ensure_workflow(team, name)
    return team, created


def create_site(*, hostname, name, port, home_slug, is_default_site, home_fields):
    root = Page.get_first_root_node()
    home = root.get_children().filter(slug=home_slug).first()
    if home is None:
        home = root.add_child(
            instance=HomePage(
                **{"title": name, **home_fields},
                slug=home_slug,
                locale=Locale.get_default(),
            )
        )
        home.save_revision().publish()
    if is_default_site:
        Site.objects.filter(is_default_site=True).update(is_default_site=False)
    return Site.objects.create(
        hostname=hostname,
        port=port,
        site_name=name,
        root_page=home,
        is_default_site=is_default_site,
    )


def ensure_settings(site, name, phone, *, update):
    """The clinic's settings; a new row needs the phone visitors call."""
    settings = ClinicSettings.objects.filter(site=site).first()
    if settings is None:
        settings = ClinicSettings(site=site)
    if not settings.clinic_name:
        settings.clinic_name = name
    if phone and (update or not settings.phone):
        settings.phone = phone
    if not settings.phone:
        raise ValueError(
            _("%(clinic)s needs a phone number (--phone).") % {"clinic": name}
        )
    settings.save()
    return settings


def ensure_notices(settings, texts):
    """Give the clinic its own disclaimer, crisis notice and footer text where
    it has none, or has one that belongs to another clinic."""
    changed = False
    for field, text in texts.items():
        notice = getattr(settings, field)
        if notice is not None and notice.site_id == settings.site_id:
            continue
        notice, _created = Notice.objects.get_or_create(
            site=settings.site,
            name=text.name,
            locale=Locale.get_default(),
            defaults={"body": text.body},
        )
        setattr(settings, field, notice)
        changed = True
    if changed:
        settings.save()


def ensure_team(site, name, *, rename):
    team = ClinicTeam.objects.filter(site=site).first()
    if team is None:
        collection = Collection.get_first_root_node().add_child(name=name)
        groups = {
            role: Group.objects.get_or_create(name=group_name(name, role))[0]
            for role in ROLES
        }
        return ClinicTeam.objects.create(site=site, collection=collection, **groups)
    if rename:
        rename_team(team, name)
    return team


def group_name(clinic_name, role):
    return f"{clinic_name} {ROLE_LABELS[role]}"


def rename_team(team, name):
    if team.collection.name != name:
        team.collection.name = name
        team.collection.save(update_fields=["name"])
    for role, group in team.groups().items():
        if group.name != group_name(name, role):
            group.name = group_name(name, role)
            group.save(update_fields=["name"])


def grant(team):
    """Give each of the team's groups what its role needs, on this clinic only.
    Adds what is missing; never removes what an administrator added."""
    for role, group in team.groups().items():
        group.permissions.add(*permissions(GLOBAL + TRANSLATE[role]))
        for permission in permissions(COLLECTION[role]):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=team.collection, permission=permission
            )
        for permission in permissions(site_permissions(role)):
            GroupSitePermission.objects.get_or_create(
                group=group, site=team.site, permission=permission
            )
    grant_pages(team)


def grant_pages(team):
    """Page permissions on the clinic's home page in every language: each
    translation of the home page is the root of its own tree."""
    for home in team.site.root_page.get_translations(inclusive=True):
        for role, group in team.groups().items():
            for codename in PAGE[role]:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=home, permission=page_permission(codename)
                )


def grant_new_locale_tree(page):
    """A page just saved at depth 2 may be a new translation of a clinic's home
    page: its team gets the same permissions and workflow on it."""
    teams = ClinicTeam.objects.filter(
        site__root_page__translation_key=page.translation_key
    ).select_related("site__root_page")
    for team in teams:
        grant_pages(team)
        workflow = clinic_workflow(team)
        if workflow is not None:
            assign_workflow(team, workflow)


def clinic_workflow(team):
    link = WorkflowPage.objects.filter(page=team.site.root_page).first()
    return link.workflow if link else None


def ensure_workflow(team, name):
    """The clinic's moderation: pages of its tree (every language) go to a task
    of its own moderators group, so that only they are asked, notified and able
    to approve; approval publishes, or schedules with a go-live time.

    A clinic whose home page already has a workflow keeps it (an administrator
    may have chosen another one)."""
    workflow = clinic_workflow(team)
    if workflow is None:
        task = GroupApprovalTask.objects.create(
            name=_("%(clinic)s moderators approve") % {"clinic": name}
        )
        task.groups.set([team.moderators])
        workflow = Workflow.objects.create(
            name=_("%(clinic)s review") % {"clinic": name}
        )
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    assign_workflow(team, workflow)


def assign_workflow(team, workflow):
    for home in team.site.root_page.get_translations(inclusive=True):
        WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})
