"""The Spanish catalogue is complete, compiled, and used."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

BASE_DIR = Path(__file__).resolve().parents[2]
CATALOGUE = BASE_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po"
needs_gettext = pytest.mark.skipif(
    not shutil.which("xgettext") or not shutil.which("msgattrib"),
    reason="GNU gettext is not installed (apt-get install gettext)",
)


@needs_gettext
def test_every_string_of_the_site_has_a_spanish_translation(tmp_path, settings, monkeypatch):
    # Refresh the catalogue of a copy of the project, as `make messages` would (makemessages
    # writes next to the sources it reads, so it must not run on the real tree).
    project = tmp_path / "project"
    shutil.copytree(
        BASE_DIR,
        project,
        ignore=shutil.ignore_patterns(".venv", ".git", "staticfiles", "*.sqlite3", "__pycache__"),
    )
    overrides = project / "locale" / "overrides" / "es" / "LC_MESSAGES" / "django.po"
    before = overrides.read_bytes()
    settings.LOCALE_PATHS = [project / "locale", project / "locale" / "overrides"]
    monkeypatch.chdir(project)
    call_command(
        "makemessages",
        locale=["es"],
        ignore_patterns=[".venv/*", "staticfiles/*", "tests/*"],
        no_obsolete=True,
        verbosity=0,
    )
    # Other packages' strings as the portal says them are in no source of ours: makemessages
    # leaves them be.
    assert overrides.read_bytes() == before
    refreshed = project / "locale" / "es" / "LC_MESSAGES" / "django.po"
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(refreshed)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(refreshed)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    missing = [line for line in untranslated.splitlines() if line.startswith("msgid ")][1:]
    assert missing == [], "run `make messages` and translate these"
    assert "msgid " not in fuzzy, "fuzzy entries left in the catalogue"


@needs_gettext
def test_the_compiled_catalogue_matches_its_source(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(CATALOGUE)], check=True)
    with compiled.open("rb") as fresh, CATALOGUE.with_suffix(".mo").open("rb") as committed:
        assert (
            gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(fresh)._catalog
        )


def test_pages_speak_spanish_when_asked(client, db):
    client.cookies["django_language"] = "es"
    home = client.get("/").text
    assert "Trabajamos juntos para que cada estudiante de Massachusetts" in home
    events = client.get("/events/").text
    assert ">Eventos</a>" in events
    # The switcher names each language in that language.
    assert 'hreflang="en" lang="en">English</a>' in events
