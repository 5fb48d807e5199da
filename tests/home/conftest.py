"""Fixtures of the tests of clinic teams, workflows and translations."""

from wagtail.models import Locale

import pytest

from home.teams import add_clinic


@pytest.fixture
def teams(truhealing, tal):
    """Both clinics' teams and review workflows, as `manage.py add_clinic` makes
    them, by clinic."""
    return {
        "truhealing": add_clinic(
            hostname=truhealing.host, name=truhealing.site.site_name
        )[0],
        "tal": add_clinic(hostname=tal.host, name=tal.site.site_name)[0],
    }


@pytest.fixture
def spanish(db):
    return Locale.objects.get_or_create(language_code="es")[0]


@pytest.fixture
def team_member(django_user_model):
    """``member(username, group)``: a user of that team group."""

    def member(username, group):
        user = django_user_model.objects.create_user(
            username=username, email=f"{username}@clinic.example", password="pw"
        )
        user.groups.add(group)
        return user

    return member
