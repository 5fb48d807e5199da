"""A Spanish visitor gets the form, its errors and the thank-you state in
Spanish, and the request goes to the same clinic."""

from wagtail.models import Locale

import pytest

from leads.models import Lead
from tests.leads.conftest import FormPage

pytestmark = pytest.mark.django_db


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def spanish_form(lead_forms):
    english = lead_forms["tal"]
    spanish = Locale.objects.create(language_code="es")
    publish(english.clinic.home.copy_for_translation(spanish))
    publish(english.page.get_parent().specific.copy_for_translation(spanish))
    post = publish(english.page.copy_for_translation(spanish))
    form_ids = [
        child.id for child in post.specific.body if child.block_type == "lead_form"
    ]
    assert form_ids == [english.form_id]  # translations keep the block ids
    return FormPage(clinic=english.clinic, page=post, form_id=english.form_id)


def test_the_form_is_in_spanish(spanish_form, client):
    html = client.get("/es/blog/coming-back/", HTTP_HOST=spanish_form.host).text

    assert "Su nombre" in html
    assert "¿Cómo prefiere que le contactemos?" in html
    assert "Por favor, no incluya detalles de salud aquí." in html
    assert 'href="tel:988"' in html


def test_errors_are_in_spanish(spanish_form, client):
    response = spanish_form.post(client, spanish_form.data(name="", phone="12"))

    assert response.status_code == 400
    assert '<html lang="es">' in response.text
    assert "Díganos cómo llamarle, por favor." in response.text
    assert "Escriba un número de teléfono con su código de área" in response.text
    assert "¿En crisis?" in response.text


def test_a_spanish_request_thanks_in_spanish_and_reaches_the_same_clinic(
    spanish_form, client
):
    response = spanish_form.post(client)

    assert response.status_code == 303
    assert response["Location"].startswith("/es/blog/coming-back/?sent=")
    lead = Lead.objects.get()
    assert lead.language_code == "es"
    assert lead.site == spanish_form.clinic.site
    thanks = client.get(response["Location"], HTTP_HOST=spanish_form.host).text
    assert "Llame o envíe un mensaje de texto" in thanks


def test_the_rate_limit_message_is_in_spanish(spanish_form, client, settings):
    settings.LEADS_RATE_LIMIT = 1
    spanish_form.post(client, spanish_form.data(name="Ana"))

    response = spanish_form.post(client, spanish_form.data(name="Luis"))

    assert response.status_code == 429
    assert "Recibimos varias solicitudes desde su conexión" in response.text


def test_a_cross_site_post_is_refused_in_spanish(spanish_form, client):
    response = spanish_form.post(client, origin="https://evil.example")

    assert response.status_code == 403
    assert "solo puede enviarse desde el sitio web de la clínica" in response.text
