"""The Spanish interface around the return-request form: a post translated with
its parents (as wagtail-localize does), the whole page, a failed request, a sent
one and its thank-you state in Spanish; English pages stay English whatever the
browser asks for; the committed catalogue is complete and compiled."""

from pathlib import Path

from django.conf import settings as django_settings
from django.db import DatabaseError

from wagtail.models import Locale

import polib
import pytest

from home.factories import NoticeFactory
from leads.models import Lead
from tests.leads.conftest import FormPage, run_worker

pytestmark = pytest.mark.django_db

CATALOGUE = Path(django_settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES"

# What a translator writes for the editors' words of the form (wagtail-localize).
SPANISH_FORM_TEXTS = {
    "heading": "¿Quiere volver? Pregúntenos",
    "intro": "Déjenos un número o un correo.",
    "button_text": "Enviar mi solicitud",
    "thank_you_heading": "Gracias, la recibimos",
    "thank_you_text": "Le contactaremos pronto.",
}
CRISIS_LINE = (
    "¿En crisis? Llame o envíe un mensaje de texto al "
    '<a href="tel:988">988</a> para comunicarse con la Línea de Prevención del '
    "Suicidio y Crisis, a cualquier hora. En una emergencia, llame al "
    '<a href="tel:911">911</a>.'
)
PHONE_ERROR = (
    "Escriba un número de teléfono con su código de área, p. ej. (513) 555-0123, "
    "o un número internacional que empiece con +."
)
WEEKDAYS_8_TO_5 = [
    ("hours", {"weekday": str(day), "opens": "08:00", "closes": "17:00"})
    for day in range(5)
]


@pytest.fixture
def spanish_post(lead_forms):
    """Tal's post with the form, translated into Spanish with its parents."""
    english = lead_forms["tal"]
    english.clinic.settings.office_hours = WEEKDAYS_8_TO_5
    english.clinic.settings.save()
    spanish, _ = Locale.objects.get_or_create(language_code="es")
    post = english.page.copy_for_translation(spanish, copy_parents=True)
    for child in post.body:
        if child.block_type == "lead_form":
            child.value.update(SPANISH_FORM_TEXTS)
    post.save_revision().publish()
    post.refresh_from_db()
    form_ids = [child.id for child in post.body if child.block_type == "lead_form"]
    assert form_ids == [english.form_id]  # the translation keeps the block id
    return FormPage(clinic=english.clinic, page=post, form_id=english.form_id)


@pytest.fixture
def english_post(lead_forms, spanish_post):
    """The original of ``spanish_post``."""
    return lead_forms["tal"]


def get(client, form_page, url, **headers):
    return client.get(url, HTTP_HOST=form_page.host, **headers)


def test_the_spanish_post_is_spanish_from_header_to_footer(spanish_post, client):
    response = get(client, spanish_post, "/es/blog/coming-back/")
    html = response.text

    assert response.status_code == 200
    assert '<html lang="es">' in html
    assert "Saltar al contenido principal" in html
    assert "Llámenos:" in html
    assert CRISIS_LINE in html
    assert "¿Quiere volver? Pregúntenos" in html
    assert "Su nombre" in html
    assert "(obligatorio)" in html
    assert "¿Cómo prefiere que le contactemos?" in html
    assert "Por la mañana" in html
    assert "¿Ha recibido tratamiento con nosotros antes?" in html
    assert "No lo sé" in html
    assert "Acepto que la clínica me contacte sobre mi solicitud" in html
    assert "En horario de atención solemos contactarle" in html
    assert "Puede regresar cuando sienta que es el momento" in html
    assert "<dt>Lunes – Viernes</dt>" in html
    assert "Horario de atención" in html
    for english in ("Your name", "(required)", "Skip to main content", "Office hours"):
        assert english not in html


def test_a_spanish_request_with_errors_comes_back_in_spanish(spanish_post, client):
    data = spanish_post.data(name="", phone="12", consent=None)

    # The page's language wins over the browser's.
    response = spanish_post.post(client, data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    html = response.text
    assert '<html lang="es">' in html
    assert "Revise su solicitud, por favor" in html
    assert "Díganos cómo llamarle, por favor." in html
    assert PHONE_ERROR in html
    assert "Marque esta casilla para que podamos contactarle, por favor." in html
    assert CRISIS_LINE in html
    assert f'name="page" value="{spanish_post.page.pk}"' in html
    assert "Please tell us what to call you." not in html
    assert Lead.objects.count() == 0


def test_a_phone_extension_is_refused_in_spanish(spanish_post, client):
    data = spanish_post.data(phone="(513) 555-0123 ext. 4")

    response = spanish_post.post(client, data)

    assert response.status_code == 400
    assert (
        "Escriba el número sin la extensión, por favor; se la pediremos cuando le "
        "llamemos."
    ) in response.text


def test_a_spanish_request_is_thanked_in_spanish(spanish_post, client):
    response = spanish_post.post(client)

    form_id = spanish_post.form_id
    assert response.status_code == 303
    assert response["Location"] == (
        f"/es/blog/coming-back/?sent={form_id}#lead-{form_id}"
    )
    lead = Lead.objects.get()
    assert lead.language_code == "es"
    assert lead.page_id == spanish_post.page.pk
    assert lead.site == spanish_post.clinic.site
    thanks = get(client, spanish_post, response["Location"]).text
    assert "Gracias, la recibimos" in thanks
    assert "Le contactaremos pronto." in thanks
    assert "Las solicitudes enviadas fuera de horario se responden" in thanks
    assert CRISIS_LINE in thanks
    assert "Thank you, we have it" not in thanks


def test_the_rate_limit_is_explained_in_spanish(spanish_post, client, settings):
    settings.LEADS_RATE_LIMIT = 1
    assert spanish_post.post(client, spanish_post.data(name="Ana")).status_code == 303

    response = spanish_post.post(client, spanish_post.data(name="Luis"))

    assert response.status_code == 429
    assert (
        "Recibimos varias solicitudes desde su conexión en poco tiempo. Espere unos "
        "minutos y envíela de nuevo, o llámenos al (216) 480-4860."
    ) in response.text
    assert Lead.objects.count() == 1


def test_a_request_that_cannot_be_saved_is_explained_in_spanish(
    spanish_post, client, monkeypatch
):
    def fail(**fields):
        raise DatabaseError("database unavailable")

    monkeypatch.setattr("leads.views.create_lead", fail)

    response = spanish_post.post(client)

    assert response.status_code == 503
    assert '<html lang="es">' in response.text
    assert "Su solicitud no se envió" in response.text
    assert "lo que escribió sigue en el formulario" in response.text


def test_a_missing_spanish_page_is_explained_in_spanish(spanish_post, client):
    response = get(client, spanish_post, "/es/no-such-page/")

    assert response.status_code == 404
    assert "No encontramos esa página" in response.text


def test_english_pages_stay_english(english_post, spanish_post, client):
    spanish_post.post(client, spanish_post.data(name=""))

    page = get(
        client, english_post, "/blog/coming-back/", HTTP_ACCEPT_LANGUAGE="es"
    ).text
    response = english_post.post(
        client, english_post.data(name=""), HTTP_ACCEPT_LANGUAGE="es"
    )

    assert '<html lang="en">' in page
    assert "Your name" in page
    assert "Skip to main content" in page
    assert "Su nombre" not in page
    assert response.status_code == 400
    assert "Please tell us what to call you." in response.text
    assert "Díganos cómo llamarle" not in response.text


def test_the_catalogue_is_complete_and_compiled():
    source = polib.pofile(str(CATALOGUE / "django.po"))
    compiled = polib.mofile(str(CATALOGUE / "django.mo"))

    assert [entry.msgid for entry in source.untranslated_entries()] == []
    assert [entry.msgid for entry in source.fuzzy_entries()] == []
    assert translations(compiled) == translations(source)


def translations(catalogue):
    return {
        entry.msgid: entry.msgstr_plural or entry.msgstr
        for entry in catalogue
        if entry.msgid and not entry.obsolete
    }


def test_a_cross_site_post_is_refused_in_spanish(spanish_post, client):
    response = spanish_post.post(client, origin="https://evil.example")

    assert response.status_code == 403
    assert "solo puede enviarse desde el sitio web de la clínica" in response.text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_spanish_visitor_corrects_an_error_and_the_mail_reaches_that_clinic_only(
    spanish_post,
    lead_forms,
    client,
    database_tasks,
    mail_over_smtp,
    smtp_server,
):
    """First view to inbox in Spanish: an error shown in Spanish, the correction
    thanked in Spanish, the lead kept as Spanish and the mail, over real SMTP,
    at Tal's inbox alone, telling staff the visitor wrote in Spanish."""
    mail_over_smtp(smtp_server.port)
    tal_inbox = spanish_post.clinic.routing.lead_inboxes
    truhealing_inbox = lead_forms["truhealing"].clinic.routing.lead_inboxes
    data = spanish_post.data(phone="12")

    refused = spanish_post.post(client, data)
    assert refused.status_code == 400
    assert PHONE_ERROR in refused.text
    assert '<html lang="es">' in refused.text

    sent = spanish_post.post(client, {**data, "phone": "(216) 555-0142"})
    assert sent.status_code == 303
    assert sent["Location"].startswith("/es/")
    thanks = get(client, spanish_post, sent["Location"]).text
    assert "Gracias, la recibimos" in thanks
    lead = Lead.objects.get()
    assert lead.language_code == "es"
    assert lead.site == spanish_post.clinic.site

    run_worker()

    assert [rcpt for rcpt, _message in smtp_server.messages] == [[tal_inbox]]
    assert truhealing_inbox != tal_inbox
    body = smtp_server.messages[0][1].get_content()
    assert (
        "Language: Spanish (the visitor wrote in Spanish; reply in Spanish if you "
        "can)" in body
    )
    assert Lead.objects.get().delivery == Lead.Delivery.SENT


def test_the_clinics_own_reply_texts_are_shown_in_spanish(spanish_post, client):
    """Response-time and after-hours texts are notices linked from the clinic's
    settings, so they are translated like any notice."""
    clinic = spanish_post.clinic
    spanish = Locale.objects.get(language_code="es")
    notices = {
        "response_time_notice": (
            "<p>We call back within the hour.</p>",
            "<p>Le llamamos en menos de una hora.</p>",
        ),
        "after_hours_notice": (
            "<p>After five, we answer in the morning.</p>",
            "<p>Después de las cinco, respondemos por la mañana.</p>",
        ),
    }
    for field, (english, translated) in notices.items():
        notice = NoticeFactory(site=clinic.site, body=english)
        setattr(clinic.settings, field, notice)
        translation = notice.copy_for_translation(spanish)
        translation.body = translated
        translation.save()
    clinic.settings.save()

    spanish_html = get(client, spanish_post, spanish_post.page.url).text
    english_html = get(client, spanish_post, "/blog/coming-back/").text

    for english, translated in notices.values():
        assert translated in spanish_html
        assert english not in spanish_html
        assert english in english_html
