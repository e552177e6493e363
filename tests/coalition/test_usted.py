"""allauth's pages, messages and emails address a Spanish reader as "usted", as the portal does.

allauth's own Spanish says "tú"; locale/overrides/ replaces each of those entries.
"""

import datetime as dt
import gettext
import re
import shutil
import subprocess
from pathlib import Path

import allauth
import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from tests.factories import DEFAULT_PASSWORD, totp_code, verified_user, with_two_factor

BASE_DIR = Path(__file__).resolve().parents[2]
OVERRIDES = BASE_DIR / "locale" / "overrides" / "es" / "LC_MESSAGES" / "django.po"
NOW = dt.datetime(2026, 11, 10, 15, 0, tzinfo=dt.UTC)
ALLAUTH_CATALOGUE = Path(allauth.__file__).parent / "locale" / "es" / "LC_MESSAGES" / "django.mo"

# Words that speak to the reader as "tú": the pronouns and possessives, and the verb forms
# allauth's translators used (present, preterite, imperatives, with enclitics).
TU = re.compile(
    r"\b(?:tú|tu|tus|te|ti|contigo|tuy[oa]s?"
    r"|eres|estás|has|tienes|puedes|quieres|deseas|decides|debes|necesitas|ves|inicies"
    r"|olvidaste|intentaste|solicitaste|iniciaste|recibiste"
    r"|introduce|introdúcelo|escribe|ingresa|haz|verifica|selecciona|utiliza|comprueba|revisa"
    r"|vete|ten|envíame|regístrate|regítrate|confía|confíes|guárdalos|guarda|descarga)\b",
    re.IGNORECASE,
)


def _tu_words(text):
    return TU.findall(strip_tags(text))


def test_the_pattern_tells_tu_from_usted():
    assert _tu_words("Si decides confiar en este navegador, no se te pedirá un código.") == [
        "decides",
        "te",
    ]
    assert _tu_words("Estás a punto de crear una passkey para tu cuenta.") == ["Estás", "tu"]
    assert _tu_words("Introdúzcalo en la ventana abierta de su navegador.") == []
    assert _tu_words("¿Está seguro de que desea quitar esta llave de seguridad?") == []


def test_every_allauth_string_reads_usted_in_spanish():
    with ALLAUTH_CATALOGUE.open("rb") as compiled:
        msgids = [key for key in gettext.GNUTranslations(compiled)._catalog if key]
    assert len(msgids) > 300  # allauth's whole catalogue, not an empty file
    tu = {}
    with translation.override("es"):
        for key in msgids:
            if isinstance(key, tuple):  # a plural form: (msgid, index)
                texts = [translation.ngettext(key[0], key[0], n) for n in (1, 2, 5)]
            elif "\x04" in key:
                context, msgid = key.split("\x04")
                texts = [translation.pgettext(context, msgid)]
            else:
                texts = [translation.gettext(key)]
            words = [word for text in texts for word in _tu_words(text)]
            if words:
                tu[key] = (texts[0], words)
    assert tu == {}


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    """Runs the on-commit hooks on leaving the block, so the outbox hands its email to (eager)
    Celery and it lands in mail.outbox."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def spanish(client):
    client.cookies["django_language"] = "es"
    return client


@pytest.mark.django_db
def test_the_sign_in_pages_read_usted(spanish):
    login = spanish.get(reverse("account_login")).text
    assert '<html lang="es">' in login
    assert "Envíeme un código de inicio de sesión" in login
    assert _tu_words(login) == []
    for name in ("account_signup", "account_reset_password", "account_request_login_code"):
        page = spanish.get(reverse(name))
        assert page.status_code == 200
        assert _tu_words(page.text) == [], name


@pytest.mark.django_db
def test_the_sign_up_confirmation_says_usted_on_the_page_and_in_the_email(spanish, sending):
    with sending():
        response = spanish.post(
            reverse("account_signup"),
            {
                "email": "madre@example.org",
                "password1": "dorchester-escucha-2026",
                "password2": "dorchester-escucha-2026",
            },
            follow=True,
        )
    assert "Si no ve el correo de verificación en su bandeja de entrada" in response.text
    assert _tu_words(response.text) == []
    [message] = mail.outbox
    assert "porque el usuario madre@example.org dio su dirección de correo electrónico" in (
        message.body
    )
    assert _tu_words(message.subject + message.body) == []


@pytest.mark.django_db
def test_the_password_reset_email_says_usted(spanish, sending):
    verified_user("persona@example.org")
    with sending():
        spanish.post(reverse("account_reset_password"), {"email": "persona@example.org"})
    [message] = mail.outbox
    assert message.subject == "Correo electrónico para restablecer contraseña"
    assert "Haga clic en el siguiente enlace para restablecer su contraseña." in message.body
    assert _tu_words(message.subject + message.body) == []


@pytest.mark.django_db
def test_the_sign_in_code_page_and_email_say_usted(spanish, sending):
    verified_user("vecina@example.org")
    with sending():
        response = spanish.post(
            reverse("account_request_login_code"), {"email": "vecina@example.org"}, follow=True
        )
    assert "así que escríbalo pronto" in response.text
    assert _tu_words(response.text) == []
    [message] = mail.outbox
    assert "Introdúzcalo en la ventana abierta de su navegador." in message.body
    assert _tu_words(message.subject + message.body) == []


@pytest.mark.django_db
def test_the_two_factor_pages_read_usted(spanish):
    person = with_two_factor(verified_user("lider@example.org"))
    with time_machine.travel(NOW, tick=False):
        response = spanish.post(
            reverse("account_login"),
            {"login": person.email, "password": DEFAULT_PASSWORD},
            follow=True,
        )
        assert "Su cuenta está protegida con la autenticación de dos factores." in response.text
        assert _tu_words(response.text) == []
        spanish.post(reverse("mfa_authenticate"), {"code": totp_code(at=NOW)})
        assert "_auth_user_id" in spanish.session
        # The second: allauth asks for the password again first.
        for url in ("/accounts/2fa/", "/accounts/2fa/recovery-codes/generate/"):
            page = spanish.get(url, follow=True)
            assert page.status_code == 200, url
            assert _tu_words(page.text) == [], url


needs_gettext = pytest.mark.skipif(
    not shutil.which("msgfmt"), reason="GNU gettext is not installed (apt-get install gettext)"
)


@needs_gettext
def test_the_compiled_overrides_match_their_source(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(OVERRIDES)], check=True)
    with compiled.open("rb") as fresh, OVERRIDES.with_suffix(".mo").open("rb") as committed:
        assert (
            gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(fresh)._catalog
        )
