"""The site's URLs plus one view that fails, to see the 500 page a visitor gets."""

from django.urls import path

from cms.urls import handler500  # noqa: F401 (Django looks it up here)
from cms.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("fail/", fail), *site_urlpatterns]
