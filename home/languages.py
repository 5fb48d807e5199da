"""Where a page is in each language of the site: the language switcher, the
``hreflang`` alternates of the head and of the sitemap.

A page's translation is the live, public page with the same translation key in
another locale. Where there is none, the switcher goes to the nearest ancestor
that has one (the section's index, else the home page) and says so; the
alternates list real translations only, with ``x-default`` on the default
language's version.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language_info, gettext, override

from wagtail.models import Locale, Page

from home.cache import cached
from home.sites import site_id_for_page


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # in its own language: "English", "Español"
    url: str  # absolute
    is_current: bool
    is_translation: bool  # False: ``url`` is a section of that language instead
    note: str = ""  # says so, in that language


def language_name(code):
    name = get_language_info(code)["name_local"]
    return name[:1].upper() + name[1:]


def language_links(page, request=None):
    """One link per language of the site for ``page``, current language first
    in the settings' order; cached with the published content (not for a
    preview, whose page may be a draft)."""
    if getattr(request, "is_preview", False) or not page.pk:
        return build_language_links(page, request)
    return cached(
        f"languages:{page.pk}",
        lambda: build_language_links(page, request),
        site_id=site_id_for_page(page),
    )


def build_language_links(page, request):
    locales = {locale.pk: locale.language_code for locale in Locale.objects.all()}
    translations = {
        locales[translation.locale_id]: translation
        for translation in page.get_translations(inclusive=True)
        .live()
        .public()
        .select_related("locale")
    }
    translations[locales[page.locale_id]] = page
    missing = [code for code, _name in settings.LANGUAGES if code not in translations]
    fallbacks = nearest_translated_ancestors(page, missing, locales)
    links = []
    for code, _name in settings.LANGUAGES:
        target = translations.get(code) or fallbacks.get(code)
        if target is None:
            continue
        url = target.get_full_url(request)
        if not url:
            continue
        note = ""
        if code not in translations:
            with override(code):
                note = gettext(
                    "This page is not in %(language)s yet: the link goes to “%(page)s”."
                ) % {
                    "language": get_language_info(code)["name_local"],
                    "page": target.title,
                }
        links.append(
            LanguageLink(
                code=code,
                name=language_name(code),
                url=url,
                is_current=target.pk == page.pk,
                is_translation=code in translations,
                note=note,
            )
        )
    return links


def nearest_translated_ancestors(page, codes, locales):
    """{language code: the deepest live ancestor of ``page`` translated into
    it}, in one query."""
    if not codes:
        return {}
    ancestors = page.get_ancestors().filter(depth__gt=1)
    depth_of = dict(ancestors.values_list("translation_key", "depth"))
    wanted = [pk for pk, code in locales.items() if code in codes]
    found = {}
    candidates = (
        Page.objects.live()
        .public()
        .filter(translation_key__in=depth_of, locale_id__in=wanted)
        .select_related("locale")
    )
    for candidate in candidates:
        code = locales[candidate.locale_id]
        best = found.get(code)
        if (
            best is None
            or depth_of[candidate.translation_key] > depth_of[best.translation_key]
        ):
            found[code] = candidate
    return found


def alternates(links):
    """(hreflang, URL) of the real translations among ``links``, then x-default."""
    return alternates_of({link.code: link.url for link in links if link.is_translation})


def alternates_of(versions):
    """(hreflang, URL) pairs of a page with ``versions`` {language: URL}, in the
    settings' order, then x-default: the default language's version. None for a
    page in one language only. The head and the sitemap both use this."""
    if len(versions) < 2:
        return []
    pairs = [
        (code, versions[code]) for code, _name in settings.LANGUAGES if code in versions
    ]
    if settings.LANGUAGE_CODE in versions:
        pairs.append(("x-default", versions[settings.LANGUAGE_CODE]))
    return pairs
