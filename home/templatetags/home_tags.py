import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from wagtail.models import Locale, Page

from home import fragments, languages, security
from home.cache import cached
from home.models import ClinicSettings
from home.structured_data import clinic_organization

register = template.Library()

# As django.utils.html.json_script escapes.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def clinic_settings(context):
    """The ClinicSettings of the page being rendered.

    The view's own ``clinic`` where it set one (snippet previews); else by the
    page's site where there is a page; else by the request's site (404, 500).
    """
    if context.get("clinic") is not None:
        return context["clinic"]
    request = context.get("request")
    page = context.get("page")
    if isinstance(page, Page):
        return ClinicSettings.for_page(page, request)
    return ClinicSettings.for_request(request)


def active_locale(request):
    """The locale of the current language, from the content cache."""
    if request is not None and hasattr(request, "_active_locale"):
        return request._active_locale
    locale = cached(f"locale:{get_language()}", Locale.get_active)
    if request is not None:
        request._active_locale = locale
    return locale


@register.simple_tag(takes_context=True)
def localized(context, obj):
    """``obj`` in the visitor's language where a live translation exists, else
    ``obj``.

    Like Wagtail's ``obj.localized``, without a locale query per object.
    """
    if obj is None:
        return None
    locale = active_locale(context.get("request"))
    if obj.locale_id == locale.id:
        return obj
    translation = obj.get_translation_or_none(locale)
    # A draft translation is not there yet for visitors (as Wagtail's .localized).
    if translation is None or not getattr(translation, "live", True):
        return obj
    return translation


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
    request = context.get("request")
    locale = active_locale(request)

    def build():
        home = localized(context, clinic.site.root_page)
        return [
            {"pk": page.pk, "title": page.title, "url": page.get_url(request)}
            for page in home.get_children().live().in_menu()
        ]

    return cached(f"menu:{clinic.site_id}:{locale.pk}", build, site_id=clinic.site_id)


@register.simple_tag(takes_context=True)
def language_links(context):
    """The language switcher's links for the page being rendered (for a page
    without one, a 404 say, the clinic's home page)."""
    page = context.get("page")
    if not isinstance(page, Page):
        clinic = context.get("clinic")
        page = localized(context, clinic.site.root_page) if clinic else None
    if page is None:
        return []
    return languages.language_links(page, context.get("request"))


@register.simple_tag
def hreflang_alternates(links):
    return languages.alternates(links)


@register.filter
def has_session_cookie(request):
    """Whether the visitor has a session (editors do). Only then may a page look
    at ``request.user``: reading it touches the session, which makes Django
    send ``Vary: Cookie`` and so ends shared caching of the page for everyone."""
    return bool(request and settings.SESSION_COOKIE_NAME in request.COOKIES)


@register.filter
def ld_json(data):
    """A ``<script type="application/ld+json">`` element, escaped as Django's
    ``json_script`` escapes, so no value can close the script."""
    if not data:
        return ""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload.translate(JSON_SCRIPT_ESCAPES)),  # noqa: S308
    )


@register.filter
def of_site(snippet, clinic):
    """``snippet`` if it is published and belongs to the clinic's site, else None:
    a page never shows another clinic's snippet, even with a forged id."""
    if snippet is None or clinic is None:
        return None
    if snippet.site_id != clinic.site_id or not snippet.live:
        return None
    return snippet


@register.simple_tag(takes_context=True)
def clinic_structured_data(context):
    clinic = context.get("clinic")
    return clinic_organization(clinic) if clinic else None


@register.tag
def inline_style(parser, token):
    """``{% inline_style %}…{% endinline_style %}``: a ``<style>`` element that
    the page's Content-Security-Policy allows by the hash of its bytes
    (home/security.py). Only styles written by our templates are allowed so;
    nothing injected into a page is."""
    nodelist = parser.parse(("endinline_style",))
    parser.delete_first_token()
    return InlineStyleNode(nodelist)


class InlineStyleNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        css = self.nodelist.render(context)
        security.allow_inline(context.get("request"), "style-src", css)
        return format_html("<style>{}</style>", mark_safe(css))  # noqa: S308


@register.tag
def published_fragment(parser, token):
    """``{% published_fragment "name" key=value … %}…{% endpublished_fragment %}``:
    HTML kept per published revision of the page (home/fragments.py); the
    keyword arguments are resolved only when the fragment is rendered."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a name")
    kwargs = template.base.token_kwargs(bits[2:], parser)
    if len(kwargs) != len(bits) - 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes key=value arguments")
    nodelist = parser.parse(("endpublished_fragment",))
    parser.delete_first_token()
    return fragments.PublishedFragmentNode(
        parser.compile_filter(bits[1]), kwargs, nodelist
    )
