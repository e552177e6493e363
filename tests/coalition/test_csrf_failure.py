"""A form sent without its security token (a page left open too long, cookies blocked) is
refused with our own page, in the visitor's language ("usted" in Spanish), not Django's
technical one, which says "tú"."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_form_without_its_token_is_refused_in_plain_words():
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "a" * 32
    response = client.post("/events/suggest/", {"place": "Lynn library"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>This form could not be accepted</h1>" in page
    assert "reload the page and send the form again" in page
    assert "CSRF" not in page


def test_in_spanish_it_says_usted():
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = "es"
    response = client.post("/events/suggest/", {"place": "Biblioteca de Lynn"})
    assert response.status_code == 403
    page = response.content.decode()
    assert '<html lang="es">' in page
    assert "<h1>No pudimos aceptar este formulario</h1>" in page
    assert "permita las cookies de este sitio" in page
    assert "Estás" not in page and "tu navegador" not in page
