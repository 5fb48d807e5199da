from django import template

from wagtail.models import Locale, Page

from home.models import ClinicSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def clinic_settings(context):
    """The ClinicSettings of the page being rendered.

    By the page's site where there is a page; by the request's site on pages
    that have none (404, 500).
    """
    request = context.get("request")
    page = context.get("page")
    if isinstance(page, Page):
        return ClinicSettings.for_page(page, request)
    return ClinicSettings.for_request(request)


def active_locale(request):
    """The locale of the current language, looked up once per request."""
    if request is None:
        return Locale.get_active()
    if not hasattr(request, "_active_locale"):
        request._active_locale = Locale.get_active()
    return request._active_locale


@register.simple_tag(takes_context=True)
def localized(context, obj):
    """``obj`` in the visitor's language where a translation exists, else ``obj``.

    Like Wagtail's ``obj.localized``, without a locale query per object.
    """
    if obj is None:
        return None
    locale = active_locale(context.get("request"))
    if obj.locale_id == locale.id:
        return obj
    return obj.get_translation_or_none(locale) or obj


@register.simple_tag(takes_context=True)
def contact_url(context, page=None):
    """The URL of ``page``, or else of the clinic's contact page, in the visitor's
    language. Empty when there is neither."""
    clinic = context.get("clinic")
    target = localized(context, page or (clinic.contact_page if clinic else None))
    if target is None:
        return ""
    return target.get_url(request=context.get("request")) or ""


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """Live pages under the clinic's home page marked "Show in menus", in the
    visitor's language."""
    clinic = context.get("clinic")
    if clinic is None:
        return []
    home = localized(context, clinic.site.root_page)
    return home.get_children().live().in_menu()
