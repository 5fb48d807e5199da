"""Every page model and snippet has a factory, so tests build content in one line."""

from django.apps import apps

from wagtail.models import Page

import pytest

from blog import factories as blog_factories
from home import factories as home_factories
from leads import factories as lead_factories

FACTORY_MODULES = [home_factories, blog_factories, lead_factories]


def factory_models():
    return {
        getattr(module, name)._meta.model
        for module in FACTORY_MODULES
        for name in dir(module)
        if name.endswith("Factory") and hasattr(getattr(module, name), "_meta")
    }


def our_models():
    return [
        model
        for app in ("home", "blog", "leads")
        for model in apps.get_app_config(app).get_models()
        if model._meta.auto_created is False and not model.__name__.endswith("Tag")
    ]


@pytest.mark.parametrize("model", our_models(), ids=lambda m: m.__name__)
def test_every_model_has_a_factory(model):
    assert model in factory_models()


def test_page_models_are_all_ours():
    page_models = [
        m for m in apps.get_models() if issubclass(m, Page) and m is not Page
    ]

    assert set(page_models) <= set(our_models())
