"""Every Spanish page of the demo, and every state of its return-request form,
is Spanish to a visitor: no text from the English catalogue, and no sentence of
the clinic's English pages, anywhere a visitor can see or hear it (text, alt
text, labels for screen readers, the title), except for a short list of proper
nouns. Text an element marks as another language (lang="en": the switcher's
"English" link) is that language's, as it should be."""

import io
import re
import uuid
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection

from wagtail.models import Locale, Site

import polib
import pytest

from blog.models import BlogIndexPage
from home.models import ClinicSettings
from home.sites import pages_in_site

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CATALOGUE = Path(django_settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES"
# Written the same in Spanish and English: names, places, numbers, acronyms.
PROPER_NOUNS = {
    "TruHealing Cincinnati",
    "Tal Behavioral Health Cleveland",
    "Tal Behavioral Health",
    "TruHealing",
    "Cincinnati",
    "Cleveland",
    "Ohio",
    "OH",
    "IOP",
    "PHP",
    "SAMHSA",
    "Blog",
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{[^}]*\}|<[^>]+>|&\w+;")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
SKIPPED = {"script", "style", "template", "noscript"}


class VisibleText(HTMLParser):
    """The text of a page as a visitor meets it, one string per text node or
    attribute read aloud, without the parts in another declared language."""

    def __init__(self, language):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack = []  # (tag, shown) of open elements
        self.texts = []

    def shown(self):
        return all(shown for _tag, shown in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        shown = (
            tag not in SKIPPED
            and "hidden" not in attrs
            and (lang is None or lang.startswith(self.language))
        )
        if tag == "html":
            shown = True
        if shown and self.shown():
            for name in ("alt", "aria-label", "title", "placeholder"):
                if attrs.get(name):
                    self.texts.append(attrs[name])
            if tag == "input" and attrs.get("type") in ("submit", "button"):
                self.texts.append(attrs.get("value") or "")
        if tag not in VOID:
            self.stack.append((tag, shown))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and self.shown():
            self.texts.append(text)


def visible_texts(html, language):
    parser = VisibleText(language)
    parser.feed(html)
    return [text for text in parser.texts if text.strip()]


def catalogue_phrases():
    """Pieces of the English catalogue's messages that Spanish changes: the
    words between placeholders and tags, of two words or more."""
    phrases = set()
    for entry in polib.pofile(str(CATALOGUE / "django.po")):
        if entry.obsolete or not entry.msgstr or entry.msgstr == entry.msgid:
            continue
        for piece in PLACEHOLDER.split(entry.msgid):
            piece = " ".join(piece.split()).strip(" .,:;!?()“”\"'")
            if len(piece.split()) >= 2 and len(piece) >= 8:
                phrases.add(piece)
    return phrases


def proper_nouns(site):
    """PROPER_NOUNS and the clinic's own: its name, address and the places it
    serves (names of counties and towns), as its settings write them."""
    clinic = ClinicSettings.objects.get(site=site)
    return PROPER_NOUNS | {
        clinic.display_name,
        clinic.street_address,
        clinic.phone_label,
        *clinic.service_area_list,
    } - {""}


def says_something_else(text, nouns):
    """Whether ``text`` has words besides proper nouns and punctuation."""
    for noun in sorted(nouns, key=len, reverse=True):
        text = text.replace(noun, " ")
    return len(re.findall(r"[^\W\d_]{2,}", text)) >= 2


def english_sentences(client, site):
    """Text nodes of three words or more on the site's English pages that say
    more than proper nouns."""
    sentences = set()
    nouns = proper_nouns(site)
    english = Locale.objects.get(language_code="en")
    for page in pages_in_site(site.pk).live().filter(locale=english, depth__gt=1):
        response = client.get(page.get_url(current_site=site), HTTP_HOST=site.hostname)
        for text in visible_texts(response.content.decode(), "en"):
            if len(text.split()) >= 3 and says_something_else(text, nouns):
                sentences.add(text)
    return sentences


def english_in(texts, phrases, sentences):
    text = "\n".join(texts)
    found = sorted(phrase for phrase in phrases if phrase in text)
    found += sorted(sentence for sentence in sentences if sentence in text)
    return found


def spanish_feed_problems(client, site, blog_path, phrases, sentences):
    """The Spanish blog's feed: in Spanish, linking to Spanish pages only."""
    response = client.get(blog_path + "feed/", HTTP_HOST=site.hostname)
    assert response.status_code == 200
    feed = response.content.decode()
    assert 'xml:lang="es"' in feed
    links = re.findall(r'<link href="([^"]+)"', feed)
    assert len(links) >= 3  # the blog and its posts
    problems = [link for link in links if "/es/" not in link]
    texts = re.findall(r"<(?:title|summary)[^>]*>([^<]*)<", feed)
    return problems + english_in(texts, phrases, sentences)


def form_of(html):
    """The hidden fields of the page's return-request form."""
    fields = dict(
        re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html)
    )
    return {key: fields[key] for key in ("page", "form") if key in fields}


def request_data(form, **fields):
    data = {
        **form,
        "submission_id": str(uuid.uuid4()),
        "fill_ms": "9000",
        "name": "Ana",
        "phone": "(216) 555-0142",
        "email": "ana@example.net",
        "contact_method": "phone",
        "contact_time": "evening",
        "returning_client": "yes",
        "message": "Dejé el programa hace un mes.",
        "consent": "on",
        "website": "",
    }
    data.update(fields)
    return data


@pytest.fixture
def demo():
    call_command("load_demo", port=80, stdout=io.StringIO())
    return list(Site.objects.order_by("pk"))


def test_every_spanish_page_of_the_demo_is_spanish(demo, client):
    phrases = catalogue_phrases()
    spanish = Locale.objects.get(language_code="es")
    checked = []
    problems = {}
    for site in demo:
        sentences = english_sentences(client, site)
        assert len(sentences) > 50  # the English pages were read
        pages = pages_in_site(site.pk).live().filter(locale=spanish, depth__gt=1)
        for page in pages.specific():
            path = page.get_url(current_site=site)
            response = client.get(path, HTTP_HOST=site.hostname)
            assert response.status_code == 200, path
            html = response.content.decode()
            assert '<html lang="es">' in html, path
            found = english_in(visible_texts(html, "es"), phrases, sentences)
            if isinstance(page, BlogIndexPage):
                found += spanish_feed_problems(client, site, path, phrases, sentences)
            if found:
                problems[f"{site.hostname}{path}"] = found
            checked.append(path)
        missing = client.get("/es/no-existe/", HTTP_HOST=site.hostname)
        assert missing.status_code == 404
        found = english_in(
            visible_texts(missing.content.decode(), "es"), phrases, sentences
        )
        if found:
            problems[f"{site.hostname} 404"] = found

    assert problems == {}
    # home, about, privacy, contact, blog and two posts, for each clinic
    assert len(checked) >= 14


def test_every_state_of_the_spanish_form_is_spanish(demo, client, settings):
    phrases = catalogue_phrases()
    problems = {}
    for site in demo:
        sentences = english_sentences(client, site)
        for state, response in form_states(client, settings, site).items():
            html = response.content.decode()
            assert '<html lang="es">' in html, state
            found = english_in(visible_texts(html, "es"), phrases, sentences)
            if found:
                problems[f"{site.hostname} {state}"] = found

    assert problems == {}


def form_states(client, settings, site):
    """The Spanish contact page's form refused for an error, from another site,
    too often and with the database refusing the lead, and its thank-you."""
    settings.LEADS_RATE_LIMIT = 1000
    contact = ClinicSettings.objects.get(site=site).contact_page.get_translation(
        Locale.objects.get(language_code="es")
    )
    path = contact.get_url(current_site=site)
    form = form_of(client.get(path, HTTP_HOST=site.hostname).content.decode())
    assert set(form) == {"page", "form"}, path

    def send(origin=None, **fields):
        return client.post(
            "/es/return-request/",
            request_data(form, **fields),
            HTTP_HOST=site.hostname,
            HTTP_ORIGIN=origin or f"http://{site.hostname}",
        )

    states = {"error": send(phone="12")}
    assert states["error"].status_code == 400
    states["forbidden"] = send(origin="https://elsewhere.example")
    assert states["forbidden"].status_code == 403
    sent = send()
    assert sent.status_code == 303, sent.content.decode()[:500]
    assert sent["Location"].startswith("/es/")
    states["thanks"] = client.get(sent["Location"], HTTP_HOST=site.hostname)
    settings.LEADS_RATE_LIMIT = 1
    states["too many"] = send(name="Luis")
    assert states["too many"].status_code == 429
    settings.LEADS_RATE_LIMIT = 1000
    with table_renamed("leads_lead"):  # the database really refuses the lead
        states["unavailable"] = send(name="Marta")
    assert states["unavailable"].status_code == 503
    return states


class table_renamed:  # noqa: N801 (used as a context manager, like a function)
    """The table is gone while inside: every query on it fails in the database."""

    def __init__(self, table):
        self.table = table

    def __enter__(self):
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {self.table} RENAME TO {self.table}_away")

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {self.table}_away RENAME TO {self.table}")
