"""`manage.py add_clinic`: a clinic with its own notices, collection and three
groups, permissions on that clinic only, safe to run again; Wagtail's default
groups hold nothing on the root."""

import importlib
import io

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Locale,
    Site,
)

import pytest

from home.factories import NoticeFactory
from home.models import ClinicSettings, ClinicTeam, HomePage, Notice
from home.teams import add_clinic

pytestmark = pytest.mark.django_db

own_notices = importlib.import_module(
    "home.migrations.0006_own_notices_and_default_groups"
).own_notices


def run(*args):
    out = io.StringIO()
    call_command("add_clinic", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def no_default_site(db):
    Site.objects.filter(is_default_site=True).delete()


def grants(team):
    groups = list(team.groups().values())
    return {
        "pages": sorted(
            GroupPagePermission.objects.filter(group__in=groups).values_list(
                "group__name", "page_id", "permission__codename"
            )
        ),
        "collections": sorted(
            GroupCollectionPermission.objects.filter(group__in=groups).values_list(
                "group__name", "collection_id", "permission__codename"
            )
        ),
        "sites": sorted(
            GroupSitePermission.objects.filter(group__in=groups).values_list(
                "group__name", "site_id", "permission__codename"
            )
        ),
        "global": sorted(
            Group.objects.filter(pk__in=[g.pk for g in groups]).values_list(
                "name", "permissions__codename"
            )
        ),
    }


def test_command_creates_a_whole_clinic(no_default_site):
    output = run(
        "--hostname", "north.localhost", "--name", "North Clinic",
        "--phone", "+15135550111",
    )  # fmt: skip

    team = ClinicTeam.objects.get(site__hostname="north.localhost")
    site = team.site
    assert site.site_name == "North Clinic"
    assert type(site.root_page.specific) is HomePage
    assert site.root_page.live
    settings = ClinicSettings.objects.get(site=site)
    assert (settings.clinic_name, settings.phone_e164) == (
        "North Clinic",
        "+15135550111",
    )
    notices = [settings.disclaimer, settings.crisis_notice, settings.footer_text]
    assert all(notice.site_id == site.pk for notice in notices)
    assert "988" in settings.crisis_notice.body
    assert team.collection.get_parent() == Collection.get_first_root_node()
    assert [group.name for group in team.groups().values()] == [
        "North Clinic Editors",
        "North Clinic Moderators",
        "North Clinic Managers",
    ]
    assert "Added North Clinic: http://north.localhost/" in output


def test_permissions_are_on_the_clinic_only_never_global(no_default_site):
    team, _created = add_clinic(
        hostname="north.localhost", name="North", phone="+15135550111"
    )
    found = grants(team)

    assert {page for _g, page, _p in found["pages"]} == {team.site.root_page_id}
    assert {c for _g, c, _p in found["collections"]} == {team.collection_id}
    assert {site for _g, site, _p in found["sites"]} == {team.site_id}
    # The only global permissions: entry to the admin, and wagtail-localize's
    # "may translate", whose every view home.translation_access confines to the
    # user's clinics (tests/home/test_translation_access.py).
    global_by_group = {
        group: {codename for g, codename in found["global"] if g == group}
        for group in {g for g, _codename in found["global"]}
    }
    assert global_by_group == {
        team.editors.name: {"access_admin", "submit_translation"},
        team.moderators.name: {"access_admin", "submit_translation"},
        team.managers.name: {"access_admin"},
    }
    by_role = {
        role: {p for g, _s, p in found["sites"] if g == group.name}
        for role, group in team.groups().items()
    }
    assert "view_lead" not in by_role["editors"]
    assert "view_lead" in by_role["moderators"]
    assert {"change_lead", "export_lead", "change_clinicsettings"} <= by_role[
        "managers"
    ]
    assert not any("leadsettings" in p for p in by_role["managers"])
    pages = {
        group: {p for g, _page, p in found["pages"] if g == group}
        for group in (team.editors.name, team.moderators.name)
    }
    assert "publish_page" not in pages[team.editors.name]
    assert "publish_page" in pages[team.moderators.name]


def test_second_run_changes_nothing_and_renames_with_the_clinic(no_default_site):
    team, created = add_clinic(
        hostname="north.localhost", name="North", phone="+15135550111"
    )
    before = grants(team)
    counts = (Site.objects.count(), Notice.objects.count(), Collection.objects.count())

    team, created_again = add_clinic(hostname="north.localhost", name="North")

    assert (created, created_again) == (True, False)
    assert grants(team) == before
    assert (
        Site.objects.count(),
        Notice.objects.count(),
        Collection.objects.count(),
    ) == counts

    output = run("--hostname", "north.localhost", "--name", "North Valley")

    team.refresh_from_db()
    assert team.site.site_name == "North Valley"
    assert team.collection.name == "North Valley"
    assert team.editors.name == "North Valley Editors"
    assert "Updated North Valley" in output


def test_a_new_clinic_needs_a_phone(no_default_site):
    with pytest.raises(CommandError, match="needs a phone number"):
        run("--hostname", "north.localhost", "--name", "North")

    assert not Site.objects.filter(hostname="north.localhost").exists()
    assert not ClinicTeam.objects.exists()


def test_a_shared_notice_is_replaced_by_the_clinics_own(truhealing, tal):
    shared = NoticeFactory(site=truhealing.site, name="Crisis notice")
    for clinic in (truhealing, tal):
        clinic.settings.crisis_notice = shared
        clinic.settings.save()

    add_clinic(hostname=tal.host, name=tal.site.site_name)

    tal.settings.refresh_from_db()
    truhealing.settings.refresh_from_db()
    assert truhealing.settings.crisis_notice == shared
    assert tal.settings.crisis_notice != shared
    assert tal.settings.crisis_notice.site == tal.site


def test_migration_copies_a_notice_two_clinics_shared(truhealing, tal):
    # Before the migration one crisis notice served both clinics; the column it
    # added can no longer be empty, so the notice starts as TruHealing's.
    shared = NoticeFactory(site=truhealing.site, name="Crisis notice")
    for clinic in (truhealing, tal):
        ClinicSettings.objects.filter(pk=clinic.settings.pk).update(
            crisis_notice=shared
        )

    own_notices(apps, None)

    truhealing.settings.refresh_from_db()
    tal.settings.refresh_from_db()
    assert truhealing.settings.crisis_notice_id == shared.pk
    assert truhealing.settings.crisis_notice.site == truhealing.site
    copy = tal.settings.crisis_notice
    assert copy.pk != shared.pk
    assert (copy.site, copy.body, copy.name) == (tal.site, shared.body, shared.name)
    assert copy.translation_key != shared.translation_key


def test_a_new_language_tree_gets_the_teams_permissions(no_default_site):
    team, _created = add_clinic(
        hostname="north.localhost", name="North", phone="+15135550111"
    )
    spanish = Locale.objects.create(language_code="es")

    translated_home = team.site.root_page.copy_for_translation(spanish)

    for role, group in team.groups().items():
        on_english = set(
            GroupPagePermission.objects.filter(
                group=group, page=team.site.root_page
            ).values_list("permission__codename", flat=True)
        )
        on_spanish = set(
            GroupPagePermission.objects.filter(
                group=group, page=translated_home
            ).values_list("permission__codename", flat=True)
        )
        assert on_spanish == on_english, role


def test_wagtails_default_groups_hold_nothing_on_the_root():
    defaults = Group.objects.filter(name__in=["Editors", "Moderators"])
    assert defaults.count() == 2  # still there, for whoever used them

    assert not GroupPagePermission.objects.filter(group__in=defaults).exists()
    assert not GroupCollectionPermission.objects.filter(
        group__in=defaults, collection__depth=1
    ).exists()
