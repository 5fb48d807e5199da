from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import page_scoping
from home import views as home_views
from leads import views as lead_views

urlpatterns = [
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", home_views.sitemap_xml, name="sitemap"),
    path("admin/login/", include("home.signin")),
    path("admin/", include("home.translation_review")),
    path("admin/", include("home.translation_access")),
    path("admin/", include("home.admin_guards")),
    path("admin/", include(page_scoping.wagtail_path_overrides())),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG or settings.SERVE_MEDIA:
    from django.urls import re_path
    from django.views.static import serve

    # As django.conf.urls.static.static(), which does nothing unless DEBUG.
    urlpatterns.append(
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    )

# English pages live at /, Spanish ones under /es/ (wagtail-localize).
urlpatterns += i18n_patterns(
    # Every return-request form posts here, in its page's language; the clinic
    # is the form's page's site.
    path("return-request/", lead_views.submit, name="lead_submit"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler500 = home_views.server_error
