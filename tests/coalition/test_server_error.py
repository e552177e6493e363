"""The page of an error of ours (500) reads in English and in Spanish whatever language the request
was in: the request's language first, as the page's language, then the other, each block marked
with its own language."""

import re

import pytest

pytestmark = pytest.mark.django_db

ENGLISH = "Something went wrong on our side"
SPANISH = "Algo salió mal de nuestro lado"


@pytest.fixture
def failing(client, monkeypatch):
    """The home page fails with an error of ours; the client gets the 500 page, as a browser
    would, instead of the exception."""
    from portal import selectors

    def broken():
        raise RuntimeError("a bug")

    monkeypatch.setattr(selectors, "network_overview", broken)
    client.raise_request_exception = False
    return client


def blocks(html: str) -> list[tuple[str, str, str]]:
    """(lang, heading level, heading) of each message block, in order."""
    return re.findall(
        r'<div class="error-message" lang="(\w+)">\s*<h(\d)>([^<]+)</h\d>', html, flags=re.S
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", [("en", "1", ENGLISH), ("es", "2", SPANISH)]),
        ("es", [("es", "1", SPANISH), ("en", "2", ENGLISH)]),
    ],
)
def test_the_error_page_reads_in_both_languages(failing, language, expected):
    response = failing.get("/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert blocks(html) == expected
    assert "The error is logged and the team is told." in html
    assert "El error quedó registrado y el equipo está avisado." in html
    # Nothing of the person's or the database's: the page stands alone.
    assert "Sign out" not in html and "Cerrar sesión" not in html


def test_the_error_page_of_a_signed_in_person_keeps_their_language(failing, user, settings):
    failing.force_login(user)
    failing.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"

    html = failing.get("/").content.decode()

    assert '<html lang="es">' in html
    assert [lang for lang, _level, _heading in blocks(html)] == ["es", "en"]
